import { Type } from '@sinclair/typebox';
import { newId } from '../../lib/ids.ts';
import type { Endpoint } from '../../webhooks/queue.ts';
import { replayDelivery, replayFailed } from '../../webhooks/replay.ts';
import { DEFAULT_ROTATION_OVERLAP_MS } from '../../webhooks/secrets.ts';
import { generateWebhookSecret } from '../../webhooks/signature.ts';
import { checkWebhookUrl, MAX_WEBHOOK_URL_LENGTH } from '../../webhooks/ssrf.ts';
import { emitTestEvent } from '../../webhooks/test-event.ts';
import { deliveryView, endpointView, eventView } from '../../webhooks/views.ts';
import { ApiError } from '../errors.ts';
import { defineOperation, type Operation } from '../operation.ts';
import type { Services } from '../services.ts';

/** At most this many endpoints per workspace: every event fans out to each of them. */
export const MAX_ENDPOINTS = 50;

// Not "Webhooks": the docs already show a group of that name for the event payloads.
const TAG = 'Webhook endpoints';
const exampleWebhookId = 'whk_01jq3xc7d8e9f0g1h2j3k4m5n6';
const exampleDeliveryId = 'dlv_01jq3xd2e3f4g5h6j7k8m9n0p1';
const exampleSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

const webhookId = Type.String({ minLength: 1, maxLength: 64, description: 'The webhook endpoint id (`whk_...`).' });
const deliveryId = Type.String({ minLength: 1, maxLength: 64, description: 'The delivery id (`dlv_...`); also the `webhook-id` header of its every attempt.' });
const url = Type.String({
  minLength: 1,
  maxLength: MAX_WEBHOOK_URL_LENGTH,
  description: 'http(s) URL that receives the POSTs. Loopback, private, link-local and metadata addresses are refused unless WELINK_WEBHOOK_ALLOW_PRIVATE=true.',
});
const events = Type.Array(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_./*-]+$' }), {
  minItems: 1,
  maxItems: 100,
  uniqueItems: true,
  description: 'Event types to receive (e.g. CONNECTION_SENT, MESSAGE_SENT; `*` for all). Absent or null: every event.',
});
const description = Type.String({ maxLength: 500 });

const EndpointSchema = Type.Object(
  {
    webhookId: Type.String(),
    url: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    events: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'null: every event.' }),
    enabled: Type.Boolean(),
    disabledReason: Type.Union([Type.String(), Type.Null()], { description: 'Why welink disabled the endpoint (410 Gone, sustained failures), or null.' }),
    failingSince: Type.Union([Type.String(), Type.Null()], { description: 'Start of the current run of failed attempts, or null.' }),
    previousSecretExpiresAt: Type.Union([Type.String(), Type.Null()], { description: 'While a rotation overlaps: when the previous secret stops signing.' }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'WebhookEndpoint' },
);
const AttemptSchema = Type.Object({
  attemptedAt: Type.String(),
  statusCode: Type.Union([Type.Integer(), Type.Null()], { description: 'HTTP status of the answer; null when there was none.' }),
  durationMs: Type.Integer(),
  outcome: Type.String({ description: 'DELIVERED, HTTP_ERROR, GONE (410), TIMEOUT, CONNECTION_FAILED, WEBHOOK_URL_FORBIDDEN or WEBHOOK_URL_INVALID.' }),
  excerpt: Type.Union([Type.String(), Type.Null()], { description: 'The start of the answer (512 bytes), or the transport error.' }),
});
const DeliverySchema = Type.Object(
  {
    deliveryId: Type.String(),
    webhookId: Type.String(),
    eventId: Type.String(),
    eventType: Type.String(),
    requestId: Type.Union([Type.String(), Type.Null()]),
    status: Type.String({ description: 'PENDING, DELIVERED or FAILED.' }),
    nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
    lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
    lastError: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
    attempts: Type.Array(AttemptSchema),
  },
  { title: 'WebhookDelivery' },
);

const exampleEndpoint = {
  webhookId: exampleWebhookId,
  url: 'https://crm.example.com/hooks/welink',
  description: 'CRM sync',
  events: ['CONNECTION_SENT', 'CONNECTION_FAILED', 'MESSAGE_SENT'],
  enabled: true,
  disabledReason: null,
  failingSince: null,
  previousSecretExpiresAt: null,
  createdAt: '2026-01-05T09:00:00.000Z',
  updatedAt: '2026-01-05T09:00:00.000Z',
};

async function loadEndpoint(services: Services, workspaceId: string, id: string): Promise<Endpoint> {
  const row = await services.store.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) throw new ApiError('WEBHOOK_NOT_FOUND');
  return row;
}

async function checkUrl(services: Services, value: string): Promise<void> {
  const check = await checkWebhookUrl(value, { allowPrivate: services.config.webhookAllowPrivate });
  if (!check.ok) throw new ApiError(check.code, `${check.message}.`);
}

function parseTime(field: string, value: string): number {
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(t)) {
    throw new ApiError('VALIDATION_FAILED', `Invalid request: ${field} must be an ISO 8601 date-time.`, { details: [{ field, problem: 'must be an ISO 8601 date-time' }] });
  }
  return t;
}

export const createWebhook = defineOperation({
  name: 'create_webhook',
  method: 'POST',
  path: '/api/v1/create_webhook',
  summary: 'Register a webhook endpoint (welink)',
  description:
    "welink's own (We-Link configures webhooks in its dashboard). Registers a URL that receives every event of the workspace, or only the listed types. " +
    'The answer carries the endpoint\'s signing secret (`whsec_...`), **shown only here**: it keys both the in-body We-Link `hash` and the Standard Webhooks `webhook-signature` header.',
  tag: TAG,
  body: Type.Object({ url, events: Type.Optional(Type.Union([events, Type.Null()])), description: Type.Optional(description) }),
  response: {
    status: 200,
    schema: Type.Object({ ...EndpointSchema.properties, secret: Type.String({ description: 'The signing secret; store it now, it is not shown again.' }) }),
    description: 'The endpoint and its secret.',
  },
  errors: ['WEBHOOK_URL_INVALID', 'WEBHOOK_URL_FORBIDDEN'],
  example: { url: 'https://crm.example.com/hooks/welink', events: ['CONNECTION_SENT', 'CONNECTION_FAILED', 'MESSAGE_SENT'], description: 'CRM sync' },
  exampleResponse: { ...exampleEndpoint, secret: exampleSecret },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    await checkUrl(services, body.url);
    const db = services.store.db;
    const count = await db.selectFrom('webhook_endpoints').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', auth.workspaceId).executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_ENDPOINTS) {
      throw new ApiError('VALIDATION_FAILED', `Invalid request: a workspace has at most ${MAX_ENDPOINTS} webhook endpoints; delete one first.`, {
        details: [{ field: 'url', problem: `at most ${MAX_ENDPOINTS} endpoints per workspace` }],
      });
    }
    const now = services.clock.now();
    const secret = generateWebhookSecret();
    const row: Endpoint = {
      id: newId('whk', now),
      workspace_id: auth.workspaceId,
      url: body.url,
      description: body.description ?? null,
      events: body.events ? JSON.stringify(body.events) : null,
      enabled: 1,
      disabled_reason: null,
      secret: services.sealer.seal(secret),
      previous_secret: null,
      previous_secret_expires_at: null,
      failing_since: null,
      created_at: now,
      updated_at: now,
    };
    await db.insertInto('webhook_endpoints').values(row).execute();
    return { body: { ...endpointView(row, now), secret } };
  },
});

export const listWebhooks = defineOperation({
  name: 'list_webhooks',
  method: 'POST',
  path: '/api/v1/list_webhooks',
  summary: 'List webhook endpoints (welink)',
  description: "welink's own. Every endpoint of the workspace with its state; a disabled endpoint says why. Secrets are never listed.",
  tag: TAG,
  body: Type.Object({}),
  response: { status: 200, schema: Type.Object({ webhooks: Type.Array(EndpointSchema) }), description: 'The endpoints, oldest first.' },
  example: {},
  exampleResponse: { webhooks: [exampleEndpoint] },
  limit: 'sync',
  handler: async ({ auth, services }) => {
    const rows = await services.store.db.selectFrom('webhook_endpoints').selectAll().where('workspace_id', '=', auth.workspaceId).orderBy('id').execute();
    const now = services.clock.now();
    return { body: { webhooks: rows.map((r) => endpointView(r, now)) } };
  },
});

export const updateWebhook = defineOperation({
  name: 'update_webhook',
  method: 'POST',
  path: '/api/v1/update_webhook',
  summary: 'Change a webhook endpoint (welink)',
  description:
    "welink's own. Changes the URL, the event filter (`null`: every event), the description or the enabled flag. " +
    'Enabling an endpoint that welink disabled clears the reason; its pending deliveries then go out.',
  tag: TAG,
  body: Type.Object({
    webhookId,
    url: Type.Optional(url),
    events: Type.Optional(Type.Union([events, Type.Null()])),
    enabled: Type.Optional(Type.Boolean()),
    description: Type.Optional(Type.Union([description, Type.Null()])),
  }),
  response: { status: 200, schema: EndpointSchema, description: 'The endpoint after the change.' },
  errors: ['WEBHOOK_NOT_FOUND', 'WEBHOOK_URL_INVALID', 'WEBHOOK_URL_FORBIDDEN'],
  example: { webhookId: exampleWebhookId, enabled: true, events: ['CONNECTION_SENT', 'MESSAGE_SENT'] },
  exampleResponse: { ...exampleEndpoint, events: ['CONNECTION_SENT', 'MESSAGE_SENT'] },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const before = await loadEndpoint(services, auth.workspaceId, body.webhookId);
    if (body.url !== undefined) await checkUrl(services, body.url);
    const now = services.clock.now();
    const patch: Partial<Endpoint> = { updated_at: now };
    if (body.url !== undefined) patch.url = body.url;
    if (body.events !== undefined) patch.events = body.events === null ? null : JSON.stringify(body.events);
    if (body.description !== undefined) patch.description = body.description;
    if (body.enabled === true) Object.assign(patch, { enabled: 1, disabled_reason: null, failing_since: null });
    if (body.enabled === false && before.enabled === 1) Object.assign(patch, { enabled: 0, disabled_reason: 'Disabled with update_webhook.' });
    await services.store.db.updateTable('webhook_endpoints').set(patch).where('id', '=', before.id).execute();
    if (body.enabled === true && before.enabled !== 1) services.wakeWebhooks();
    return { body: endpointView(await loadEndpoint(services, auth.workspaceId, before.id), now) };
  },
});

export const deleteWebhook = defineOperation({
  name: 'delete_webhook',
  method: 'POST',
  path: '/api/v1/delete_webhook',
  summary: 'Delete a webhook endpoint (welink)',
  description: "welink's own. The endpoint stops receiving at once; its pending deliveries are marked FAILED (ENDPOINT_DELETED). The delivery log is kept.",
  tag: TAG,
  body: Type.Object({ webhookId }),
  response: { status: 200, schema: Type.Object({ webhookId: Type.String(), deleted: Type.Boolean() }), description: 'Deleted.' },
  errors: ['WEBHOOK_NOT_FOUND'],
  example: { webhookId: exampleWebhookId },
  exampleResponse: { webhookId: exampleWebhookId, deleted: true },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const e = await loadEndpoint(services, auth.workspaceId, body.webhookId);
    const now = services.clock.now();
    await services.store.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('webhook_endpoints').where('id', '=', e.id).execute();
      await trx
        .updateTable('webhook_deliveries')
        .set({ status: 'FAILED', finished_at: now, lease_until: null, last_error: 'ENDPOINT_DELETED: the endpoint was deleted.' })
        .where('endpoint_id', '=', e.id)
        .where('status', '=', 'PENDING')
        .execute();
    });
    return { body: { webhookId: e.id, deleted: true } };
  },
});

export const rotateWebhookSecret = defineOperation({
  name: 'rotate_webhook_secret',
  method: 'POST',
  path: '/api/v1/rotate_webhook_secret',
  summary: 'Rotate the signing secret of an endpoint (welink)',
  description:
    "welink's own. Makes a new secret, shown only in this answer. The We-Link `hash` uses the new secret at once; the `webhook-signature` header carries a signature " +
    'with each of the two secrets until the overlap ends (default 24 hours), so a receiver verifying with either passes while it switches.',
  tag: TAG,
  body: Type.Object({
    webhookId,
    overlapSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 86400, description: 'How long the previous secret keeps signing. Default 86400 (24 h); 0 ends it now.' })),
  }),
  response: {
    status: 200,
    schema: Type.Object({ webhookId: Type.String(), secret: Type.String(), previousSecretExpiresAt: Type.Union([Type.String(), Type.Null()]) }),
    description: 'The new secret.',
  },
  errors: ['WEBHOOK_NOT_FOUND'],
  example: { webhookId: exampleWebhookId, overlapSeconds: 86400 },
  exampleResponse: { webhookId: exampleWebhookId, secret: exampleSecret, previousSecretExpiresAt: '2026-01-06T09:00:00.000Z' },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const e = await loadEndpoint(services, auth.workspaceId, body.webhookId);
    const now = services.clock.now();
    const overlapMs = body.overlapSeconds === undefined ? DEFAULT_ROTATION_OVERLAP_MS : body.overlapSeconds * 1000;
    const secret = generateWebhookSecret();
    const expires = overlapMs > 0 ? now + overlapMs : null;
    await services.store.db
      .updateTable('webhook_endpoints')
      .set({ secret: services.sealer.seal(secret), previous_secret: expires === null ? null : e.secret, previous_secret_expires_at: expires, updated_at: now })
      .where('id', '=', e.id)
      .execute();
    return { body: { webhookId: e.id, secret, previousSecretExpiresAt: expires === null ? null : new Date(expires).toISOString() } };
  },
});

export const testWebhook = defineOperation({
  name: 'test_webhook',
  method: 'POST',
  path: '/api/v1/test_webhook',
  summary: 'Send a test event to an endpoint (welink)',
  description:
    "welink's own. Sends a `WEBHOOK_TEST` event to this endpoint only, whatever its event filter, signed like every delivery. " +
    'Follow it with list_webhook_deliveries. A disabled endpoint receives it once enabled.',
  tag: TAG,
  body: Type.Object({ webhookId }),
  response: {
    status: 200,
    schema: Type.Object({ webhookId: Type.String(), eventId: Type.String(), deliveryId: Type.String(), status: Type.String() }),
    description: 'The test delivery, queued.',
  },
  errors: ['WEBHOOK_NOT_FOUND'],
  example: { webhookId: exampleWebhookId },
  exampleResponse: { webhookId: exampleWebhookId, eventId: 'evt_01jq3xe4f5g6h7j8k9m0n1p2q3', deliveryId: exampleDeliveryId, status: 'PENDING' },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const e = await loadEndpoint(services, auth.workspaceId, body.webhookId);
    const now = services.clock.now();
    const out = await services.committer.run(e.id, (trx) => emitTestEvent(trx, auth.workspaceId, e.id, now));
    services.wakeWebhooks();
    return { body: { webhookId: e.id, ...out, status: 'PENDING' } };
  },
});

const DELIVERY_PAGE = 50;

export const listWebhookDeliveries = defineOperation({
  name: 'list_webhook_deliveries',
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

const EVENT_PAGE = 100;

export const getEvents = defineOperation({
  name: 'get_events',
  method: 'POST',
  path: '/api/v1/get_events',
  summary: 'Read the ordered event log (welink)',
  description:
    "welink's own. Every event of the workspace in commit order, numbered by `seq` without gaps. Pass the last `seq` you processed as `after` (0 at first) " +
    "and continue with `nextAfter` while `hasMore`: a client that missed webhooks rebuilds everything from here. `payload` is the webhook body without `hash`.",
  tag: TAG,
  body: Type.Object({
    after: Type.Optional(Type.Integer({ minimum: 0, description: 'Return events with a larger seq. Default 0.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: `Default ${EVENT_PAGE}.` })),
  }),
  response: {
    status: 200,
    schema: Type.Object({
      events: Type.Array(
        Type.Object({
          seq: Type.Integer(),
          eventId: Type.String(),
          type: Type.String(),
          accountId: Type.Union([Type.String(), Type.Null()]),
          requestId: Type.Union([Type.String(), Type.Null()]),
          createdAt: Type.String(),
          payload: Type.Object({}, { additionalProperties: true }),
        }),
      ),
      nextAfter: Type.Integer({ description: 'The `after` for the next call: the last seq returned, or the given `after` when none.' }),
      hasMore: Type.Boolean(),
    }),
    description: 'A page of the event log.',
  },
  example: { after: 0, limit: 100 },
  exampleResponse: {
    events: [
      {
        seq: 1,
        eventId: 'evt_01jq3xe4f5g6h7j8k9m0n1p2q3',
        type: 'CONNECTION_SENT',
        accountId: 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz',
        requestId: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0',
        createdAt: '2026-01-05T09:00:00.000Z',
        payload: {
          event: 'CONNECTION_SENT',
          event_type: '/api/v1/connect',
          status: 'SUCCESS',
          state: 'SUCCESS',
          requestId: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0',
          request_id: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0',
          accountId: 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz',
          result: { connected: true, profile_id: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789' },
          message: null,
        },
      },
    ],
    nextAfter: 1,
    hasMore: false,
  },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const after = body.after ?? 0;
    const limit = body.limit ?? EVENT_PAGE;
    const rows = await services.store.db
      .selectFrom('events')
      .selectAll()
      .where('workspace_id', '=', auth.workspaceId)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    return { body: { events: page.map(eventView), nextAfter: page.length > 0 ? Number(page[page.length - 1].seq) : after, hasMore: rows.length > limit } };
  },
});

/** Webhook endpoint management, delivery log, replay and event log operations. */
export const webhookOperations: Operation[] = [
  createWebhook,
  listWebhooks,
  updateWebhook,
  deleteWebhook,
  rotateWebhookSecret,
  testWebhook,
  listWebhookDeliveries,
  replayWebhookDelivery,
  replayFailedWebhookDeliveries,
  getEvents,
];
