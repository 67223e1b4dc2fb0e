/**
 * The sandbox's magic inputs, like a payment sandbox's test cards (documented in docs/sandbox.md).
 * Account traits ride on "+tags" in the login email (ada.lovelace+premium+pin@example.com); profile
 * behaviours on the start of a profile id or URL slug (not-found-1, already-connected-7...).
 */

/** The PIN that completes a `+pin` login. */
export const SANDBOX_PIN = '123456';
/** The password that fails with WRONG_PASSWORD. */
export const WRONG_PASSWORD = 'wrong-password';

export interface AccountTraits {
  premium: boolean;
  salesNavigator: boolean;
  recruiter: boolean;
  /** A recruiter failure every recruiter call answers with. */
  recruiterFailure: 'RECRUITER_ACKNOWLEDGEMENT_REQUIRED' | 'RECRUITER_AUTH_REQUIRED' | 'RECRUITER_LOGIN_SUBMISSION_FAILED' | null;
  pin: boolean;
  /** A login failure: CHECKPOINT_REQUIRED, ACCOUNT_RESTRICTED or PROXY_ERROR. */
  loginFailure: 'CHECKPOINT_REQUIRED' | 'ACCOUNT_RESTRICTED' | 'PROXY_ERROR' | null;
  /** The session expires after this many actions following each login. */
  expireAfter: number | null;
}

export function emailTags(email: string): string[] {
  const at = email.lastIndexOf('@');
  const local = (at < 0 ? email : email.slice(0, at)).toLowerCase();
  return local.split('+').slice(1);
}

export function accountTraits(email: string): AccountTraits {
  const tags = emailTags(email);
  const has = (t: string) => tags.includes(t);
  const recruiterTag = tags.find((t) => t.startsWith('recruiter'));
  const expire = tags.map((t) => /^expire(\d{1,4})$/.exec(t)).find(Boolean);
  const recruiterFailures = {
    'recruiter-ack': 'RECRUITER_ACKNOWLEDGEMENT_REQUIRED',
    'recruiter-auth': 'RECRUITER_AUTH_REQUIRED',
    'recruiter-loginfail': 'RECRUITER_LOGIN_SUBMISSION_FAILED',
  } as const;
  return {
    premium: has('premium') || has('salesnav') || recruiterTag !== undefined,
    salesNavigator: has('salesnav'),
    recruiter: recruiterTag !== undefined,
    recruiterFailure: recruiterTag ? (recruiterFailures[recruiterTag as keyof typeof recruiterFailures] ?? null) : null,
    pin: has('pin'),
    loginFailure: has('checkpoint') ? 'CHECKPOINT_REQUIRED' : has('restricted') ? 'ACCOUNT_RESTRICTED' : has('proxyerror') ? 'PROXY_ERROR' : null,
    expireAfter: expire ? Math.max(1, Number(expire[1])) : null,
  };
}

/** A custom proxy on the reserved `.invalid` domain cannot be reached (RFC 2606). */
export function proxyFails(proxy: Record<string, unknown> | null): boolean {
  return typeof proxy?.host === 'string' && /\.invalid\.?$/i.test(proxy.host);
}

export type ProfileMagic = 'NOT_FOUND' | 'ALREADY_CONNECTED' | 'INVITATION_PENDING' | 'OUT_OF_NETWORK' | 'IGNORES';

const PROFILE_MAGIC: Array<[RegExp, ProfileMagic]> = [
  [/^not[-_]?found/i, 'NOT_FOUND'],
  [/^already[-_]?connected/i, 'ALREADY_CONNECTED'],
  [/^invitation[-_]?pending/i, 'INVITATION_PENDING'],
  [/^out[-_]?of[-_]?network/i, 'OUT_OF_NETWORK'],
  [/^ignores/i, 'IGNORES'],
];

/** The behaviour a profile id or slug asks for, if it is a magic one. */
export function profileMagic(idOrSlug: string): ProfileMagic | null {
  for (const [re, magic] of PROFILE_MAGIC) if (re.test(idOrSlug)) return magic;
  return null;
}

/**
 * LinkedIn pushing back on the whole account, for integrators testing how welink protects it: an
 * action naming a `throttled...` profile meets HTTP 429 on its first run, a `bot-suspicion...` one
 * HTTP 999 (welink holds the account; the request runs again, and passes, when the hold is over).
 */
export function pushbackMagic(input: { profile_id?: unknown; profile_url?: unknown }): 'THROTTLED' | 'BOT_SUSPICION' | null {
  const ref = typeof input.profile_id === 'string' ? input.profile_id : typeof input.profile_url === 'string' ? (input.profile_url.split('/in/')[1] ?? '') : '';
  if (/^throttled/i.test(ref)) return 'THROTTLED';
  if (/^bot[-_]?suspicion/i.test(ref)) return 'BOT_SUSPICION';
  return null;
}
