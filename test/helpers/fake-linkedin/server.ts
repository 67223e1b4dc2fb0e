import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultQueryIds } from '../../../src/providers/live/query-ids.ts';
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
  answer: Answer;
  times: number;
}

export interface FakeOptions {
  now?: () => number;
  /** Answer 400 to a query id whose hash is not one of `hashes` (LinkedIn after a deploy). */
  strict?: boolean;
}

/**
 * A local LinkedIn for the live provider's tests: Voyager REST, GraphQL and messaging routes with
 * both envelopes, cookie and csrf checks, redirects to the login page or a checkpoint, the credential
 * login with a PIN challenge, scripted failures, lost responses, and a log of what it received.
 */
export class FakeLinkedIn {
  state: FakeState;
  readonly received: Incoming[] = [];
  /** Profile reads by other members (LinkedIn records an authenticated profile read as a visit). */
  readonly views: { viewer: string; viewee: string; at: number }[] = [];
  strict: boolean;
  /** Current hashes per query family (strict mode accepts only these). */
  hashes = new Map<string, Set<string>>();
  /** Current decorations (strict mode accepts only these). */
  decorations = new Set<string>([defaultQueryIds.profileDecoration, defaultQueryIds.invitationDecoration, defaultQueryIds.connectionsDecoration, defaultQueryIds.companyDecoration, defaultQueryIds.commentDecoration]);
  /** `/me` answers 401 `{"status":401}` to a dead session instead of redirecting. */
  meAnswers401 = false;
  /** Names of actions (e.g. `createMessage`) whose next call is processed and then left unanswered. */
  dropNext = new Set<string>();
  private script: Scripted[] = [];
  private server!: http.Server;
  url = '';

  private constructor(private readonly o: FakeOptions) {
    this.state = new FakeState(o.now ?? Date.now);
    this.strict = o.strict ?? false;
    for (const qid of Object.values(defaultQueryIds)) {
      const [family, hash] = qid.split('.');
      if (hash && /^[0-9a-f]{32}$/.test(hash)) this.hashes.set(family, new Set([...(this.hashes.get(family) ?? []), hash]));
    }
  }

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
    this.state = new FakeState(this.o.now ?? Date.now);
    this.received.length = 0;
    this.views.length = 0;
    this.script = [];
    this.dropNext.clear();
    this.meAnswers401 = false;
    this.strict = this.o.strict ?? false;
  }

  /** The next `times` calls whose `path?query` matches answer this instead (after the session checks). */
  failNext(match: RegExp, answer: Answer, times = 1): void {
    this.script.push({ match, answer, times });
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
    res.writeHead(answer.status, { 'content-type': normalized ? 'application/vnd.linkedin.normalized+json+2.1' : 'application/json' }).end(JSON.stringify(body));
  }

  private route(req: Incoming): Answer {
    if (!req.path.startsWith('/voyager/api/')) return loginRoute(this.state, req) ?? { status: 404, html: '<html>Page not found</html>' };
    const cookies = parseCookies(String(req.headers.cookie ?? ''));
    const session = this.state.sessions.get(cookies.li_at ?? '');
    const sub = req.path.slice('/voyager/api/'.length);
    if (!session || session.expired) {
      if (sub === 'me' && this.meAnswers401) return { status: 401, body: { status: 401 } };
      return { status: 302, headers: { location: `https://www.linkedin.com/uas/login?session_redirect=${encodeURIComponent(req.path)}` } };
    }
    if (session.checkpoint) return { status: 302, headers: { location: 'https://www.linkedin.com/checkpoint/challenge/AgHx9?ut=1' } };
    const jsession = (cookies.JSESSIONID ?? '').replace(/^"(.*)"$/, '$1');
    if (!jsession || req.headers['csrf-token'] !== jsession) return { status: 403, body: { status: 403, message: 'CSRF check failed.' } };
    const target = `${req.path}${req.search}`;
    const scripted = this.script.find((s) => s.times > 0 && s.match.test(target));
    if (scripted) {
      scripted.times--;
      return scripted.answer;
    }
    return voyagerRoute(this, session.memberId, req, sub);
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
