import { Type } from '@sinclair/typebox';
import { createEndpoint, deleteEndpoint, rotateEndpointSecret, updateEndpoint } from '../../webhooks/endpoints.ts';
import { DEFAULT_ROTATION_OVERLAP_MS } from '../../webhooks/secrets.ts';
import { generateWebhookSecret } from '../../webhooks/signature.ts';
import { emitTestEvent } from '../../webhooks/test-event.ts';
import { endpointView } from '../../webhooks/views.ts';
import { ApiError } from '../errors.ts';
import { defineOperation, type Operation } from '../operation.ts';
import { checkUrl, description, EndpointSchema, events, exampleDeliveryId, exampleEndpoint, exampleSecret, exampleWebhookId, loadEndpoint, TAG, url, webhookId } from './webhook-shared.ts';

export const createWebhook = defineOperation({
  name: 'create_webhook',
  effect: 'write',
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
    const now = services.clock.now();
    const secret = generateWebhookSecret();
    const created = await services.committer.run(`webhooks:${auth.workspaceId}`, (trx) =>
      createEndpoint(trx, {
        workspaceId: auth.workspaceId,
        url: body.url,
        events: body.events ?? null,
        description: body.description ?? null,
        sealedSecret: services.sealer.seal(secret),
        now,
      }),
    );
    if (!created.ok) {
      throw new ApiError('VALIDATION_FAILED', `Invalid request: a workspace has at most ${created.limit} webhook endpoints; delete one first.`, {
        details: [{ field: 'url', problem: `at most ${created.limit} endpoints per workspace` }],
      });
    }
    return { body: { ...endpointView(created.endpoint, now), secret } };
  },
});

export const listWebhooks = defineOperation({
  name: 'list_webhooks',
  effect: 'read',
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
  effect: 'idempotent',
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
    await services.committer.run(before.id, (trx) => updateEndpoint(trx, before, { url: body.url, events: body.events, description: body.description, enabled: body.enabled }, now));
    if (body.enabled === true && before.enabled !== 1) services.wakeWebhooks();
    return { body: endpointView(await loadEndpoint(services, auth.workspaceId, before.id), now) };
  },
});

export const deleteWebhook = defineOperation({
  name: 'delete_webhook',
  effect: 'destructive',
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
    await services.committer.run(e.id, (trx) => deleteEndpoint(trx, e.id, now));
    return { body: { webhookId: e.id, deleted: true } };
  },
});

export const rotateWebhookSecret = defineOperation({
  name: 'rotate_webhook_secret',
  effect: 'write',
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
    await services.committer.run(e.id, (trx) => rotateEndpointSecret(trx, e, services.sealer.seal(secret), expires, now));
    return { body: { webhookId: e.id, secret, previousSecretExpiresAt: expires === null ? null : new Date(expires).toISOString() } };
  },
});

export const testWebhook = defineOperation({
  name: 'test_webhook',
  effect: 'write',
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

/** Webhook endpoint management: create, list, change, delete, rotate the secret, send a test event. */
export const webhookEndpointOperations: Operation[] = [createWebhook, listWebhooks, updateWebhook, deleteWebhook, rotateWebhookSecret, testWebhook];
