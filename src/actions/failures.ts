/**
 * Every code an action can end with: the closed catalogue behind `status` and `error` of a failed
 * request, its FAILED webhook and get_response. A provider can only return a code listed here (the
 * compiler checks `fail()` and each declaration's `errors`), so the docs list every code there is.
 *
 * `message` is the default text; providers often say more (which limit, until when).
 * `anyAction` marks codes any action can end with, whatever it does (a dead session, LinkedIn
 * refusing, the provider failing): they are documented once rather than on every action.
 */
interface FailureInfo {
  message: string;
  anyAction?: true;
}

export const failureCatalogue = {
  // Profiles, companies, posts, conversations.
  PROFILE_NOT_FOUND: { message: 'Profile not found' },
  COMPANY_NOT_FOUND: { message: 'Company not found' },
  POST_NOT_FOUND: { message: 'Post not found' },
  THREAD_NOT_FOUND: { message: 'No conversation with this thread_id in the account.' },
  GROUP_NOT_FOUND: { message: 'No LinkedIn group with this group_id.' },
  EVENT_NOT_FOUND: { message: 'No LinkedIn event with this event_id.' },
  CONTRACT_NOT_FOUND: { message: 'No Recruiter contract with this contract_id (see recruiter_contracts).' },
  INVALID_CURSOR: { message: 'This cursor was not given by the previous page of this list.' },

  // Invitations and connections.
  ALREADY_CONNECTED: { message: 'This profile is already a 1st-degree connection.' },
  INVITATION_ALREADY_PENDING: { message: 'An invitation to this profile is already pending.' },
  INVITATION_NOT_FOUND: { message: 'No pending invitation matches.' },
  OUT_OF_NETWORK: { message: "This member is outside the account's network: LinkedIn asks for their email address to invite them." },
  NOTE_TOO_LONG: { message: 'The invitation note is longer than LinkedIn accepts (300 characters on premium accounts, 200 on free ones).' },
  REINVITE_COOLDOWN: { message: 'The invitation to this profile was withdrawn recently; LinkedIn refuses a new one for three weeks after a withdrawal.' },
  NOT_CONNECTED: { message: 'This profile is not a 1st-degree connection.' },
  CONNECTION_LIMIT_REACHED: { message: 'The account has reached the maximum number of connections.' },
  EMAIL_NOT_CONFIRMED: { message: "The account's email address is not confirmed on LinkedIn." },

  // Profile-level writes.
  ALREADY_FOLLOWING: { message: 'The account already follows this profile.' },
  NO_SKILLS_TO_ENDORSE: { message: 'This profile lists no skill that is not endorsed already.' },

  // Messaging.
  PREMIUM_REQUIRED: { message: 'InMail needs a premium LinkedIn account.' },
  NO_INMAIL_CREDITS: { message: 'The account has used its InMail credits of the last 30 days.' },
  NOT_GROUP_MEMBER: { message: 'This profile is not a member of the group.' },
  NOT_EVENT_ATTENDEE: { message: 'This profile does not attend the event.' },
  SALES_SEAT_REQUIRED: { message: 'This account has no Sales Navigator seat.' },

  // Recruiter.
  RECRUITER_SEAT_REQUIRED: { message: 'This account has no LinkedIn Recruiter seat.' },
  RECRUITER_ACKNOWLEDGEMENT_REQUIRED: { message: 'Recruiter reports another active session: acknowledge it in the Recruiter interface.' },
  RECRUITER_AUTH_REQUIRED: { message: 'The Recruiter session was not retained: log the account in again.' },
  RECRUITER_LOGIN_SUBMISSION_FAILED: { message: 'Signing in to Recruiter failed; retry, and check the Recruiter seat.' },

  // LinkedIn's budgets: the request waits for them (retryAt); they end a request only when LinkedIn refuses without saying until when.
  WEEKLY_INVITATION_LIMIT: { message: "LinkedIn's weekly invitation limit for this account is reached." },
  MONTHLY_NOTE_LIMIT: { message: 'The monthly quota of invitations with a note is spent; send without a note or wait for the monthly reset.' },
  DAILY_PROFILE_VIEW_LIMIT: { message: "LinkedIn's daily profile view limit for this account is reached." },
  DAILY_MESSAGE_LIMIT: { message: "LinkedIn's daily message limit for this account is reached." },

  // Login (login_v2). PIN_REQUIRED is not a failure: the request waits for login_code.
  PIN_REQUIRED: { message: 'Please provide the verification code sent to the user' },
  WRONG_PASSWORD: { message: 'wrong password' },
  WRONG_PIN: { message: 'The verification code is wrong.' },
  ACCOUNT_RESTRICTED: { message: 'LinkedIn has restricted this account. Reduce activity and try again later.' },
  LOGIN_FAILED: { message: 'LinkedIn did not complete the login.' },
  LOGIN_RATE_LIMITED: { message: 'LinkedIn refuses logins from here for now; connect the account with its browser cookies instead.' },
  BASIC_INFO_NOT_FOUND: { message: 'The new session could not read its own profile.' },

  // Any action. SESSION_EXPIRED and CHECKPOINT_REQUIRED pause the account (its requests wait for a reconnect).
  SESSION_EXPIRED: { message: 'The LinkedIn session has expired. Reconnect the account; its requests wait until then.', anyAction: true },
  CHECKPOINT_REQUIRED: { message: 'LinkedIn asks for a security check (captcha or identity verification) in the browser.', anyAction: true },
  PROXY_ERROR: { message: "The account's proxy could not be reached.", anyAction: true },
  RATE_LIMITED: { message: 'LinkedIn is throttling this account; the request waits and runs again later.', anyAction: true },
  // Why a request waits (waitingFor) while its account, or one budget of it, is held; never a final status.
  LINKEDIN_THROTTLED: { message: 'LinkedIn throttled this account (HTTP 429): welink sends it nothing until the hold ends.', anyAction: true },
  LINKEDIN_BOT_SUSPICION: { message: 'LinkedIn suspected automation on this account (HTTP 999): welink sends it nothing until the hold ends.', anyAction: true },
  BUDGET_SPENT: { message: "welink's budget of this kind of action for this account is spent: the request waits until it frees.", anyAction: true },
  ACCESS_DENIED: { message: 'LinkedIn refused this call for this account.', anyAction: true },
  LINKEDIN_ERROR: { message: 'LinkedIn refused the call.', anyAction: true },
  ENDPOINT_GONE: { message: 'LinkedIn no longer serves this endpoint: welink needs an update.', anyAction: true },
  NOT_SUPPORTED: { message: 'This action is not supported by the provider of this workspace.', anyAction: true },
  OWN_PROFILE_ID_NOT_FOUND: { message: 'LinkedIn did not tell the account its own profile id.', anyAction: true },

  // Infrastructure, decided by the engine: retried first, a failure only once the attempts are spent.
  LINKEDIN_UNREACHABLE: { message: 'LinkedIn could not be reached.', anyAction: true },
  LINKEDIN_UNAVAILABLE: { message: 'LinkedIn answered with a server error.', anyAction: true },
  PROVIDER_TIMEOUT: { message: 'The action did not finish in time.', anyAction: true },
  DATABASE_UNAVAILABLE: { message: 'The database was unreachable during the action.', anyAction: true },
  PROVIDER_ERROR: { message: 'The provider failed unexpectedly.', anyAction: true },
  OUTCOME_UNKNOWN: { message: 'The previous attempt was interrupted and cannot be verified.', anyAction: true },
  LOGIN_INTERRUPTED: { message: 'The login was interrupted before its outcome was recorded; welink never posts a password twice: send login_v2 again.' },
  UNKNOWN_ACTION: { message: 'This version of welink does not know the action of this request.', anyAction: true },
} as const satisfies Record<string, FailureInfo>;

export type FailureCode = keyof typeof failureCatalogue;

/** The codes any action can end with (documented once, not on every action). */
export const anyActionFailures: readonly FailureCode[] = (Object.keys(failureCatalogue) as FailureCode[]).filter((c) => 'anyAction' in failureCatalogue[c]);

export function isFailureCode(code: string): code is FailureCode {
  return Object.hasOwn(failureCatalogue, code);
}
