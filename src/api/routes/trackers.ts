import { Type } from '@sinclair/typebox';
import { ApiError } from '../errors.ts';
import { loadAccount } from '../lookups.ts';
import { defineOperation, type Operation } from '../operation.ts';

const exampleAccount = 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz';
const exampleTracker = 'trk_01jq3xd4f5g6h7j8k9m0n1p2q3';

export const getActiveTracker = defineOperation({
  name: 'get_active_tracker',
  effect: 'read',
  method: 'POST',
  path: '/api/v1/get_active_tracker',
  summary: 'List active reply trackers',
  description:
    'Synchronous. The reply trackers of the account that still wait for a reply (made by a send with `track_reply: true`). ' +
    'A tracker stops by itself when it reports the reply (MESSAGE_REPLY); otherwise it polls until update_message_tracker disables it. ' +
    'With none, answers We-Link\'s `{"message":"No active message tracker found"}`.',
  tag: 'Messaging',
  body: Type.Object({ accountId: Type.String({ minLength: 1, maxLength: 64 }) }),
  response: {
    status: 200,
    schema: Type.Union([
      Type.Array(Type.Object({ accountId: Type.String(), thread_id: Type.String(), tracker_id: Type.String() })),
      Type.Object({ message: Type.Literal('No active message tracker found') }),
    ]),
    description: 'The active trackers, or a message when there are none.',
  },
  errors: ['ACCOUNT_NOT_FOUND'],
  example: { accountId: exampleAccount },
  exampleResponse: [{ accountId: exampleAccount, thread_id: '2-ZjA1ZTY4ZDQtNTk3Ny00', tracker_id: exampleTracker }],
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const a = await loadAccount(services, auth.workspaceId, body.accountId);
    const rows = await services.trackers.active(auth.workspaceId, a.id);
    if (rows.length === 0) return { body: { message: 'No active message tracker found' } };
    return { body: rows.map((r) => ({ accountId: r.account_id, thread_id: r.thread_id, tracker_id: r.id })) };
  },
});

export const updateMessageTracker = defineOperation({
  name: 'update_message_tracker',
  effect: 'idempotent',
  method: 'POST',
  path: '/api/v1/update_message_tracker',
  summary: 'Disable a reply tracker',
  description:
    'Synchronous. Stops a reply tracker (We-Link\'s example sends only `tracker_id`; `accountId` is accepted and ignored). ' +
    'A tracker that already stopped (replied or disabled) answers 200 with its status.',
  tag: 'Messaging',
  body: Type.Object({
    tracker_id: Type.String({ minLength: 1, maxLength: 100 }),
    accountId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  }),
  response: {
    status: 200,
    schema: Type.Object({ message: Type.String(), tracker_id: Type.String(), status: Type.String({ description: 'DISABLED or REPLIED.' }) }),
    description: 'The tracker is stopped.',
  },
  errors: ['TRACKER_NOT_FOUND'],
  example: { tracker_id: exampleTracker },
  exampleResponse: { message: 'Message tracker disabled', tracker_id: exampleTracker, status: 'DISABLED' },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const r = await services.trackers.disable(auth.workspaceId, body.tracker_id, services.clock.now());
    if (r === 'NOT_FOUND') throw new ApiError('TRACKER_NOT_FOUND');
    if (r === 'DISABLED') return { body: { message: 'Message tracker disabled', tracker_id: body.tracker_id, status: 'DISABLED' } };
    return { body: { message: 'Message tracker already stopped', tracker_id: body.tracker_id, status: r.alreadyStopped } };
  },
});

/** Reply tracking's synchronous calls. */
export const trackerOperations: Operation[] = [getActiveTracker, updateMessageTracker];
