import { Type } from '@sinclair/typebox';
import type { Endpoint } from '../../webhooks/queue.ts';
import { checkWebhookUrl, MAX_WEBHOOK_URL_LENGTH } from '../../lib/ssrf.ts';
import { ApiError } from '../errors.ts';
import type { Services } from '../services.ts';

/** Schemas, examples and lookups shared by the webhook endpoint and delivery operations. */

// Not "Webhooks": the docs already show a group of that name for the event payloads.
export const TAG = 'Webhook endpoints';
export const exampleWebhookId = 'whk_01jq3xc7d8e9f0g1h2j3k4m5n6';
export const exampleDeliveryId = 'dlv_01jq3xd2e3f4g5h6j7k8m9n0p1';
export const exampleSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export const webhookId = Type.String({ minLength: 1, maxLength: 64, description: 'The webhook endpoint id (`whk_...`).' });
export const deliveryId = Type.String({ minLength: 1, maxLength: 64, description: 'The delivery id (`dlv_...`); also the `webhook-id` header of its every attempt.' });
export const url = Type.String({
  minLength: 1,
  maxLength: MAX_WEBHOOK_URL_LENGTH,
  description: 'http(s) URL that receives the POSTs. Loopback, private, link-local and metadata addresses are refused unless WELINK_WEBHOOK_ALLOW_PRIVATE=true.',
});
export const events = Type.Array(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_./*-]+$' }), {
  minItems: 1,
  maxItems: 100,
  uniqueItems: true,
  description: 'Event types to receive (e.g. CONNECTION_SENT, MESSAGE_SENT; `*` for all). Absent or null: every event.',
});
export const description = Type.String({ maxLength: 500 });

export const EndpointSchema = Type.Object(
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
export const AttemptSchema = Type.Object({
  attemptedAt: Type.String(),
  statusCode: Type.Union([Type.Integer(), Type.Null()], { description: 'HTTP status of the answer; null when there was none.' }),
  durationMs: Type.Integer(),
  outcome: Type.String({ description: 'DELIVERED, HTTP_ERROR, GONE (410), TIMEOUT, CONNECTION_FAILED, WEBHOOK_URL_FORBIDDEN or WEBHOOK_URL_INVALID.' }),
  excerpt: Type.Union([Type.String(), Type.Null()], { description: 'The start of the answer (512 bytes), or the transport error.' }),
});
export const DeliverySchema = Type.Object(
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

export const exampleEndpoint = {
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

export async function loadEndpoint(services: Services, workspaceId: string, id: string): Promise<Endpoint> {
  const row = await services.store.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) throw new ApiError('WEBHOOK_NOT_FOUND');
  return row;
}

export async function checkUrl(services: Services, value: string): Promise<void> {
  const check = await checkWebhookUrl(value, { allowPrivate: services.config.webhookAllowPrivate });
  if (!check.ok) throw new ApiError(check.code, `${check.message}.`);
}

export function parseTime(field: string, value: string): number {
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(t)) {
    throw new ApiError('VALIDATION_FAILED', `Invalid request: ${field} must be an ISO 8601 date-time.`, { details: [{ field, problem: 'must be an ISO 8601 date-time' }] });
  }
  return t;
}

