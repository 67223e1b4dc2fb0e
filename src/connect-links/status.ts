import type { ConnectLink, RequestRow } from '../store/tables.ts';

/**
 * Where a connection through a link stands, as its page shows it. The latest attempt decides: a
 * login request's state, or the error of a cookie attempt; `connected_at` makes the link used.
 */
export type LinkState = 'OPEN' | 'WORKING' | 'PIN_REQUIRED' | 'FAILED' | 'CONNECTED' | 'EXPIRED';

export interface LinkStatus {
  state: LinkState;
  code: string | null;
  message: string | null;
  accountId: string | null;
  /** CONNECTED: where the owner's browser goes next (the integrator's redirect_url), or null. */
  redirectUrl: string | null;
  expiresAt: string;
}

/** What a failure code means for the account owner (LinkedIn's own words are kept as a fallback). */
const OWNER_MESSAGES: Record<string, string> = {
  WRONG_PASSWORD: 'LinkedIn did not accept this email and password. Check them and try again.',
  WRONG_PIN: 'LinkedIn did not accept this code. Sign in again to get a new code.',
  CHECKPOINT_REQUIRED:
    'LinkedIn asks for a security check (a captcha or an identity check) that only works in a browser. Sign in to linkedin.com in your own browser, then connect with your session cookies instead.',
  ACCOUNT_RESTRICTED: 'LinkedIn has restricted this account. Sign in to linkedin.com to see why; connect again once it is lifted.',
  PROXY_ERROR: 'The network route configured for this account could not be reached. Tell the service that sent you this link.',
  LINKEDIN_SESSION_INVALID: 'LinkedIn did not accept these cookies: the session may have ended. Sign in to linkedin.com again and copy fresh cookies.',
  LINKEDIN_UNREACHABLE: 'LinkedIn could not be reached to check the session. Try again in a moment.',
  RATE_LIMITED: 'Too many attempts for this account in the last hour. Try again later.',
};

export function ownerMessage(code: string, fallback: string | null): string {
  return OWNER_MESSAGES[code] ?? fallback ?? 'The connection did not succeed. Try again.';
}

const iso = (t: number) => new Date(Number(t)).toISOString();

export function linkStatus(link: ConnectLink, request: RequestRow | null, now: number): LinkStatus {
  const base = { code: null, message: null, accountId: null, redirectUrl: null, expiresAt: iso(link.expires_at) };
  if (link.connected_at !== null) {
    const accountId = link.connected_account_id;
    return { ...base, state: 'CONNECTED', accountId, redirectUrl: link.redirect_url && accountId ? withIds(link.redirect_url, accountId, link.id) : null };
  }
  if (link.last_error) {
    const [code, ...rest] = link.last_error.split(': ');
    return { ...base, state: Number(link.expires_at) <= now ? 'EXPIRED' : 'FAILED', code, message: ownerMessage(code, rest.join(': ') || null) };
  }
  if (request) {
    if (request.status === 'PIN_REQUIRED') return { ...base, state: Number(link.expires_at) <= now ? 'EXPIRED' : 'PIN_REQUIRED', accountId: request.account_id };
    // A login queued before the link expired still finishes: the owner waits for its outcome.
    if (request.status === 'QUEUED' || request.status === 'RUNNING') return { ...base, state: 'WORKING', accountId: request.account_id };
    if (request.status === 'FAILED' || request.status === 'CANCELLED') {
      const code = request.error_code ?? request.status;
      return { ...base, state: Number(link.expires_at) <= now ? 'EXPIRED' : 'FAILED', code, message: ownerMessage(code, request.error_message) };
    }
    // SUCCESS without connected_at: the account was removed while its login ran.
    if (request.status === 'SUCCESS') return { ...base, state: 'FAILED', code: 'ACCOUNT_DISCONNECTED', message: 'The account was removed while it was connecting. Ask for a new link.' };
  }
  return { ...base, state: Number(link.expires_at) <= now ? 'EXPIRED' : 'OPEN' };
}

/** The integrator's redirect_url with the account and link ids added to its query. */
export function withIds(redirectUrl: string, accountId: string, linkId: string): string {
  const url = new URL(redirectUrl);
  url.searchParams.set('accountId', accountId);
  url.searchParams.set('connectLinkId', linkId);
  return url.href;
}
