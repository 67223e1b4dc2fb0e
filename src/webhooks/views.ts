import type { Selectable } from 'kysely';
import type { EventRow, WebhookAttemptsTable } from '../store/tables.ts';
import { boundedPayload } from './payload.ts';
import type { Delivery, Endpoint } from './queue.ts';

/** What the API shows of webhook rows. Secrets never appear here: they are shown once, by the operation that makes them. */

const iso = (t: number | null) => (t === null ? null : new Date(Number(t)).toISOString());

export function endpointView(e: Endpoint, now: number) {
  const overlap = e.previous_secret !== null && e.previous_secret_expires_at !== null && Number(e.previous_secret_expires_at) > now;
  return {
    webhookId: e.id,
    url: e.url,
    description: e.description,
    events: e.events ? (JSON.parse(e.events) as string[]) : null,
    enabled: e.enabled === 1,
    disabledReason: e.disabled_reason,
    failingSince: iso(e.failing_since),
    previousSecretExpiresAt: overlap ? iso(e.previous_secret_expires_at) : null,
    createdAt: iso(e.created_at),
    updatedAt: iso(e.updated_at),
  };
}

export function attemptView(a: Selectable<WebhookAttemptsTable>) {
  return { attemptedAt: iso(a.attempted_at), statusCode: a.status_code, durationMs: a.duration_ms, outcome: a.outcome, excerpt: a.excerpt };
}

export function deliveryView(d: Delivery, attempts: Selectable<WebhookAttemptsTable>[]) {
  return {
    deliveryId: d.id,
    webhookId: d.endpoint_id,
    eventId: d.event_id,
    eventType: d.event_type,
    requestId: d.request_id,
    status: d.status,
    nextAttemptAt: d.status === 'PENDING' ? iso(d.next_attempt_at) : null,
    lastStatusCode: d.last_status,
    lastError: d.last_error,
    createdAt: iso(d.created_at),
    finishedAt: iso(d.finished_at),
    attempts: attempts.map(attemptView),
  };
}

export function eventView(e: EventRow) {
  return {
    seq: Number(e.seq),
    eventId: e.id,
    type: e.type,
    accountId: e.account_id,
    requestId: e.request_id,
    createdAt: iso(e.created_at),
    payload: boundedPayload(e.payload),
  };
}
