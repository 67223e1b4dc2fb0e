import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { FailureCode } from '../../actions/failures.ts';
import { ProviderError } from '../../actions/outcome.ts';
import type { AccountSecrets, RunContext } from '../../actions/run-context.ts';
import { unwrap } from './voyager-envelope.ts';
import { classify, fail, parseJson, sessionExpired, type Fail } from './errors.ts';
import { send, TransportError, type HttpReply, type ProxySettings } from './http.ts';

export type Envelope = 'normalized' | 'plain';

export interface SessionOptions {
  baseUrl: string;
  logger: Logger;
  timeoutMs: number;
  /** Allow account proxies on private addresses (tests, trusted deployments). */
  allowPrivateProxy?: boolean;
  /** Envelope asked for on REST and GraphQL reads (messaging always asks for the plain GraphQL form, as the web app does). */
  envelope: Envelope;
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
}

export type Reply = { ok: true; status: number; json: any; data: any; headers: HttpReply['headers'] } | { ok: false; fail: Fail; status: number };

/** Current desktop Chrome user agents; an account keeps the one it first got. */
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36',
];

export function pinnedUserAgent(accountId: string): string {
  const n = createHash('sha256').update(accountId).digest().readUInt32BE(0);
  return USER_AGENTS[n % USER_AGENTS.length];
}

/** JSESSIONID as stored: without the quotes the browser shows around it. */
export const unquote = (v: string) => v.trim().replace(/^"(.*)"$/, '$1');

/**
 * One account's LinkedIn session for one run: its cookies, the csrf-token derived from JSESSIONID,
 * its pinned user agent and locale, its proxy. Every Voyager call goes through `call`, which turns
 * LinkedIn's session, checkpoint, throttling and retirement answers into stable failures.
 */
export class Session {
  private pinned = false;
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

  /** A raw exchange (login pages too): cookies of this session, timeouts, proxy; network trouble becomes a retryable ProviderError. */
  async raw(method: 'GET' | 'POST', url: URL, headers: Record<string, string>, body?: string): Promise<HttpReply | Fail> {
    await this.pin();
    try {
      const reply = await send({ method, url, headers: { 'user-agent': this.userAgent, ...headers }, body, timeoutMs: this.o.timeoutMs, proxy: this.proxy, allowPrivateProxy: this.o.allowPrivateProxy });
      this.o.logger.debug({ accountId: this.ctx.account.id, method, path: url.pathname, status: reply.status }, 'linkedin call');
      return reply;
    } catch (err) {
      if (err instanceof TransportError && err.kind === 'proxy') return fail('PROXY_ERROR', err.message);
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

  /** One Voyager call (`/voyager/api/...`). */
  async call(spec: CallSpec): Promise<Reply> {
    const { li_at, JSESSIONID } = this.cookies;
    if (!li_at || !JSESSIONID) return { ok: false, status: 0, fail: sessionExpired() };
    const method = spec.method ?? (spec.body === undefined ? 'GET' : 'POST');
    const accept = spec.messaging ? (method === 'GET' ? 'application/graphql' : 'application/json') : this.o.envelope === 'normalized' ? 'application/vnd.linkedin.normalized+json+2.1' : 'application/json';
    const headers: Record<string, string> = {
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
    return this.read(reply, spec);
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
