import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { FailureCode } from '../../actions/failures.ts';
import { ProviderError } from '../../actions/outcome.ts';
import type { AccountSecrets, RunContext } from '../../actions/run-context.ts';
import { clientHints, knownTimeZone, liTrack, pinnedUserAgent, screenOf } from './browser-identity.ts';
import { applySetCookies, unquote } from './cookie-jar.ts';
import { unwrap } from './voyager-envelope.ts';
import { classify, fail, parseJson, sessionExpired, type Fail } from './errors.ts';
import { send, TransportError, type HttpReply, type ProxySettings } from './http.ts';
import { pages, type Page } from './pages.ts';
import type { QueryIds } from './query-ids.ts';

export { pinnedUserAgent };

export type Envelope = 'normalized' | 'plain';

export interface SessionOptions {
  baseUrl: string;
  logger: Logger;
  timeoutMs: number;
  /** Allow account proxies on private addresses (tests, trusted deployments). */
  allowPrivateProxy?: boolean;
  /** Envelope asked for on REST and GraphQL reads (messaging always asks for the plain GraphQL form, as the web app does). */
  envelope: Envelope;
  /** The query ids in force (the web client version of `x-li-track` is one of them). */
  q: QueryIds;
  /** A human-like pause before every exchange after the first of this run; none when absent. */
  gap?: () => Promise<void>;
}

export interface CallSpec {
  method?: 'GET' | 'POST';
  /** Path under /voyager/api, with its query string already encoded. */
  path: string;
  body?: unknown;
  /** Persisted GraphQL: a 400 then means a stale query id. */
  graphql?: boolean;
  /** Messaging calls: plain JSON / GraphQL answers. */
  messaging?: boolean;
  /** Code for a 404 (or a `{"status":404}` body) on this call; default ENDPOINT_GONE. */
  notFound?: FailureCode;
  /** The linkedin.com page the call is made from (referer, page instance); default the feed. */
  page?: Page;
}

export type Reply = { ok: true; status: number; json: any; data: any; headers: HttpReply['headers'] } | { ok: false; fail: Fail; status: number };


const ORIGIN = 'https://www.linkedin.com';

/**
 * One account's LinkedIn session for one run: its cookie jar (kept current from LinkedIn's
 * `Set-Cookie`, saved sealed when it changes), the csrf-token derived from JSESSIONID, its browser
 * identity (pinned user agent and what that browser sends besides), its proxy. Every Voyager call
 * goes through `call`, which turns LinkedIn's session, checkpoint, throttling and retirement answers
 * into stable failures. Exchanges after the first wait a human-like gap.
 */
export class Session {
  private pinned = false;
  private exchanges = 0;
  /** After the password left (login), a lost connection ends the login instead of being retried: never post it twice. */
  private credentialsSent = false;
  private readonly pageInstances = new Map<string, string>();
  /** The account's secrets as this run knows them (the context's copy plus what this run saved). */
  secrets: AccountSecrets;

  constructor(
    readonly ctx: RunContext,
    private readonly o: SessionOptions,
  ) {
    this.secrets = { ...ctx.account.secrets };
  }

  /** Merges into the sealed secrets, and into this run's view of them. */
  async save(patch: Partial<AccountSecrets>): Promise<void> {
    this.secrets = { ...this.secrets, ...patch };
    await this.ctx.saveSecrets(patch);
  }

  get userAgent(): string {
    return (this.secrets.userAgent as string | undefined) ?? pinnedUserAgent(this.ctx.account.id);
  }

  get locale(): string {
    return (this.secrets.locale as string | undefined) ?? 'en_US';
  }

  get proxy(): ProxySettings | null {
    return (this.ctx.account.proxy as ProxySettings | null) ?? null;
  }

  get cookies(): Record<string, string> {
    return this.secrets.cookies ?? {};
  }

  url(path: string): URL {
    return new URL(path, this.o.baseUrl.endsWith('/') ? this.o.baseUrl : `${this.o.baseUrl}/`);
  }

  /** Stores the user agent and locale with the account's secrets the first time they are used. */
  async pin(): Promise<void> {
    if (this.pinned) return;
    this.pinned = true;
    if (!this.secrets.userAgent || !this.secrets.locale) await this.save({ userAgent: this.userAgent, locale: this.locale });
  }

  /** From now on a lost connection is LINKEDIN_UNREACHABLE, a verdict, not a retryable error (the login posted the password). */
  credentialsPosted(): void {
    this.credentialsSent = true;
  }

  /**
   * A raw exchange (login pages too): cookies of this session, timeouts, proxy. Network trouble is
   * a retryable ProviderError, except after the credentials were posted.
   */
  async raw(method: 'GET' | 'POST', url: URL, headers: Record<string, string>, body?: string): Promise<HttpReply | Fail> {
    if (this.exchanges++ > 0 && this.o.gap) await this.o.gap();
    await this.pin();
    try {
      const reply = await send({ method, url, headers: { 'user-agent': this.userAgent, ...headers }, body, timeoutMs: this.o.timeoutMs, proxy: this.proxy, allowPrivateProxy: this.o.allowPrivateProxy });
      this.o.logger.debug({ accountId: this.ctx.account.id, method, path: url.pathname, status: reply.status }, 'linkedin call');
      return reply;
    } catch (err) {
      if (err instanceof TransportError && err.kind === 'proxy') return fail('PROXY_ERROR', err.message);
      if (err instanceof TransportError && this.credentialsSent) {
        return fail('LINKEDIN_UNREACHABLE', `${err.message}. The login form (password or code) was already sent, and welink never sends it twice: start a new login_v2, or connect the account with its cookies.`);
      }
      if (err instanceof TransportError) throw new ProviderError(err.message, 'LINKEDIN_UNREACHABLE', true, { cause: err });
      throw err;
    }
  }

  cookieHeader(extra: Record<string, string> = this.cookies): string {
    return Object.entries(extra)
      .filter(([, v]) => v)
      .map(([k, v]) => (k === 'JSESSIONID' ? `JSESSIONID="${unquote(v)}"` : `${k}=${v}`))
      .join('; ');
  }

  /** What the owner's browser sends with a call made from `page`. */
  browserHeaders(page: Page, method: 'GET' | 'POST'): Record<string, string> {
    const ua = this.userAgent;
    const headers: Record<string, string> = {
      'accept-encoding': 'gzip, deflate, br',
      'x-li-track': liTrack({ clientVersion: this.o.q.clientVersion, timeZone: knownTimeZone(this.ctx.account.timezone), at: this.ctx.now, screen: screenOf(this.ctx.account.id, ua) }),
      'x-li-page-instance': `urn:li:page:${page.key};${this.pageInstance(page.key)}`,
      referer: `${ORIGIN}${page.path}`,
      'sec-fetch-dest': 'empty',
      'sec-fetch-mode': 'cors',
      'sec-fetch-site': 'same-origin',
      ...clientHints(ua),
    };
    // Browsers add Origin to same-origin requests other than GET and HEAD.
    if (method === 'POST') headers.origin = ORIGIN;
    return headers;
  }

  /** One page load's instance id (16 random bytes, base64), shared by the calls made from that page in this run. */
  private pageInstance(key: string): string {
    let id = this.pageInstances.get(key);
    if (!id) this.pageInstances.set(key, (id = randomBytes(16).toString('base64')));
    return id;
  }

  /** One Voyager call (`/voyager/api/...`). */
  async call(spec: CallSpec): Promise<Reply> {
    const { li_at, JSESSIONID } = this.cookies;
    if (!li_at || !JSESSIONID) return { ok: false, status: 0, fail: sessionExpired() };
    const method = spec.method ?? (spec.body === undefined ? 'GET' : 'POST');
    const accept = spec.messaging ? (method === 'GET' ? 'application/graphql' : 'application/json') : this.o.envelope === 'normalized' ? 'application/vnd.linkedin.normalized+json+2.1' : 'application/json';
    const headers: Record<string, string> = {
      ...this.browserHeaders(spec.page ?? pages.feed(), method),
      cookie: this.cookieHeader(),
      'csrf-token': unquote(JSESSIONID),
      'x-restli-protocol-version': '2.0.0',
      'x-li-lang': this.locale,
      'accept-language': this.locale.replace('_', '-'),
      accept,
    };
    if (spec.body !== undefined) headers['content-type'] = spec.messaging ? 'text/plain;charset=UTF-8' : 'application/json; charset=UTF-8';
    const reply = await this.raw(method, this.url(`voyager/api/${spec.path.replace(/^\//, '')}`), headers, spec.body === undefined ? undefined : JSON.stringify(spec.body));
    if ('ok' in reply) return { ok: false, status: 0, fail: reply };
    await this.absorbCookies(reply);
    return this.read(reply, spec);
  }

  /** Keeps the jar as current as the browser's would be; saves it (sealed) only when it changed. */
  private async absorbCookies(reply: HttpReply): Promise<void> {
    const { jar, changed } = applySetCookies(this.cookies, reply.headers['set-cookie'], this.ctx.now);
    if (changed) await this.save({ cookies: jar });
  }

  private async read(reply: HttpReply, spec: CallSpec): Promise<Reply> {
    const status = reply.status;
    const c = classify(reply, this.ctx.now, { persisted: !!spec.graphql || /[?&](decorationId|queryId)=/.test(spec.path) });
    if (c === 'server') throw new ProviderError(`LinkedIn answered HTTP ${status}.`, 'LINKEDIN_UNAVAILABLE', true);
    if (c) return { ok: false, status, fail: c };
    const json = parseJson(reply.body);
    // Legacy endpoints answer 200 with {"status":404} in the body.
    const inner = json && typeof json.status === 'number' && json.status >= 400 && !json.data ? json.status : status;
    if (inner === 401) return { ok: false, status: inner, fail: sessionExpired() };
    if (inner === 404) {
      const code = spec.notFound ?? 'ENDPOINT_GONE';
      return { ok: false, status: inner, fail: fail(code, code === 'ENDPOINT_GONE' ? 'LinkedIn no longer serves this endpoint (HTTP 404): welink needs an update.' : notFoundMessage(code)) };
    }
    if (inner === 403) {
      // Ambiguous at LinkedIn: a dead session, a flagged account or a profile we may not see. Ask /me.
      if (spec.path === 'me') return { ok: false, status: inner, fail: sessionExpired() };
      const alive = await this.probe();
      if (!alive.ok) return { ok: false, status: inner, fail: alive.fail };
      return { ok: false, status: inner, fail: fail('ACCESS_DENIED', 'LinkedIn refused this call for this account (HTTP 403).') };
    }
    if (inner >= 400) return { ok: false, status: inner, fail: fail('LINKEDIN_ERROR', `LinkedIn refused the call (HTTP ${inner}).`, { result: { linkedin_status: inner } }) };
    if (spec.graphql && Array.isArray(json?.errors) && json.errors.length > 0 && !json.data) {
      return { ok: false, status, fail: fail('LINKEDIN_ERROR', `LinkedIn refused the query: ${String(json.errors[0]?.message ?? 'error').slice(0, 200)}`) };
    }
    return { ok: true, status, json, data: unwrap(json), headers: reply.headers };
  }

  /** The session probe: GET /me. */
  async probe(): Promise<{ ok: true; me: any } | { ok: false; fail: Fail }> {
    const r = await this.call({ path: 'me' });
    if (!r.ok) return { ok: false, fail: r.fail.code === 'ENDPOINT_GONE' || r.fail.code === 'ACCESS_DENIED' ? sessionExpired() : r.fail };
    if (!r.data || typeof r.data !== 'object') return { ok: false, fail: sessionExpired() };
    return { ok: true, me: r.data };
  }
}

function notFoundMessage(code: FailureCode): string {
  switch (code) {
    case 'PROFILE_NOT_FOUND':
      return 'Profile not found';
    case 'COMPANY_NOT_FOUND':
      return 'Company not found';
    case 'THREAD_NOT_FOUND':
      return 'Conversation not found';
    case 'INVITATION_NOT_FOUND':
      return 'Invitation not found';
    case 'POST_NOT_FOUND':
      return 'Post not found';
    default:
      return 'Not found';
  }
}
