import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { ManualClock } from '../../../src/lib/clock.ts';
import { decorations as decorationFacts, persistedQueries, type PersistedQuery } from './facts.ts';
import { normalize } from './voyager-envelope.ts';
import { loginRoute } from './login.ts';
import { rawParams } from './restli.ts';
import { FakeState } from './state.ts';
import { voyagerRoute } from './voyager.ts';

/** One request as the fake received it (tests inspect these). */
export interface Incoming {
  method: string;
  path: string;
  search: string;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  body?: unknown;
  html?: string;
  headers?: Record<string, string | string[]>;
  /** Process the call, then cut the connection without answering (a lost response). */
  drop?: boolean;
}

interface Scripted {
  match: RegExp;
  method?: string;
  answer: Answer;
  times: number;
}

export interface FakeOptions {
  /** LinkedIn's clock (message and connection times); default the fake's own manual `clock`. */
  now?: () => number;
}

/**
 * A local LinkedIn for the live provider's tests: Voyager REST, GraphQL and messaging routes with
 * both envelopes, cookie and csrf checks, redirects to the login page or a checkpoint, the credential
 * login with a PIN challenge, scripted failures, lost responses, and a log of what it received.
 * It accepts only the query ids, decorations and variables of its own facts (facts.ts): anything
 * else answers 400, as LinkedIn does after a deploy.
 */
export class FakeLinkedIn {
  state: FakeState;
  readonly received: Incoming[] = [];
  /** Profile reads by other members (LinkedIn records an authenticated profile read as a visit). */
  readonly views: { viewer: string; viewee: string; at: number }[] = [];
  /** The persisted queries LinkedIn serves now (tests retire or add some, as a deploy would). */
  queries: PersistedQuery[] = persistedQueries.map((q) => ({ ...q }));
  /** Decorations per endpoint (tests clear some, as a deploy would). */
  decorations: Record<string, { accepted: string[]; optional: boolean }> = structuredClone(decorationFacts);
  /** The key the dash profile's relationship union uses for a 1st-degree connection (voyager.md §8: three seen). */
  relationshipKey: 'connection' | 'connectedMember' | 'connected' = 'connection';
  /** Every authenticated Voyager answer sets a new `lidc` cookie, as LinkedIn's load balancer does. */
  rotateCookies = false;
  /** Viewers in private mode, shown in the profile views without a name. */
  privateViews = 0;
  /** `/me` answers 401 `{"status":401}` to a dead session instead of redirecting. */
  meAnswers401 = false;
  /** Names of actions (e.g. `createMessage`) whose next call is processed and then left unanswered. */
  dropNext = new Set<string>();
  private script: Scripted[] = [];
  private server!: http.Server;
  url = '';

  /** LinkedIn's clock when no `now` was given: tests move it (and pass it to the provider) instead of sleeping. */
  readonly clock = new ManualClock();

  private constructor(private readonly o: FakeOptions) {
    this.state = new FakeState(this.now);
  }

  private readonly now = () => (this.o.now ? this.o.now() : this.clock.now());

  static async start(o: FakeOptions = {}): Promise<FakeLinkedIn> {
    const fake = new FakeLinkedIn(o);
    fake.server = http.createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Forgets everything: data, scripted answers, switches and the log. */
  reset(): void {
    this.state = new FakeState(this.now);
    this.received.length = 0;
    this.views.length = 0;
    this.script = [];
    this.dropNext.clear();
    this.meAnswers401 = false;
    this.queries = persistedQueries.map((q) => ({ ...q }));
    this.decorations = structuredClone(decorationFacts);
    this.relationshipKey = 'connection';
    this.rotateCookies = false;
    this.privateViews = 0;
  }

  /**
   * The next `times` calls whose `path?query` matches (and method, if given) answer this instead:
   * Voyager calls after the session checks, other pages (the login) at once.
   */
  failNext(match: RegExp, answer: Answer, times = 1, method?: 'GET' | 'POST'): void {
    this.script.push({ match, answer, times, method });
  }

  /** LinkedIn deploys: `queryId` (family.hash) stops being served, `replacement` (a new hash) is. */
  rotate(queryId: string, replacement: string): void {
    const [family, hash] = queryId.split('.');
    const q = this.queries.find((x) => x.family === family && x.hash === hash);
    if (!q) throw new Error(`the fake does not serve ${queryId}`);
    q.hash = replacement;
  }

  private scripted(req: Incoming): Answer | null {
    const target = `${req.path}${req.search}`;
    const s = this.script.find((x) => x.times > 0 && x.match.test(target) && (!x.method || x.method === req.method));
    if (!s) return null;
    s.times--;
    return s.answer;
  }

  /** Voyager calls received, optionally filtered by a path pattern. */
  calls(match?: RegExp): Incoming[] {
    return this.received.filter((r) => r.path.startsWith('/voyager/api/') && (!match || match.test(`${r.path}${r.search}`)));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const u = new URL(req.url ?? '/', 'http://fake');
    const incoming: Incoming = { method: req.method ?? 'GET', path: u.pathname, search: u.search, params: rawParams(u.search), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    this.received.push(incoming);
    let answer: Answer;
    try {
      answer = this.route(incoming);
    } catch (err) {
      answer = { status: 500, body: { status: 500, message: String((err as Error).message) } };
    }
    if (answer.drop) {
      req.socket.destroy();
      return;
    }
    const normalized = String(req.headers.accept ?? '').includes('normalized+json');
    for (const [k, v] of Object.entries(answer.headers ?? {})) res.setHeader(k, v);
    if (answer.html !== undefined) {
      res.writeHead(answer.status, { 'content-type': 'text/html; charset=utf-8' }).end(answer.html);
      return;
    }
    if (answer.body === undefined) {
      res.writeHead(answer.status).end();
      return;
    }
    let body = answer.body as any;
    if (normalized && incoming.path.startsWith('/voyager/api/')) body = answer.status >= 400 ? { data: body, included: [] } : normalize(body);
    const text = JSON.stringify(body);
    // LinkedIn compresses what the browser says it can read.
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(answer.status, { 'content-type': normalized ? 'application/vnd.linkedin.normalized+json+2.1' : 'application/json', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    res.end(gzip ? gzipSync(text) : text);
  }

  private route(req: Incoming): Answer {
    if (!req.path.startsWith('/voyager/api/')) return this.scripted(req) ?? loginRoute(this.state, req) ?? { status: 404, html: '<html>Page not found</html>' };
    const cookies = parseCookies(String(req.headers.cookie ?? ''));
    const session = this.state.sessions.get(cookies.li_at ?? '');
    const sub = req.path.slice('/voyager/api/'.length);
    if (!session || session.expired) {
      if (sub === 'me' && this.meAnswers401) return { status: 401, body: { status: 401 } };
      return { status: 302, headers: { location: `https://www.linkedin.com/uas/login?session_redirect=${encodeURIComponent(req.path)}` } };
    }
    if (session.checkpoint) return { status: 302, headers: { location: 'https://www.linkedin.com/checkpoint/challenge/AgHx9?ut=1' } };
    const jsession = (cookies.JSESSIONID ?? '').replace(/^"(.*)"$/, '$1');
    const current = jsession === session.jsessionid || (session.announceJsessionid && jsession === session.formerJsessionid);
    if (!jsession || !current || req.headers['csrf-token'] !== jsession) return { status: 403, body: { status: 403, message: 'CSRF check failed.' } };
    const answer = this.scripted(req) ?? voyagerRoute(this, session.memberId, req, sub);
    return this.withCookies(answer, session);
  }

  /** Set-Cookie on an authenticated answer: a JSESSIONID the session rotated, a fresh `lidc` when rotating. */
  private withCookies(answer: Answer, session: FakeState['sessions'] extends Map<string, infer S> ? S : never): Answer {
    const set: string[] = [];
    if (session.announceJsessionid) {
      set.push(`JSESSIONID="${session.jsessionid}"; Path=/; Domain=.www.linkedin.com; Secure; SameSite=None`);
      session.announceJsessionid = false;
    }
    if (this.rotateCookies) set.push(`lidc="b=VB${this.state.nextId()}:s=V:r=V:a=V"; Expires=${new Date(this.state.now() + 86_400_000).toUTCString()}; Domain=.linkedin.com; Path=/; SameSite=None; Secure`);
    if (set.length === 0) return answer;
    const prior = answer.headers?.['set-cookie'];
    return { ...answer, headers: { ...answer.headers, 'set-cookie': [...(Array.isArray(prior) ? prior : prior ? [prior] : []), ...set] } };
  }
}

function parseCookies(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
