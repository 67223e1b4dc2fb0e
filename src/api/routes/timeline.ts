import { Type } from '@sinclair/typebox';
import { stampEvents } from '../../store/event-seq.ts';
import { ApiError } from '../errors.ts';
import { defineOperation, type Operation } from '../operation.ts';

const iso = (t: number | null) => (t === null ? null : new Date(Number(t)).toISOString());

const Entry = Type.Object(
  {
    at: Type.String(),
    kind: Type.String({ description: 'ACCEPTED, STARTED, FINISHED, EVENT, WEBHOOK_ATTEMPT or WEBHOOK_SCHEDULED (the next attempt of a pending delivery).' }),
    state: Type.Optional(Type.String({ description: 'FINISHED: the final state.' })),
    code: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'FINISHED: the failure code.' })),
    attempts: Type.Optional(Type.Integer({ description: 'STARTED: how many times the request has been started so far.' })),
    eventId: Type.Optional(Type.String()),
    eventType: Type.Optional(Type.String()),
    seq: Type.Optional(Type.Integer()),
    deliveryId: Type.Optional(Type.String()),
    webhookId: Type.Optional(Type.String()),
    statusCode: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    durationMs: Type.Optional(Type.Integer()),
    outcome: Type.Optional(Type.String({ description: 'WEBHOOK_ATTEMPT: DELIVERED, HTTP_ERROR, GONE, TIMEOUT, CONNECTION_FAILED...' })),
  },
  { title: 'TimelineEntry' },
);

type TimelineEntry = { at: string; kind: string } & Record<string, unknown>;
const ORDER = ['ACCEPTED', 'STARTED', 'FINISHED', 'EVENT', 'WEBHOOK_ATTEMPT', 'WEBHOOK_SCHEDULED'];

export const getRequestTimeline = defineOperation({
  name: 'get_request_timeline',
  effect: 'read',
  method: 'POST',
  path: '/api/v1/get_request_timeline',
  summary: 'The timeline of a request (welink)',
  description:
    "welink's own. Everything that happened to a request, oldest first: accepted, started (the first start; `attempts` counts restarts), finished, " +
    'the events it caused, and every webhook attempt of those events with its HTTP status and duration. Accepts `request_id`, `requestId` or `requestID`.',
  tag: 'Requests',
  body: Type.Object({
    request_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The request id (any of the three spellings works).' })),
    requestId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    requestID: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  }),
  response: {
    status: 200,
    schema: Type.Object({ requestId: Type.String(), accountId: Type.String(), action: Type.String(), state: Type.String(), timeline: Type.Array(Entry) }),
    description: 'The timeline.',
  },
  errors: ['REQUEST_NOT_FOUND'],
  example: { request_id: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0' },
  exampleResponse: {
    requestId: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0',
    accountId: 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz',
    action: 'connect',
    state: 'SUCCESS',
    timeline: [
      { at: '2026-01-05T09:00:00.000Z', kind: 'ACCEPTED' },
      { at: '2026-01-05T09:00:01.000Z', kind: 'STARTED', attempts: 1 },
      { at: '2026-01-05T09:00:02.000Z', kind: 'FINISHED', state: 'SUCCESS', code: null },
      { at: '2026-01-05T09:00:02.000Z', kind: 'EVENT', eventId: 'evt_01jq3xe4f5g6h7j8k9m0n1p2q3', eventType: 'CONNECTION_SENT', seq: 7 },
      { at: '2026-01-05T09:00:02.050Z', kind: 'WEBHOOK_ATTEMPT', deliveryId: 'dlv_01jq3xd2e3f4g5h6j7k8m9n0p1', webhookId: 'whk_01jq3xc7d8e9f0g1h2j3k4m5n6', eventType: 'CONNECTION_SENT', statusCode: 200, durationMs: 35, outcome: 'DELIVERED' },
    ],
  },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const id = body.request_id ?? body.requestId ?? body.requestID;
    if (typeof id !== 'string') throw new ApiError('VALIDATION_FAILED', 'Invalid request: request_id is required.', { details: [{ field: 'request_id', problem: 'is required' }] });
    const db = services.store.db;
    const req = await db.selectFrom('requests').selectAll().where('id', '=', id).where('workspace_id', '=', auth.workspaceId).executeTakeFirst();
    if (!req) throw new ApiError('REQUEST_NOT_FOUND');
    await stampEvents(db);
    const events = await db.selectFrom('events').selectAll().where('request_id', '=', req.id).where('workspace_id', '=', auth.workspaceId).execute();
    const deliveries = await db.selectFrom('webhook_deliveries').selectAll().where('request_id', '=', req.id).where('workspace_id', '=', auth.workspaceId).execute();
    const attempts =
      deliveries.length === 0 ? [] : await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', deliveries.map((d) => d.id)).execute();
    const byId = new Map(deliveries.map((d) => [d.id, d]));

    const timeline: TimelineEntry[] = [{ at: iso(req.accepted_at)!, kind: 'ACCEPTED' }];
    if (req.started_at !== null) timeline.push({ at: iso(req.started_at)!, kind: 'STARTED', attempts: req.attempts });
    if (req.finished_at !== null) timeline.push({ at: iso(req.finished_at)!, kind: 'FINISHED', state: req.status, code: req.error_code });
    for (const e of events) timeline.push({ at: iso(e.created_at)!, kind: 'EVENT', eventId: e.id, eventType: e.type, seq: Number(e.seq) });
    for (const a of attempts) {
      const d = byId.get(a.delivery_id)!;
      timeline.push({ at: iso(a.attempted_at)!, kind: 'WEBHOOK_ATTEMPT', deliveryId: d.id, webhookId: d.endpoint_id, eventType: d.event_type, statusCode: a.status_code, durationMs: a.duration_ms, outcome: a.outcome });
    }
    for (const d of deliveries) {
      if (d.status === 'PENDING') timeline.push({ at: iso(d.next_attempt_at)!, kind: 'WEBHOOK_SCHEDULED', deliveryId: d.id, webhookId: d.endpoint_id, eventType: d.event_type });
    }
    timeline.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind)));
    return { body: { requestId: req.id, accountId: req.account_id, action: req.action, state: req.status, timeline } };
  },
});

export const timelineOperations: Operation[] = [getRequestTimeline];
