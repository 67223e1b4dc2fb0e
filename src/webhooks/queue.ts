import type { Kysely, Selectable } from 'kysely';
import { markDue } from '../store/webhook-due-hints.ts';
import type { Database, WebhookDeliveriesTable, WebhookEndpointsTable } from '../store/tables.ts';

/**
 * The delivery queue as small SQL statements. A delivery is claimed by setting a lease and taking
 * one attempt number (`attempts + 1`, store/webhook-claims.ts); the attempt number is the fence: a
 * result is recorded only while the row still carries it (store/webhook-settle.ts), so a worker whose
 * lease expired (killed, or stuck past its lease) cannot overwrite the outcome of the worker that took
 * over, nor a replay.
 */

export type Delivery = Selectable<WebhookDeliveriesTable>;
export type Endpoint = Selectable<WebhookEndpointsTable>;

/**
 * The safety net of the hints: an endpoint whose hint says "nothing pending" while deliveries are
 * pending, or "not before a later retry" while a delivery is due now, is made due now. Both come from
 * a delivery that committed while its endpoint was being claimed: the event's markDue saw the hint
 * due and left it, and the claim, which could not see the delivery yet, then moved the hint to the
 * next retry (up to hours away). Runs every few seconds when idle; an index probe per endpoint.
 */
export async function repairDueHints(db: Kysely<Database>, now: number): Promise<number> {
  const r = await db
    .updateTable('webhook_endpoints')
    .set({ next_due_at: now })
    .where((eb) =>
      eb.or([
        eb.and([
          eb('next_due_at', 'is', null),
          eb.exists(eb.selectFrom('webhook_deliveries as d').select('d.id').whereRef('d.endpoint_id', '=', 'webhook_endpoints.id').where('d.status', '=', 'PENDING')),
        ]),
        eb.and([
          eb('next_due_at', '>', now),
          eb.exists(
            eb
              .selectFrom('webhook_deliveries as d')
              .select('d.id')
              .whereRef('d.endpoint_id', '=', 'webhook_endpoints.id')
              .where('d.status', '=', 'PENDING')
              .where('d.next_attempt_at', '<=', now)
              .where((w) => w.or([w('d.lease_until', 'is', null), w('d.lease_until', '<=', now)])),
          ),
        ]),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Earliest time an enabled endpoint may have a delivery to attempt, for sleeping exactly that long. */
export async function nextDueAt(db: Kysely<Database>): Promise<number | null> {
  const row = await db.selectFrom('webhook_endpoints').select((eb) => eb.fn.min('next_due_at').as('t')).where('enabled', '=', 1).executeTakeFirst();
  const t = row?.t;
  return t === null || t === undefined ? null : Number(t);
}

/** Frees every lease: a lone SQLite process at start owns them all, so leftovers are its previous life's. */
export async function releaseAllLeases(db: Kysely<Database>, now: number): Promise<number> {
  const released = await db.updateTable('webhook_deliveries').set({ lease_until: null }).where('status', '=', 'PENDING').where('lease_until', 'is not', null).returning('endpoint_id').execute();
  await markDue(db, [...new Set(released.map((d) => d.endpoint_id))], now);
  await repairDueHints(db, now);
  return released.length;
}

/** Gives a claimed delivery back untouched (its endpoint went away between claim and send). */
export async function release(db: Kysely<Database>, d: Delivery, now: number): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ lease_until: null, attempts: d.attempts - 1 })
    .where('id', '=', d.id)
    .where('status', '=', 'PENDING')
    .where('attempts', '=', d.attempts)
    .execute();
  await markDue(db, [d.endpoint_id], now);
}

export interface AttemptRecord {
  attemptedAt: number;
  durationMs: number;
  statusCode: number | null;
  /** DELIVERED, HTTP_ERROR, GONE, or the transport failure code (TIMEOUT, CONNECTION_FAILED...). */
  outcome: string;
  excerpt: string | null;
}

/** PostgreSQL text refuses NUL; a receiver's answer may contain anything. */
export function storableText(s: string | null): string | null {
  return s === null ? null : s.replace(/\u0000/g, '\uFFFD');
}

/** A successful attempt ends the endpoint's failing streak. */
export async function endpointSucceeded(trx: Kysely<Database>, endpointId: string): Promise<void> {
  await trx.updateTable('webhook_endpoints').set({ failing_since: null }).where('id', '=', endpointId).where('failing_since', 'is not', null).execute();
}

/**
 * A failed attempt starts (or continues) the endpoint's failing streak; when the streak has lasted
 * `disableAfterMs`, the endpoint is disabled. Returns the reason when this call disabled it.
 */
export async function endpointFailed(trx: Kysely<Database>, endpointId: string, now: number, disableAfterMs: number, lastError: string): Promise<string | null> {
  await trx.updateTable('webhook_endpoints').set({ failing_since: now }).where('id', '=', endpointId).where('failing_since', 'is', null).execute();
  const e = await trx.selectFrom('webhook_endpoints').select(['failing_since', 'enabled']).where('id', '=', endpointId).executeTakeFirst();
  if (!e || e.enabled !== 1 || e.failing_since === null || now - Number(e.failing_since) < disableAfterMs) return null;
  const hours = Math.round(disableAfterMs / 3600000);
  const reason = `Disabled on ${new Date(now).toISOString()}: every attempt failed for ${hours} hour${hours === 1 ? '' : 's'} (last: ${lastError}).`;
  await disableEndpoint(trx, endpointId, now, reason);
  return reason;
}

export async function disableEndpoint(trx: Kysely<Database>, endpointId: string, now: number, reason: string): Promise<void> {
  await trx.updateTable('webhook_endpoints').set({ enabled: 0, disabled_reason: reason, updated_at: now }).where('id', '=', endpointId).execute();
}
