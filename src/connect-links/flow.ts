import type { TObject } from '@sinclair/typebox';
import { loginV2 } from '../actions/login-v2.ts';
import type { AuthInfo } from '../api/auth.ts';
import { ApiError, type ErrorCode } from '../api/errors.ts';
import type { OperationContext } from '../api/operation.ts';
import { answerOf } from '../api/routes/actions.ts';
import { connectAccountCookies } from '../api/routes/live.ts';
import { loginCode } from '../api/routes/requests.ts';
import type { Services } from '../api/services.ts';
import { claimAttempt, markConnected, recordFailure, recordLoginRequest, type FoundLink } from './links.ts';
import { linkStatus, ownerMessage, type LinkStatus } from './status.ts';

/**
 * What the hosted page's forms do. Nothing here logs anyone in by itself: a password goes through
 * the Acceptor as a login_v2 (sealed at rest like the API's, run by the engine), a code through the
 * login_code operation, and cookies through connect_account_cookies (live) — each acting for the
 * link's workspace and the key that made the link. The link's compare-and-set attempt counter keeps
 * two submissions from running at once.
 */

/**
 * Sandbox workspaces simulate the cookie option: there is no LinkedIn to check cookies against, so
 * the account logs in through the sandbox like login_v2 with this stand-in password (the cookies are
 * not stored). Magic email tags still apply.
 */
export const SANDBOX_COOKIE_PASSWORD = 'sandbox-cookie-session';

/** Field schemas of the forms, taken from the operations they feed. */
export const fields = {
  email: loginV2.input.properties.email,
  password: loginV2.input.properties.password,
  code: (loginCode.body as TObject).properties.code,
  li_at: (connectAccountCookies.body as TObject).properties.li_at,
  JSESSIONID: (connectAccountCookies.body as TObject).properties.JSESSIONID,
  user_agent: (connectAccountCookies.body as TObject).properties.user_agent,
};

export async function statusOf(services: Services, found: FoundLink): Promise<LinkStatus> {
  const { link } = found;
  const request = link.request_id
    ? ((await services.store.db.selectFrom('requests').selectAll().where('id', '=', link.request_id).where('workspace_id', '=', link.workspace_id).executeTakeFirst()) ?? null)
    : null;
  return linkStatus(link, request, services.clock.now());
}

export async function submitCredentials(services: Services, found: FoundLink, input: { email: string; password: string }): Promise<LinkStatus> {
  await ready(services, found);
  const target = await targetAccount(services, found);
  if (target && normal(input.email) !== target.email) throw wrongAccount(target.email);
  return startLogin(services, found, { email: input.email, password: input.password });
}

export async function submitCookies(
  services: Services,
  found: FoundLink,
  input: { email?: string; li_at: string; JSESSIONID: string; user_agent?: string },
  ip: string,
): Promise<LinkStatus> {
  await ready(services, found);
  const target = await targetAccount(services, found);
  if (target && input.email && normal(input.email) !== target.email) throw wrongAccount(target.email);
  const email = target?.email ?? input.email;
  if (!email) throw new ApiError('VALIDATION_FAILED', 'Invalid request: enter the email of your LinkedIn account.', { details: [{ field: 'email', problem: 'is required' }] });
  if (found.mode === 'sandbox') return startLogin(services, found, { email, password: SANDBOX_COOKIE_PASSWORD });

  const { link } = found;
  const db = services.store.db;
  if (!(await claimAttempt(db, link, services.clock.now()))) throw new ApiError('CONNECT_LINK_BUSY');
  let accountId: string;
  try {
    const body = { ...(link.account_id ? { accountId: link.account_id } : { email }), li_at: input.li_at, JSESSIONID: input.JSESSIONID, ...(input.user_agent ? { user_agent: input.user_agent } : {}) };
    const answer = await connectAccountCookies.handler(context(services, found, body, ip));
    accountId = (answer.body as { accountId: string }).accountId;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    await recordFailure(db, link.id, `${err.code}: ${err.message}`);
    throw new ApiError(err.code, ownerMessage(err.code, err.message));
  }
  await markConnected(db, link.id, accountId, services.clock.now());
  return statusOf(services, await reread(services, found));
}

export async function submitCode(services: Services, found: FoundLink, code: string, ip: string): Promise<LinkStatus> {
  const status = await statusOf(services, found);
  refuseEnded(status);
  if (status.state !== 'PIN_REQUIRED' || !found.link.request_id || !status.accountId) {
    throw new ApiError('ACCOUNT_STATE_CONFLICT', 'No code is awaited: sign in with your email and password first.');
  }
  await loginCode.handler(context(services, found, { accountId: status.accountId, requestId: found.link.request_id, code }, ip));
  return statusOf(services, found);
}

async function startLogin(services: Services, found: FoundLink, body: { email: string; password: string }): Promise<LinkStatus> {
  const { link } = found;
  const db = services.store.db;
  if (!(await claimAttempt(db, link, services.clock.now()))) throw new ApiError('CONNECT_LINK_BUSY');
  const acceptance = await services.acceptor.accept({ workspaceId: link.workspace_id, apiKeyId: link.api_key_id, action: loginV2, body });
  if (acceptance.kind === 'refused') {
    const policy = { limit: services.config.rateLimit, windowMs: services.config.rateWindowSeconds * 1000 };
    const err = answerOf(acceptance, policy, services.clock.now()).body as { code: ErrorCode; message: string };
    await recordFailure(db, link.id, `${err.code}: ${err.message}`);
    throw new ApiError(err.code, ownerMessage(err.code, err.message));
  }
  await recordLoginRequest(db, link.id, acceptance.ack.requestId);
  return statusOf(services, await reread(services, found));
}

/** A new attempt needs a link that is neither used, expired, nor in the middle of one. */
async function ready(services: Services, found: FoundLink): Promise<void> {
  const status = await statusOf(services, found);
  refuseEnded(status);
  if (status.state === 'WORKING') throw new ApiError('CONNECT_LINK_BUSY');
  if (status.state === 'PIN_REQUIRED') throw new ApiError('CONNECT_LINK_BUSY', 'LinkedIn asked for a code: enter it to finish connecting.');
}

function refuseEnded(status: LinkStatus): void {
  if (status.state === 'CONNECTED') throw new ApiError('CONNECT_LINK_USED');
  if (status.state === 'EXPIRED') throw new ApiError('CONNECT_LINK_EXPIRED');
}

/** The account a reconnection link is for (null for a new account); a removed one ends the link. */
async function targetAccount(services: Services, found: FoundLink): Promise<{ email: string } | null> {
  if (!found.link.account_id) return null;
  const a = await services.store.db.selectFrom('accounts').select(['email', 'status']).where('id', '=', found.link.account_id).where('workspace_id', '=', found.link.workspace_id).executeTakeFirst();
  if (!a || a.status === 'DISCONNECTED') throw new ApiError('CONNECT_LINK_NOT_FOUND', 'The account this link was made to reconnect has been removed. Ask for a new link.');
  return { email: a.email };
}

function wrongAccount(email: string): ApiError {
  return new ApiError('VALIDATION_FAILED', `Invalid request: this link reconnects the LinkedIn account ${maskEmail(email)}; sign in with that email.`, {
    details: [{ field: 'email', problem: 'is not the email of the account this link reconnects' }],
  });
}

/** a•••@example.com: enough for the owner to recognise, little for anyone else holding the link. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}

function normal(email: string): string {
  return email.trim().toLowerCase();
}

async function reread(services: Services, found: FoundLink): Promise<FoundLink> {
  const link = await services.store.db.selectFrom('connect_links').selectAll().where('id', '=', found.link.id).executeTakeFirstOrThrow();
  return { ...found, link };
}

function context(services: Services, found: FoundLink, body: Record<string, unknown>, ip: string): OperationContext {
  const auth: AuthInfo = { workspaceId: found.link.workspace_id, mode: found.mode, apiKeyId: found.link.api_key_id, allowedActions: null, allowedIps: null };
  return { auth, body, params: {}, query: {}, headers: {}, services, ip, connectLinkId: found.link.id };
}
