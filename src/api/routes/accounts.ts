import { Type } from '@sinclair/typebox';
import { isValidTimeZone } from '../../engine/pacing.ts';
import { windowUsage } from '../../engine/rate-limit.ts';
import { disconnectAccount as disconnect, setSchedule } from '../../engine/transitions/account.ts';
import { ApiError } from '../errors.ts';
import { loadAccount } from '../lookups.ts';
import { defineOperation } from '../operation.ts';
import { rateLimitHeaders } from '../rate-limit-headers.ts';
import type { Services } from '../services.ts';

const accountIdBody = Type.Object({ accountId: Type.String({ minLength: 1, maxLength: 64, description: 'The welink account id.' }) });



function policy(services: Services) {
  return { limit: services.config.rateLimit, windowMs: services.config.rateWindowSeconds * 1000 };
}

const exampleId = 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz';

export const getAllAccounts = defineOperation({
  name: 'get_all_ln_accounts',
  method: 'POST',
  path: '/api/v1/get_all_ln_accounts',
  summary: 'List connected LinkedIn accounts',
  description: 'Synchronous. Every LinkedIn account of the workspace that is not disconnected.',
  tag: 'Account management',
  body: Type.Object({}),
  response: {
    status: 200,
    schema: Type.Array(Type.Object({ accountId: Type.String(), email: Type.String(), status: Type.String() })),
    description: 'The accounts (an empty array when there are none).',
  },
  example: {},
  exampleResponse: [{ accountId: exampleId, email: 'ada@example.com', status: 'ACTIVE' }],
  limit: 'sync',
  handler: async ({ auth, services }) => {
    const rows = await services.store.db
      .selectFrom('accounts')
      .select(['id', 'email', 'status'])
      .where('workspace_id', '=', auth.workspaceId)
      .where('status', '!=', 'DISCONNECTED')
      .orderBy('created_at')
      .execute();
    return { body: rows.map((r) => ({ accountId: r.id, email: r.email, status: r.status })) };
  },
});

export const getAccountDetails = defineOperation({
  name: 'get_ln_account_details',
  method: 'POST',
  path: '/api/v1/get_ln_account_details',
  summary: 'Get a LinkedIn account',
  description:
    'Synchronous. Status is ACTIVE, CONNECTING, PIN_REQUIRED, PAUSED (checkpoint or expired session: its requests wait; log in again to resume) or LOGIN_FAILED. ' +
    'Also shows the rolling-hour usage (`rateLimit`) and the pacing settings.',
  tag: 'Account management',
  body: accountIdBody,
  response: {
    status: 200,
    schema: Type.Object({
      accountId: Type.String(),
      email: Type.String(),
      status: Type.String(),
      statusReason: Type.Union([Type.String(), Type.Null()]),
      firstname: Type.Union([Type.String(), Type.Null()]),
      lastname: Type.Union([Type.String(), Type.Null()]),
      profile_id: Type.Union([Type.String(), Type.Null()]),
      premium: Type.Boolean(),
      rateLimit: Type.Object({ limit: Type.Integer(), remaining: Type.Integer(), windowSeconds: Type.Integer(), nextSlotAt: Type.Union([Type.String(), Type.Null()]) }),
      queue: Type.Object({ queued: Type.Integer(), running: Type.Integer(), nextRunAt: Type.Union([Type.String(), Type.Null()]) }),
      timezone: Type.Union([Type.String(), Type.Null()]),
      activeHours: Type.Unknown(),
    }),
    description: 'The account.',
  },
  errors: ['ACCOUNT_NOT_FOUND'],
  example: { accountId: exampleId },
  exampleResponse: {
    accountId: exampleId,
    email: 'ada@example.com',
    status: 'ACTIVE',
    statusReason: null,
    firstname: 'Ada',
    lastname: 'Lovelace',
    profile_id: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
    premium: false,
    rateLimit: { limit: 30, remaining: 29, windowSeconds: 3600, nextSlotAt: null },
    queue: { queued: 0, running: 0, nextRunAt: null },
    timezone: 'Europe/London',
    activeHours: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
  },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const a = await loadAccount(services, auth.workspaceId, body.accountId);
    const now = services.clock.now();
    const usage = await windowUsage(services.store.db, a.id, now, policy(services));
    const counts = await services.store.db
      .selectFrom('requests')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('account_id', '=', a.id)
      .where('status', 'in', ['QUEUED', 'RUNNING'])
      .groupBy('status')
      .execute();
    const count = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
    const profile = a.profile ? (JSON.parse(a.profile) as Record<string, unknown>) : {};
    return {
      headers: rateLimitHeaders(usage, policy(services)),
      body: {
        accountId: a.id,
        email: a.email,
        status: a.status,
        statusReason: a.status_reason,
        firstname: (profile.first_name as string) ?? null,
        lastname: (profile.last_name as string) ?? null,
        profile_id: (profile.profile_id as string) ?? null,
        premium: a.premium === 1,
        rateLimit: {
          limit: usage.limit,
          remaining: usage.remaining,
          windowSeconds: services.config.rateWindowSeconds,
          nextSlotAt: usage.nextSlotAt ? new Date(usage.nextSlotAt).toISOString() : null,
        },
        queue: { queued: count('QUEUED'), running: count('RUNNING'), nextRunAt: a.next_run_at > now ? new Date(Number(a.next_run_at)).toISOString() : null },
        timezone: a.timezone,
        activeHours: a.active_hours ? JSON.parse(a.active_hours) : null,
      },
    };
  },
});

export const me = defineOperation({
  name: 'me',
  method: 'POST',
  path: '/api/v1/me',
  summary: "The account's own profile (session heartbeat)",
  description: 'Synchronous. Answers 400 "Linked account not active" when the account is not logged in (paused, connecting or failed).',
  tag: 'Account management',
  body: accountIdBody,
  response: {
    status: 200,
    schema: Type.Object({
      status: Type.Literal('SUCCESS'),
      request_id: Type.String(),
      result: Type.Object({
        first_name: Type.String(),
        last_name: Type.String(),
        full_name: Type.String(),
        headline: Type.String(),
        location: Type.String(),
        is_premium: Type.Boolean(),
        profile_id: Type.String(),
      }),
    }),
    description: 'The profile.',
  },
  errors: ['ACCOUNT_NOT_FOUND', 'ACCOUNT_NOT_ACTIVE'],
  example: { accountId: exampleId },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const a = await loadAccount(services, auth.workspaceId, body.accountId);
    if (a.status !== 'ACTIVE') throw new ApiError('ACCOUNT_NOT_ACTIVE');
    const p = a.profile ? (JSON.parse(a.profile) as Record<string, string>) : {};
    return {
      body: {
        status: 'SUCCESS',
        request_id: `me_${a.id}`,
        result: {
          first_name: p.first_name ?? '',
          last_name: p.last_name ?? '',
          full_name: [p.first_name, p.last_name].filter(Boolean).join(' '),
          headline: p.headline ?? p.occupation ?? '',
          location: p.location ?? '',
          is_premium: a.premium === 1,
          profile_id: p.profile_id ?? '',
        },
      },
    };
  },
});

export const disconnectAccount = defineOperation({
  name: 'disconnect_account',
  method: 'POST',
  path: '/api/v1/disconnect_account',
  summary: 'Disconnect (remove) a LinkedIn account',
  description:
    'Synchronous and irreversible: queued requests are cancelled, stored credentials and cookies are deleted, the accountId stops working. Connect again with login_v2 (a new accountId).',
  tag: 'Account management',
  body: accountIdBody,
  response: { status: 200, schema: Type.Object({ message: Type.String() }), description: 'Done.' },
  errors: ['ACCOUNT_NOT_FOUND'],
  example: { accountId: exampleId },
  exampleResponse: { message: 'Account disconnected successfully' },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const a = await loadAccount(services, auth.workspaceId, body.accountId);
    const now = services.clock.now();
    await services.committer.run(a.id, (trx) => disconnect(trx, a.id, now));
    return { body: { message: 'Account disconnected successfully' } };
  },
});

const HHMM = '^([01][0-9]|2[0-3]):[0-5][0-9]$';

export const updateAccountSettings = defineOperation({
  name: 'update_account_settings',
  method: 'POST',
  path: '/api/v1/update_account_settings',
  summary: 'Set time zone and active hours (welink)',
  description:
    "welink's own. The account's actions only start inside its active hours, in its time zone (IANA name). Send `active_hours: null` to act at any time.",
  tag: 'Account management',
  body: Type.Object({
    accountId: Type.String({ minLength: 1, maxLength: 64 }),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Paris.' })),
    active_hours: Type.Optional(
      Type.Union([
        Type.Object({
          start: Type.String({ pattern: HHMM }),
          end: Type.String({ pattern: HHMM }),
          days: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 7, description: 'ISO weekdays, 1 = Monday.' })),
        }),
        Type.Null(),
      ]),
    ),
  }),
  response: { status: 200, schema: Type.Object({ accountId: Type.String(), timezone: Type.Union([Type.String(), Type.Null()]), activeHours: Type.Unknown() }), description: 'The new settings.' },
  errors: ['ACCOUNT_NOT_FOUND'],
  example: { accountId: exampleId, timezone: 'Europe/Paris', active_hours: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] } },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const a = await loadAccount(services, auth.workspaceId, body.accountId);
    if (body.timezone !== undefined && !isValidTimeZone(body.timezone)) {
      throw new ApiError('VALIDATION_FAILED', `Invalid request: timezone ${JSON.stringify(body.timezone)} is not an IANA time zone.`, {
        details: [{ field: 'timezone', problem: 'is not an IANA time zone' }],
      });
    }
    await services.committer.run(a.id, (trx) => setSchedule(trx, a.id, { timezone: body.timezone, activeHours: body.active_hours }, services.clock.now()));
    const b = await loadAccount(services, auth.workspaceId, a.id);
    return { body: { accountId: b.id, timezone: b.timezone, activeHours: b.active_hours ? JSON.parse(b.active_hours) : null } };
  },
});
