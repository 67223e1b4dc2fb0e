import { Type } from '@sinclair/typebox';
import { budgetReport, budgetsApply, rampUp } from '../../engine/budgets.ts';
import { isValidTimeZone } from '../../engine/pacing.ts';
import { activeHolds } from '../../engine/transitions/holds.ts';
import { windowUsage } from '../../engine/rate-limit.ts';
import { disconnectAccount as disconnect, setBudgets, setSchedule } from '../../engine/transitions/account.ts';
import { budgetCategories, defaultCaps } from '../../actions/budgets.ts';
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

const cap = Type.Union([Type.Integer({ minimum: 0, maximum: 100000 }), Type.Null()]);
const Caps = Type.Union(
  [Type.Object({ daily: Type.Optional(cap), weekly: Type.Optional(cap), monthly: Type.Optional(cap) }, { additionalProperties: false }), Type.Null()],
  { description: 'Caps per rolling window; a window left out (or null) is not capped. Null: back to the defaults for this category.' },
);
const Budgets = Type.Object(Object.fromEntries(budgetCategories.map((c) => [c, Type.Optional(Caps)])), {
  additionalProperties: false,
  description: 'welink\'s own caps per budget category.',
});

const defaultWindowCap = Type.Optional(Type.Integer());
const BudgetDefaults = Type.Object(
  Object.fromEntries(budgetCategories.map((c) => [c, Type.Object({ daily: defaultWindowCap, weekly: defaultWindowCap, monthly: defaultWindowCap })])),
  { description: "welink's default caps for this account, per category (premium accounts get higher ones), before a new live account's ramp-up; a window left out is not capped." },
);

export const getAllAccounts = defineOperation({
  name: 'get_all_ln_accounts',
  effect: 'read',
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
  effect: 'read',
  method: 'POST',
  path: '/api/v1/get_ln_account_details',
  summary: 'Get a LinkedIn account',
  description:
    'Synchronous. Status is ACTIVE, CONNECTING, PIN_REQUIRED, PAUSED (checkpoint or expired session: its requests wait; log in again to resume; ' +
    'LINKEDIN_THROTTLED: LinkedIn suspected automation twice in a day, resume it with resume_account) or LOGIN_FAILED. ' +
    'Also shows the rolling-hour usage (`rateLimit`), the pacing settings, the holds running now (`holds`: the whole account after LinkedIn answered 429 or 999, ' +
    "or one budget category), welink's budgets with their use (`budgets`: live accounts, and sandbox accounts given budgets with update_account_settings), " +
    "the owner's caps set with update_account_settings (`budgetOverrides`) and welink's defaults for this account (`budgetDefaults`) " +
    'and, for a live account connected less than a week ago, its ramp-up (`rampUp`).',
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
      holds: Type.Array(
        Type.Object({
          scope: Type.String({ description: '`account` (nothing of it is sent to LinkedIn), or the budget category held (only those requests wait).' }),
          code: Type.String({ description: 'Why: LINKEDIN_THROTTLED, LINKEDIN_BOT_SUSPICION, BUDGET_SPENT, or LinkedIn\'s refusal (WEEKLY_INVITATION_LIMIT...).' }),
          until: Type.String({ format: 'date-time' }),
        }),
      ),
      budgets: Type.Array(
        Type.Object({
          name: Type.String({ description: '`<category>_<window>`, e.g. invitations_weekly.' }),
          category: Type.String(),
          window: Type.String({ description: 'daily, weekly or monthly (rolling 24 h, 7 days, 30 days).' }),
          used: Type.Integer(),
          limit: Type.Integer({ description: 'The cap in force now (ramped up for a new live account).' }),
          resetsAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When a slot frees, if the budget is spent.' }),
        }),
        { description: "welink's own budgets; empty when they do not apply (sandbox accounts without budgets of their own)." },
      ),
      budgetOverrides: Type.Union([Budgets, Type.Null()], {
        description: "The owner's caps by category, set with update_account_settings, in place of the defaults; null when the defaults apply everywhere.",
      }),
      budgetDefaults: BudgetDefaults,
      rampUp: Type.Union([Type.Object({ factor: Type.Number(), fullFrom: Type.String({ format: 'date-time' }) }), Type.Null()], {
        description: 'A live account in its first week: the share of the caps it has now, and when it has them all.',
      }),
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
    holds: [{ scope: 'invitations', code: 'WEEKLY_INVITATION_LIMIT', until: '2026-01-08T09:00:00.000Z' }],
    budgets: [
      { name: 'invitations_daily', category: 'invitations', window: 'daily', used: 5, limit: 20, resetsAt: null },
      { name: 'invitations_weekly', category: 'invitations', window: 'weekly', used: 41, limit: 100, resetsAt: null },
    ],
    budgetOverrides: { invitations: { daily: 20, weekly: 100 } },
    budgetDefaults: Object.fromEntries(budgetCategories.map((c) => [c, defaultCaps(c, false)])),
    rampUp: null,
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
        holds: activeHolds(a, now),
        budgets: budgetsApply(a, auth.mode) ? await budgetReport(services.store.db, a, auth.mode, now) : [],
        budgetOverrides: a.budgets ? JSON.parse(a.budgets) : null,
        budgetDefaults: Object.fromEntries(budgetCategories.map((c) => [c, defaultCaps(c, a.premium === 1)])),
        rampUp: rampUp(a, auth.mode, now),
      },
    };
  },
});

export const me = defineOperation({
  name: 'me',
  effect: 'read',
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
  effect: 'destructive',
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
  effect: 'idempotent',
  method: 'POST',
  path: '/api/v1/update_account_settings',
  summary: 'Set time zone, active hours and budgets (welink)',
  description:
    "welink's own. The account's actions only start inside its active hours, in its time zone (IANA name). Send `active_hours: null` to act at any time. " +
    "`budgets` sets welink's own caps per category and window (rolling day, week, 30 days) for this account, in place of the defaults " +
    '(live accounts: invitations 20 a day and 100 a week, 40/200 on premium; invitations with a note 5 a month on free accounts; messages 150/600; InMails 25 a day; ' +
    'profile views 100/500, 250/1000 on premium; searches 100/500; likes, comments, follows and endorsements 100/500; ramped up over a new live account\'s first week). ' +
    'A request over a budget waits until it frees (waitingFor BUDGET_SPENT). A category set to `null` goes back to the defaults; `budgets: null` drops every override. ' +
    'In a sandbox workspace, budgets apply only to accounts given some here (the sandbox otherwise plays LinkedIn\'s own limits).',
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
    budgets: Type.Optional(Type.Union([Budgets, Type.Null()])),
  }),
  response: {
    status: 200,
    schema: Type.Object({ accountId: Type.String(), timezone: Type.Union([Type.String(), Type.Null()]), activeHours: Type.Unknown(), budgets: Type.Union([Budgets, Type.Null()]) }),
    description: 'The new settings (`budgets`: the overrides in force; null when the defaults apply).',
  },
  errors: ['ACCOUNT_NOT_FOUND'],
  example: { accountId: exampleId, timezone: 'Europe/Paris', active_hours: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] }, budgets: { invitations: { daily: 10, weekly: 50 } } },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const a = await loadAccount(services, auth.workspaceId, body.accountId);
    if (body.timezone !== undefined && !isValidTimeZone(body.timezone)) {
      throw new ApiError('VALIDATION_FAILED', `Invalid request: timezone ${JSON.stringify(body.timezone)} is not an IANA time zone.`, {
        details: [{ field: 'timezone', problem: 'is not an IANA time zone' }],
      });
    }
    const now = services.clock.now();
    await services.committer.run(a.id, async (trx) => {
      await setSchedule(trx, a.id, { timezone: body.timezone, activeHours: body.active_hours }, now);
      if (body.budgets !== undefined) await setBudgets(trx, a.id, body.budgets, now);
    });
    const b = await loadAccount(services, auth.workspaceId, a.id);
    return { body: { accountId: b.id, timezone: b.timezone, activeHours: b.active_hours ? JSON.parse(b.active_hours) : null, budgets: b.budgets ? JSON.parse(b.budgets) : null } };
  },
});
