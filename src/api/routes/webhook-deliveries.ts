import { Type } from '@sinclair/typebox';
import { replayDelivery, replayFailed } from '../../webhooks/replay.ts';
import { deliveryView } from '../../webhooks/views.ts';
import { ApiError } from '../errors.ts';
import { defineOperation, type Operation } from '../operation.ts';
import { deliveryId, DeliverySchema, exampleDeliveryId, exampleWebhookId, loadEndpoint, parseTime, TAG, webhookId } from './webhook-shared.ts';

const DELIVERY_PAGE = 50;

export const listWebhookDeliveries = defineOperation({
  name: 'list_webhook_deliveries',
  effect: 'read',
  method: 'POST',
  path: '/api/v1/list_webhook_deliveries',
  summary: 'List webhook deliveries and their attempts (welink)',
  description:
    "welink's own. Newest first, filtered by request, endpoint or status, with every attempt (time, HTTP status, duration, outcome, the start of the answer). " +
    'Pass `nextCursor` back as `cursor` for the next page.',
  tag: TAG,
  body: Type.Object({
    request_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    requestId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    webhook_id: Type.Optional(webhookId),
    webhookId: Type.Optional(webhookId),
    status: Type.Optional(Type.Union([Type.Literal('PENDING'), Type.Literal('DELIVERED'), Type.Literal('FAILED')])),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The `nextCursor` of the previous page.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: `Deliveries per page, default ${DELIVERY_PAGE}.` })),
  }),
  response: {
    status: 200,
    schema: Type.Object({ deliveries: Type.Array(DeliverySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
    description: 'A page of deliveries.',
  },
  errors: ['WEBHOOK_NOT_FOUND'],
  example: { request_id: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0' },
  exampleResponse: {
    deliveries: [
      {
        deliveryId: exampleDeliveryId,
        webhookId: exampleWebhookId,
        eventId: 'evt_01jq3xe4f5g6h7j8k9m0n1p2q3',
        eventType: 'CONNECTION_SENT',
        requestId: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0',
        status: 'DELIVERED',
        nextAttemptAt: null,
        lastStatusCode: 200,
        lastError: null,
        createdAt: '2026-01-05T09:00:00.000Z',
        finishedAt: '2026-01-05T09:00:05.200Z',
        attempts: [
          { attemptedAt: '2026-01-05T09:00:00.010Z', statusCode: 503, durationMs: 41, outcome: 'HTTP_ERROR', excerpt: 'upstream unavailable' },
          { attemptedAt: '2026-01-05T09:00:05.150Z', statusCode: 200, durationMs: 35, outcome: 'DELIVERED', excerpt: 'ok' },
        ],
      },
    ],
    nextCursor: null,
  },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const db = services.store.db;
    const endpointId = body.webhook_id ?? body.webhookId;
    const requestId = body.request_id ?? body.requestId;
    if (endpointId !== undefined) await loadEndpoint(services, auth.workspaceId, endpointId);
    const limit = body.limit ?? DELIVERY_PAGE;
    let q = db.selectFrom('webhook_deliveries').selectAll().where('workspace_id', '=', auth.workspaceId);
    if (endpointId !== undefined) q = q.where('endpoint_id', '=', endpointId);
    if (requestId !== undefined) q = q.where('request_id', '=', requestId);
    if (body.status !== undefined) q = q.where('status', '=', body.status);
    if (body.cursor !== undefined) q = q.where('id', '<', body.cursor);
    const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const attempts = page.length === 0 ? [] : await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', page.map((d) => d.id)).orderBy('attempted_at').orderBy('id').execute();
    const byDelivery = new Map<string, typeof attempts>();
    for (const a of attempts) byDelivery.set(a.delivery_id, [...(byDelivery.get(a.delivery_id) ?? []), a]);
    return {
      body: {
        deliveries: page.map((d) => deliveryView(d, byDelivery.get(d.id) ?? [])),
        nextCursor: rows.length > limit ? page[page.length - 1].id : null,
      },
    };
  },
});

export const replayWebhookDelivery = defineOperation({
  name: 'replay_webhook_delivery',
  effect: 'write',
  method: 'POST',
  path: '/api/v1/replay_webhook_delivery',
  summary: 'Send a delivery again (welink)',
  description:
    "welink's own. Queues a new attempt of a delivery now, whatever its state, with the same `webhook-id` (receivers deduplicate on it) and a fresh retry schedule. " +
    'The endpoint must still exist.',
  tag: TAG,
  body: Type.Object({ deliveryId }),
  response: { status: 200, schema: DeliverySchema, description: 'The delivery, pending again.' },
  errors: ['DELIVERY_NOT_FOUND', 'WEBHOOK_NOT_FOUND'],
  example: { deliveryId: exampleDeliveryId },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const db = services.store.db;
    const r = await replayDelivery(db, auth.workspaceId, body.deliveryId, services.clock.now());
    if (r.kind === 'delivery_not_found') throw new ApiError('DELIVERY_NOT_FOUND');
    if (r.kind === 'endpoint_gone') throw new ApiError('WEBHOOK_NOT_FOUND', 'The endpoint of this delivery was deleted; it cannot be replayed.');
    services.wakeWebhooks();
    const attempts = await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', r.delivery.id).orderBy('attempted_at').orderBy('id').execute();
    return { body: deliveryView(r.delivery, attempts) };
  },
});

export const replayFailedWebhookDeliveries = defineOperation({
  name: 'replay_failed_webhook_deliveries',
  effect: 'write',
  method: 'POST',
  path: '/api/v1/replay_failed_webhook_deliveries',
  summary: 'Send every failed delivery of a period again (welink)',
  description:
    "welink's own. After an outage: every FAILED delivery created between `from` and `to` (inclusive, ISO 8601), optionally of one endpoint, is queued again " +
    'under its own `webhook-id` with a fresh retry schedule.',
  tag: TAG,
  body: Type.Object({
    from: Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601 date-time.' }),
    to: Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601 date-time.' }),
    webhookId: Type.Optional(webhookId),
  }),
  response: { status: 200, schema: Type.Object({ replayed: Type.Integer() }), description: 'How many deliveries were queued again.' },
  errors: ['WEBHOOK_NOT_FOUND'],
  example: { from: '2026-01-05T00:00:00Z', to: '2026-01-06T00:00:00Z' },
  exampleResponse: { replayed: 12 },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const from = parseTime('from', body.from);
    const to = parseTime('to', body.to);
    if (body.webhookId !== undefined) await loadEndpoint(services, auth.workspaceId, body.webhookId);
    const replayed = await replayFailed(services.store.db, auth.workspaceId, { from, to, endpointId: body.webhookId }, services.clock.now());
    if (replayed > 0) services.wakeWebhooks();
    return { body: { replayed } };
  },
});

/** The delivery log and replays. */
export const webhookDeliveryOperations: Operation[] = [listWebhookDeliveries, replayWebhookDelivery, replayFailedWebhookDeliveries];
