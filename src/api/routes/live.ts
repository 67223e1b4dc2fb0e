import { Type } from '@sinclair/typebox';
import { connectWithSession, findAccount, findAccountByEmail, normalizeEmail } from '../../engine/accounts.ts';
import { unquote } from '../../providers/live/cookie-jar.ts';
import { pinnedUserAgent } from '../../providers/live/session.ts';
import { checkProxy } from '../../lib/proxy-check.ts';
import { ProviderError } from '../../actions/outcome.ts';
import type { AccountSecrets, RunContext } from '../../actions/run-context.ts';
import type { Account } from '../../store/tables.ts';
import { ApiError } from '../errors.ts';
import { defineOperation, type Operation } from '../operation.ts';
import type { Services } from '../services.ts';

const Proxy = Type.Object(
  {
    host: Type.String({ minLength: 1, maxLength: 255 }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    username: Type.Optional(Type.String({ maxLength: 255 })),
    password: Type.Optional(Type.String({ maxLength: 1024 })),
    protocol: Type.Optional(Type.Union([Type.Literal('http'), Type.Literal('socks5')], { description: 'Only `http` (CONNECT) proxies work today; `socks5` is refused (PROXY_REFUSED here, PROXY_ERROR for actions).' })),
  },
  {
    description:
      'Your own HTTP proxy for this account; every LinkedIn call of the account goes through it. ' +
      'A proxy on a loopback, private or link-local address is refused (PROXY_REFUSED) unless the server runs with WELINK_PROXY_ALLOW_PRIVATE=true; one that cannot be reached answers PROXY_UNREACHABLE.',
  },
);

const Body = Type.Object({
  accountId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Reconnect this account (fresh cookies resume a paused account). Leave out to create one.' })),
  email: Type.Optional(Type.String({ minLength: 3, maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+$', description: 'LinkedIn login email; required when creating. An existing account with this email is reconnected.' })),
  li_at: Type.String({ minLength: 10, maxLength: 4096, description: 'The `li_at` cookie of linkedin.com (the session). Encrypted at rest, never returned or logged.' }),
  JSESSIONID: Type.String({ minLength: 5, maxLength: 256, description: 'The `JSESSIONID` cookie of linkedin.com, e.g. "ajax:1234567890123456789" (quotes optional).' }),
  user_agent: Type.Optional(
    Type.String({
      minLength: 10,
      maxLength: 512,
      description:
        'Strongly recommended: the user agent of the browser the cookies come from (type `navigator.userAgent` in that browser\'s developer console). ' +
        'LinkedIn ties a session to the browser that made it; welink sends this user agent, and the client hints that browser sends with it, on every call of the account. ' +
        'Without it, welink pins a recent desktop Chrome user agent to the account, which differs from the owner\'s browser.',
    }),
  ),
  proxy: Type.Optional(Proxy),
});

const Answer = Type.Object({
  accountId: Type.String(),
  email: Type.String(),
  status: Type.Literal('ACTIVE'),
  resumed: Type.Boolean({ description: 'True when a paused account was resumed (its waiting requests run again).' }),
  profile: Type.Object({ first_name: Type.String(), last_name: Type.String(), profile_id: Type.String(), public_identifier: Type.String(), premium: Type.Boolean(), occupation: Type.String() }),
});

export const connectAccountCookies = defineOperation({
  name: 'connect_account_cookies',
  effect: 'write',
  method: 'POST',
  path: '/api/v1/connect_account_cookies',
  summary: 'Connect a LinkedIn account with its session cookies (welink, live)',
  description:
    "welink's own, live workspaces only. Synchronous: checks the `li_at` and `JSESSIONID` cookies against LinkedIn (GET /me) and stores them encrypted. " +
    'Give the `user_agent` of the browser the cookies come from too. ' +
    'Without `accountId` it creates an account (or reconnects the one with this email); with `accountId` it reconnects that account. ' +
    'Reconnecting a PAUSED account (expired session, checkpoint) makes it ACTIVE again and its waiting requests run. ' +
    'An account LinkedIn is holding (it answered 429 or 999) is refused with ACCOUNT_HELD until the hold ends (`retryAt`): welink sends it nothing meanwhile, this check included. ' +
    'The proxy is checked before LinkedIn is called: PROXY_REFUSED, PROXY_UNREACHABLE. Emits ACCOUNT_CONNECTED.',
  tag: 'Account management',
  body: Body,
  response: { status: 200, schema: Answer, description: 'The session works; the account is ACTIVE.' },
  errors: ['LIVE_ONLY', 'ACCOUNT_NOT_FOUND', 'ACCOUNT_LIMIT_REACHED', 'ACCOUNT_HELD', 'LINKEDIN_SESSION_INVALID', 'PROXY_REFUSED', 'LINKEDIN_UNREACHABLE', 'PROXY_UNREACHABLE'],
  example: {
    email: 'ada@example.com',
    li_at: 'AQEDAR...redacted...',
    JSESSIONID: '"ajax:1234567890123456789"',
    user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/149.0.0.0 Safari/537.36',
  },
  exampleResponse: {
    accountId: 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz',
    email: 'ada@example.com',
    status: 'ACTIVE',
    resumed: false,
    profile: { first_name: 'Ada', last_name: 'Lovelace', profile_id: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', public_identifier: 'ada-lovelace-3f9a1', premium: false, occupation: 'Analyst' },
  },
  limit: 'sync',
  handler: async ({ auth, body, services, connectLinkId }) => {
    if (auth.mode !== 'live') throw new ApiError('LIVE_ONLY');
    const db = services.store.db;
    let existing: Account | null = null;
    if (body.accountId) {
      existing = await findAccount(db, auth.workspaceId, body.accountId);
      if (!existing) throw new ApiError('ACCOUNT_NOT_FOUND');
    } else if (body.email) {
      existing = await findAccountByEmail(db, auth.workspaceId, body.email);
    }
    const email = normalizeEmail(String(body.email ?? existing?.email ?? ''));
    if (!email) throw new ApiError('VALIDATION_FAILED', 'Invalid request: email is required to create an account.', { details: [{ field: 'email', problem: 'is required' }] });
    const now = services.clock.now();
    // A hold means LinkedIn pushed back on this account: calling /me now would be one more call it
    // counts against the account. The hold's end is the answer.
    if (existing?.hold_until != null && Number(existing.hold_until) > now) {
      const until = new Date(Number(existing.hold_until)).toISOString();
      throw new ApiError('ACCOUNT_HELD', `LinkedIn is holding this account (${existing.hold_reason ?? 'HELD'}) until ${until}: welink sends nothing to LinkedIn for it before then, a session check included. Connect it again after ${until}.`, {
        fields: { retryAt: until },
      });
    }
    const before: AccountSecrets = existing?.secrets ? services.sealer.openJson<AccountSecrets>(existing.secrets) : {};
    const { pendingPin: _p, pendingChallenge: _c, ...kept } = before;
    // The pinned user agent is keyed by the account; a new account's id is not known before the
    // session is checked, so it is keyed by the email (stable for the same owner).
    const secrets: AccountSecrets = {
      ...kept,
      cookies: { li_at: String(body.li_at).trim(), JSESSIONID: unquote(String(body.JSESSIONID)) },
      userAgent: body.user_agent ?? before.userAgent ?? pinnedUserAgent(existing?.id ?? email),
      locale: (before.locale as string | undefined) ?? 'en_US',
    };
    const proxy = body.proxy ?? (existing?.proxy ? services.sealer.openJson<Record<string, unknown>>(existing.proxy) : null);
    if (proxy) {
      const usable = await checkProxy(proxy, { allowPrivate: services.config.proxyAllowPrivate });
      if (!usable.ok) throw new ApiError(usable.code, usable.message);
    }
    const profile = await checkSession(services, { id: existing?.id ?? `new:${email}`, workspaceId: auth.workspaceId, email, secrets, proxy, now });

    const connected = await services.committer.run(existing?.id ?? `email:${email}`, (trx) =>
      connectWithSession(trx, {
        workspaceId: auth.workspaceId,
        account: existing,
        email,
        secrets: services.sealer.sealJson(secrets),
        proxy: proxy ? services.sealer.sealJson(proxy) : null,
        profile,
        via: '/api/v1/connect_account_cookies',
        connectLinkId,
        maxAccounts: services.config.maxAccountsPerWorkspace,
        now,
      }),
    );
    if ('limited' in connected) throw new ApiError('ACCOUNT_LIMIT_REACHED', `This workspace holds its limit of ${connected.limited} LinkedIn accounts; disconnect one first.`);
    const { account, resumed } = connected;
    services.wakeWork();
    services.wakeWebhooks();
    return { body: { accountId: account.id, email, status: 'ACTIVE', resumed, profile } };
  },
});

/** Asks LinkedIn (the live provider's `me`) whether the cookies are a live session; answers the account's profile. */
async function checkSession(
  services: Services,
  a: { id: string; workspaceId: string; email: string; secrets: AccountSecrets; proxy: Record<string, unknown> | null; now: number },
): Promise<{ first_name: string; last_name: string; profile_id: string; public_identifier: string; premium: boolean; occupation: string }> {
  const check = services.providers('live').checkSession;
  if (!check) throw new ApiError('LINKEDIN_UNREACHABLE', 'The live provider cannot check sessions.');
  const ctx: RunContext = {
    account: { id: a.id, workspaceId: a.workspaceId, email: a.email, premium: false, profile: null, secrets: a.secrets, proxy: a.proxy },
    requestId: `connect_${a.id}_${a.now}`,
    now: a.now,
    // Nothing is stored before the session is known to work; the caller seals the final secrets.
    saveSecrets: async (patch) => void Object.assign(a.secrets, patch),
  };
  let outcome;
  try {
    outcome = await check(ctx);
  } catch (err) {
    if (err instanceof ProviderError) throw new ApiError('LINKEDIN_UNREACHABLE', `LinkedIn could not be reached to check the session (${err.code}). Try again.`);
    throw err;
  }
  if (!outcome.ok) {
    // The proxy passed checkProxy but still failed: nothing was learnt about the session.
    if (outcome.code === 'PROXY_ERROR') throw new ApiError('PROXY_UNREACHABLE', `The proxy could not be used to reach LinkedIn: ${outcome.message}`);
    throw new ApiError('LINKEDIN_SESSION_INVALID', `LinkedIn did not accept this session: ${outcome.message}`, { fields: { reason: outcome.code } });
  }
  const r = outcome.result as Record<string, any>;
  return {
    first_name: String(r.first_name ?? ''),
    last_name: String(r.last_name ?? ''),
    profile_id: String(r.profile_id ?? ''),
    public_identifier: String(r.public_identifier ?? ''),
    premium: !!r.is_premium,
    occupation: String(r.headline ?? ''),
  };
}

/** Operations only the live provider needs (connecting an account with session cookies). */
export const liveOperations: Operation[] = [connectAccountCookies];
