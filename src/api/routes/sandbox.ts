import { Type } from '@sinclair/typebox';
import { shiftWaits } from '../../engine/transitions/queue.ts';
import type { AuthInfo } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { loadAccount } from '../lookups.ts';
import { defineOperation, type Operation } from '../operation.ts';
import type { Services } from '../services.ts';

const exampleAccount = 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz';
const SANDBOX = ' Sandbox workspaces only (404 SANDBOX_ONLY in live ones).';

/** How far the simulated clock may run ahead: far enough for any flow, near enough to stay a date. */
const MAX_OFFSET_YEARS = 5;
const MAX_OFFSET_MS = MAX_OFFSET_YEARS * 365 * 24 * 3_600_000;

function sandboxOnly(auth: AuthInfo): void {
  if (auth.mode !== 'sandbox') throw new ApiError('SANDBOX_ONLY');
}

/** Runs the simulation up to now (after the clock moved or a contact wrote) and wakes the dispatcher. */
async function simulate(services: Services): Promise<number> {
  const { changes, events } = await services.sandbox.simulate(services.clock.now());
  if (events > 0) services.wakeWebhooks();
  return changes;
}

export const sandboxState = defineOperation({
  name: 'sandbox_state',
  effect: 'read',
  method: 'POST',
  path: '/api/v1/sandbox_state',
  summary: 'Inspect the simulated LinkedIn of an account (sandbox)',
  description:
    "welink's own. What the sandbox holds for the account: budgets used, invitations sent and received (with what each invitee will do and when), " +
    'conversations (with the contacts\' planned replies), reply trackers, side effects done, and a few groups and events to message through.' +
    SANDBOX,
  tag: 'Sandbox',
  body: Type.Object({ accountId: Type.String({ minLength: 1, maxLength: 64 }) }),
  response: { status: 200, schema: Type.Object({}, { additionalProperties: true }), description: 'The account\'s simulated state.' },
  errors: ['SANDBOX_ONLY', 'ACCOUNT_NOT_FOUND'],
  example: { accountId: exampleAccount },
  exampleResponse: {
    accountId: exampleAccount,
    email: 'ada.lovelace@example.com',
    simulated_now: '2026-01-06T09:00:00.000Z',
    clock_offset_hours: 24,
    budgets: { invitations: { used: 1, limit: 100, window_hours: 168, waits_with: 'WEEKLY_INVITATION_LIMIT' } },
    invitations: { sent: [{ invitation_id: 'inv_7130045617893aa1', profile_id: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', status: 'PENDING', will: 'ACCEPT', at: '2026-01-05T14:00:00.000Z' }], received: [] },
    threads: [],
    trackers: [],
  },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    sandboxOnly(auth);
    const a = await loadAccount(services, auth.workspaceId, body.accountId);
    return { body: await services.sandbox.state(a, services.clock.now()) };
  },
});

export const sandboxAdvanceTime = defineOperation({
  name: 'sandbox_advance_time',
  effect: 'write',
  method: 'POST',
  path: '/api/v1/sandbox_advance_time',
  summary: 'Move simulated time forward (sandbox)',
  description:
    "welink's own. Moves the workspace's simulated clock (shared by its accounts) forward by `hours`, then runs everything that became due: " +
    'invitations accepted (connection_accepted events), contacts replying (message_received), reply trackers polling (MESSAGE_REPLY), budgets freeing up. ' +
    'Every wait of the workspace shortens by the same time (requests waiting for a budget, account holds, the pause before an account\'s next action). Simulated time never goes back, ' +
    'and runs at most 5 years ahead in all (a step past that answers 400). Ids, event times and webhook timestamps stay in real time.' +
    SANDBOX,
  tag: 'Sandbox',
  body: Type.Object({ hours: Type.Number({ exclusiveMinimum: 0, maximum: 8760, description: 'How far to move, in hours (fractions allowed).' }) }),
  response: {
    status: 200,
    schema: Type.Object({ simulated_now: Type.String(), clock_offset_hours: Type.Number(), changes: Type.Integer({ description: 'Invitations, replies and tracker polls processed.' }) }),
    description: 'The new simulated time.',
  },
  errors: ['SANDBOX_ONLY'],
  example: { hours: 24 },
  exampleResponse: { simulated_now: '2026-01-06T09:00:00.000Z', clock_offset_hours: 24, changes: 2 },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    sandboxOnly(auth);
    const now = services.clock.now();
    const by = Math.round(body.hours * 3_600_000);
    const current = await services.sandbox.clockOffset(auth.workspaceId);
    if (current + by > MAX_OFFSET_MS) {
      throw new ApiError('VALIDATION_FAILED', `Invalid request: the simulated clock runs at most ${MAX_OFFSET_YEARS} years ahead; it is ${Math.round(current / 3_600_000)} hours ahead now.`, {
        details: [{ field: 'hours', problem: `would take the simulated clock more than ${MAX_OFFSET_YEARS} years ahead` }],
      });
    }
    const offset = await services.sandbox.advanceClock(auth.workspaceId, by, now);
    await shiftWaits(services.store.db, auth.workspaceId, by, now);
    const changes = await simulate(services);
    services.wakeWork();
    return { body: { simulated_now: new Date(now + offset).toISOString(), clock_offset_hours: offset / 3_600_000, changes } };
  },
});

export const sandboxReply = defineOperation({
  name: 'sandbox_reply',
  effect: 'write',
  method: 'POST',
  path: '/api/v1/sandbox_reply',
  summary: 'Make a contact reply now (sandbox)',
  description:
    "welink's own. The contact of the conversation writes `message` now (simulated time): a message_received event at once, and MESSAGE_REPLY at the next poll of a reply tracker on the thread." +
    SANDBOX,
  tag: 'Sandbox',
  body: Type.Object({
    accountId: Type.String({ minLength: 1, maxLength: 64 }),
    thread_id: Type.String({ minLength: 1, maxLength: 300 }),
    message: Type.Optional(Type.String({ minLength: 1, maxLength: 8000, description: 'Default: "Thanks for your message!"' })),
  }),
  response: {
    status: 200,
    schema: Type.Object({ thread_id: Type.String(), message_id: Type.String(), sent_at: Type.Number() }),
    description: 'The contact\'s message.',
  },
  errors: ['SANDBOX_ONLY', 'ACCOUNT_NOT_FOUND', 'NOT_FOUND'],
  example: { accountId: exampleAccount, thread_id: '2-ZjA1ZTY4ZDQtNTk3Ny00', message: 'Sounds good, let us talk on Monday.' },
  exampleResponse: { thread_id: '2-ZjA1ZTY4ZDQtNTk3Ny00', message_id: 'msg_01jq3xc9r8t7y6u5i4o3p2a1sd', sent_at: 1767603600000 },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    sandboxOnly(auth);
    const a = await loadAccount(services, auth.workspaceId, body.accountId);
    const now = services.clock.now();
    const at = now + (await services.sandbox.clockOffset(auth.workspaceId));
    const text = body.message ?? 'Thanks for your message!';
    const written = await services.sandbox.contactReplies({ threadId: body.thread_id, accountId: a.id, text, at }, now);
    if (!written) throw new ApiError('NOT_FOUND', 'No conversation with this thread_id in the account.');
    services.wakeWebhooks();
    return { body: { thread_id: body.thread_id, message_id: written.message_id, sent_at: at } };
  },
});

/** Sandbox-only inspection and simulated-time operations. */
export const sandboxOperations: Operation[] = [sandboxState, sandboxAdvanceTime, sandboxReply];
