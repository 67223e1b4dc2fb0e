import { Type } from '@sinclair/typebox';
import { stampEvents } from '../../store/event-seq.ts';
import { eventView } from '../../webhooks/views.ts';
import { ApiError } from '../errors.ts';
import { defineOperation, type Operation } from '../operation.ts';
import { exampleSummary, RequestSummarySchema, requestSummary } from '../request-views.ts';
import type { Services } from '../services.ts';

const STATES = ['QUEUED', 'RUNNING', 'SUCCESS', 'FAILED', 'CANCELLED', 'PIN_REQUIRED'] as const;
const State = Type.Union(STATES.map((s) => Type.Literal(s)));
const PAGE = 50;
const accountIdFilter = Type.String({ minLength: 1, maxLength: 64, description: 'Only this account\'s.' });

/** A filter on an account answers 404 for an account the workspace does not have (a foreign one included). */
async function checkAccount(services: Services, workspaceId: string, accountId: string | undefined): Promise<void> {
  if (accountId === undefined) return;
  const row = await services.store.db.selectFrom('accounts').select('id').where('id', '=', accountId).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) throw new ApiError('ACCOUNT_NOT_FOUND');
}

export const listRequests = defineOperation({
  name: 'list_requests',
  effect: 'read',
  method: 'POST',
  path: '/api/v1/list_requests',
  summary: 'List requests (welink)',
  description:
    "welink's own. The workspace's requests, newest first, optionally filtered by state, action and account. Pass `nextCursor` back as `cursor` for the next page. " +
    'Finished requests are kept for the retention period (30 days by default).',
  tag: 'Requests',
  body: Type.Object({
    status: Type.Optional(Type.Union([State, Type.Array(State, { minItems: 1, maxItems: STATES.length, uniqueItems: true })], { description: 'One state or several.' })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'An action name, e.g. connect.' })),
    accountId: Type.Optional(accountIdFilter),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The `nextCursor` of the previous page.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: `Requests per page, default ${PAGE}.` })),
  }),
  response: {
    status: 200,
    schema: Type.Object({ requests: Type.Array(RequestSummarySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
    description: 'A page of requests.',
  },
  errors: ['ACCOUNT_NOT_FOUND'],
  example: { status: ['FAILED'], action: 'connect', limit: 20 },
  exampleResponse: { requests: [{ ...exampleSummary, state: 'FAILED', errorCode: 'PROFILE_NOT_FOUND', errorMessage: 'Profile not found' }], nextCursor: null },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    await checkAccount(services, auth.workspaceId, body.accountId);
    const limit = body.limit ?? PAGE;
    let q = services.store.db.selectFrom('requests').selectAll().where('workspace_id', '=', auth.workspaceId);
    if (body.accountId !== undefined) q = q.where('account_id', '=', body.accountId);
    if (body.action !== undefined) q = q.where('action', '=', body.action);
    if (body.status !== undefined) q = q.where('status', 'in', Array.isArray(body.status) ? body.status : [body.status]);
    // Ids are time-ordered, so the id is both the order and the cursor.
    if (body.cursor !== undefined) q = q.where('id', '<', body.cursor);
    const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const now = services.clock.now();
    return { body: { requests: page.map((r) => requestSummary(r, now)), nextCursor: rows.length > limit ? page[page.length - 1].id : null } };
  },
});

const EVENT_PAGE = 50;

export const listEvents = defineOperation({
  name: 'list_events',
  effect: 'read',
  method: 'POST',
  path: '/api/v1/list_events',
  summary: 'Browse the event log, newest first (welink)',
  description:
    "welink's own. The same events as get_events, newest first, optionally of one type or one account: for looking back. " +
    'Pass `nextBefore` back as `before` for older events. To follow new events as they come, read get_events with `after` set to the newest `seq` you have.',
  tag: 'Webhook endpoints',
  body: Type.Object({
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'Only events with a smaller seq.' })),
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'An event type, e.g. CONNECTION_SENT.' })),
    accountId: Type.Optional(accountIdFilter),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: `Default ${EVENT_PAGE}.` })),
  }),
  response: {
    status: 200,
    schema: Type.Object({
      events: Type.Array(Type.Object({}, { additionalProperties: true, description: 'As in get_events.' })),
      nextBefore: Type.Union([Type.Integer(), Type.Null()], { description: 'The `before` for the next (older) page, or null at the start of the log.' }),
      lastSeq: Type.Integer({ description: 'The newest seq of the workspace (0 when the log is empty): follow it with get_events `after`.' }),
    }),
    description: 'A page of the event log, newest first.',
  },
  errors: ['ACCOUNT_NOT_FOUND'],
  example: { limit: 20 },
  exampleResponse: {
    events: [
      {
        seq: 2,
        eventId: 'evt_01jq3xe4f5g6h7j8k9m0n1p2q3',
        type: 'CONNECTION_SENT',
        accountId: 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz',
        requestId: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0',
        createdAt: '2026-01-05T09:00:00.000Z',
        payload: { event: 'CONNECTION_SENT', status: 'SUCCESS' },
      },
    ],
    nextBefore: 2,
    lastSeq: 2,
  },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    await checkAccount(services, auth.workspaceId, body.accountId);
    const db = services.store.db;
    const limit = body.limit ?? EVENT_PAGE;
    await stampEvents(db);
    let q = db.selectFrom('events').selectAll().where('workspace_id', '=', auth.workspaceId).where('seq', 'is not', null);
    if (body.before !== undefined) q = q.where('seq', '<', body.before);
    if (body.type !== undefined) q = q.where('type', '=', body.type);
    if (body.accountId !== undefined) q = q.where('account_id', '=', body.accountId);
    const rows = await q.orderBy('seq', 'desc').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const ws = await db.selectFrom('workspaces').select('event_seq').where('id', '=', auth.workspaceId).executeTakeFirstOrThrow();
    return {
      body: {
        events: page.map(eventView),
        nextBefore: rows.length > limit ? Number(page[page.length - 1].seq) : null,
        lastSeq: Number(ws.event_seq),
      },
    };
  },
});

/** Read-only lists the console (and any client) browses with. */
export const listingOperations: Operation[] = [listRequests, listEvents];
