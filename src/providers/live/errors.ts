import type { BudgetCategory } from '../../actions/budgets.ts';
import type { FailureCode } from '../../actions/failures.ts';
import { fail, type Fail } from '../../actions/outcome.ts';
import type { HttpReply } from './http.ts';

export { fail, type Fail };

/**
 * LinkedIn's own refusal codes (`data.code` or `code` of the error body) → our stable codes, and the
 * category of actions the refusal holds (the engine waits the category out; the account's other
 * requests go on). Sources: voyager.md §4 (FUSE_LIMIT_EXCEEDED [C]; CUSTOM_INVITE_LIMIT_REACHED,
 * tomquirk #353 [S]; the others from one secondary document [S]). No public source shows LinkedIn's
 * refusal of an InMail for want of credits, so none is recognised.
 */
const BY_LINKEDIN_CODE: Record<string, [code: FailureCode, message: string, hold?: BudgetCategory]> = {
  CANT_RESEND_YET: ['INVITATION_ALREADY_PENDING', 'An invitation to this profile is already pending (or was withdrawn within the last three weeks).'],
  FUSE_LIMIT_EXCEEDED: ['WEEKLY_INVITATION_LIMIT', "LinkedIn's weekly invitation limit for this account is reached.", 'invitations'],
  CANT_INVITE_CONNECTION_LIMIT_REACHED: ['WEEKLY_INVITATION_LIMIT', "LinkedIn's invitation limit for this account is reached.", 'invitations'],
  MAX_INVITATION_SENT: ['WEEKLY_INVITATION_LIMIT', "LinkedIn's invitation limit for this account is reached.", 'invitations'],
  CUSTOM_INVITE_LIMIT_REACHED: ['MONTHLY_NOTE_LIMIT', 'The monthly quota of invitations with a note is spent; send without a note or wait for the monthly reset.', 'invitation_notes'],
  PRIMARY_HANDLE_NOT_CONFIRMED: ['EMAIL_NOT_CONFIRMED', "The account's email address is not confirmed on LinkedIn."],
  CANT_ACCEPT_CONNECTION_LIMIT_REACHED: ['CONNECTION_LIMIT_REACHED', 'The account has reached the maximum number of connections.'],
};

/** The error code inside a LinkedIn error body, in either envelope. */
export function linkedinCode(json: any): string | undefined {
  const c = json?.data?.code ?? json?.code ?? json?.value?.code;
  return typeof c === 'string' ? c : undefined;
}

export function mappedCode(json: any, retryAt?: number): Fail | null {
  const code = linkedinCode(json);
  const m = code && Object.hasOwn(BY_LINKEDIN_CODE, code) ? BY_LINKEDIN_CODE[code] : undefined;
  if (!m) return null;
  return fail(m[0], m[1], { result: { linkedin_code: code }, ...(m[2] ? { categoryHold: { category: m[2], ...(retryAt ? { until: retryAt } : {}) } } : {}) });
}

/** When a `Retry-After` header (seconds or an HTTP date) says LinkedIn will listen again, if it does. */
export function retryAfter(reply: HttpReply, now: number): number | undefined {
  const raw = String(reply.headers['retry-after'] ?? '').trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) > 0 ? now + Number(raw) * 1000 : undefined;
  const at = Date.parse(raw);
  return Number.isFinite(at) && at > now ? at : undefined;
}

/**
 * LinkedIn pushed back on the whole account: 429 (throttled) or 999 (bot suspicion), and nothing was
 * done. The engine holds the account (no call of any kind until the hold ends); `retryAt` only when
 * LinkedIn said when, otherwise the engine's hold durations apply.
 */
export function accountPushback(status: 429 | 999, retryAt: number | undefined): Fail {
  const message =
    status === 429
      ? 'LinkedIn is throttling this account (HTTP 429): nothing was done, and the account waits before any other call.'
      : 'LinkedIn suspects automation on this account (HTTP 999): nothing was done, and the account waits before any other call.';
  return fail('RATE_LIMITED', message, { accountHold: status === 429 ? 'THROTTLED' : 'BOT_SUSPICION', ...(retryAt ? { retryAt } : {}) });
}

const LOGIN_PATH = /\/(uas\/login|login|authwall|signup)\b/i;
const CHECKPOINT_PATH = /\/checkpoint\//i;

export const sessionExpired = (): Fail =>
  fail('SESSION_EXPIRED', 'The LinkedIn session has expired or was logged out: reconnect the account with fresh cookies (connect_account_cookies) or login_v2.', { pauseAccount: true });

export const checkpointRequired = (): Fail =>
  fail('CHECKPOINT_REQUIRED', 'LinkedIn asks for a security check: open LinkedIn in the browser of this account, solve it, then reconnect the account.', { pauseAccount: true });

/**
 * What an answer means before any action-specific reading: a dead session, a checkpoint, LinkedIn's
 * throttling, a retired endpoint. Null when the answer is for the action to read.
 */
export function classify(reply: HttpReply, now: number, opts: { persisted: boolean }): Fail | 'server' | null {
  const { status } = reply;
  if (status >= 300 && status < 400) {
    const where = String(reply.headers.location ?? '');
    if (CHECKPOINT_PATH.test(where)) return checkpointRequired();
    if (LOGIN_PATH.test(where)) return sessionExpired();
    return fail('LINKEDIN_ERROR', `LinkedIn redirected an API call (HTTP ${status}).`);
  }
  if (status === 401) return sessionExpired();
  if (status === 451) return checkpointRequired();
  const json = parseJson(reply.body);
  const when = retryAfter(reply, now);
  const mapped = mappedCode(json, when);
  if (mapped) return mapped;
  if (status === 429 || status === 999) return accountPushback(status, when);
  if (status === 410) return fail('ENDPOINT_GONE', 'LinkedIn retired this endpoint (HTTP 410): welink needs an update.');
  // A 400 without a refusal code on a call naming a query id or decoration: LinkedIn deployed and the id is stale.
  if (status === 400 && opts.persisted && !linkedinCode(json)) return fail('ENDPOINT_GONE', 'LinkedIn refused the query id or decoration (HTTP 400): it is stale; re-capture it from a browser with `welink live import-har`.');
  if (status >= 500) return 'server';
  if (status === 200 && json === undefined && /^\s*</.test(reply.body)) return checkpointRequired();
  return null;
}

export function parseJson(body: string): any {
  if (!body) return null;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
