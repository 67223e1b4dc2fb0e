import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { newId } from '../lib/ids.ts';
import { forUpdateSkipLocked } from '../store/locks.ts';
import type { Database, WebhookDeliveriesTable, WebhookEndpointsTable } from '../store/tables.ts';

/**
 * The delivery queue as small SQL statements. A delivery is claimed by setting a lease and taking
 * one attempt number (`attempts + 1`); the attempt number is the fence: a result is recorded only
 * while the row still carries it, so a worker whose lease expired (killed, or stuck past its lease)
 * cannot overwrite the outcome of the worker that took over, nor a replay.
 */

export type Delivery = Selectable<WebhookDeliveriesTable>;
export type Endpoint = Selectable<WebhookEndpointsTable>;

/**
 * Takes up to `n` due deliveries of enabled endpoints whose lease is free or expired. The candidates
 * are picked in a materialized CTE: as an `IN (subquery ... LIMIT n)` PostgreSQL may rescan the
 * subquery and update more than `n` rows.
 */
export async function claimDue(db: Kysely<Database>, now: number, leaseMs: number, n: number): Promise<Delivery[]> {
  if (n <= 0) return [];
  return db
    .with(
      (cte) => cte('due').materialized(),
      (qb) => {
        const due = qb
          .selectFrom('webhook_deliveries as d')
          .select('d.id')
          .where('d.status', '=', 'PENDING')
          .where('d.next_attempt_at', '<=', now)
          .where((eb) => eb.or([eb('d.lease_until', 'is', null), eb('d.lease_until', '<=', now)]))
          .where((eb) =>
            eb.exists(eb.selectFrom('webhook_endpoints as e').select('e.id').whereRef('e.id', '=', 'd.endpoint_id').where('e.enabled', '=', 1)),
          )
          .orderBy('d.next_attempt_at')
          .limit(n);
        // Other workers skip the deliveries this one is taking instead of waiting for them.
        return forUpdateSkipLocked(db, due);
      },
    )
    .updateTable('webhook_deliveries')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), lease_until: now + leaseMs }))
    .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
    .where('status', '=', 'PENDING')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .returningAll()
    .execute();
}

/** Earliest time a delivery of an enabled endpoint becomes claimable, for sleeping exactly that long. */
export async function nextDueAt(db: Kysely<Database>): Promise<number | null> {
  const row = await db
    .selectFrom('webhook_deliveries as d')
    .select(
      sql<number | null>`min(case when d.lease_until is not null and d.lease_until > d.next_attempt_at then d.lease_until else d.next_attempt_at end)`.as('t'),
    )
    .where('d.status', '=', 'PENDING')
    .where((eb) =>
      eb.exists(eb.selectFrom('webhook_endpoints as e').select('e.id').whereRef('e.id', '=', 'd.endpoint_id').where('e.enabled', '=', 1)),
    )
    .executeTakeFirst();
  const t = row?.t;
  return t === null || t === undefined ? null : Number(t);
}

/** Frees every lease: a lone SQLite process at start owns them all, so leftovers are its previous life's. */
export async function releaseAllLeases(db: Kysely<Database>): Promise<number> {
  const r = await db.updateTable('webhook_deliveries').set({ lease_until: null }).where('status', '=', 'PENDING').where('lease_until', 'is not', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Gives a claimed delivery back untouched (its endpoint went away between claim and send). */
export async function release(db: Kysely<Database>, d: Delivery): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ lease_until: null, attempts: d.attempts - 1 })
    .where('id', '=', d.id)
    .where('status', '=', 'PENDING')
    .where('attempts', '=', d.attempts)
    .execute();
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

export async function insertAttempt(trx: Transaction<Database>, d: Delivery, a: AttemptRecord): Promise<void> {
  await trx
    .insertInto('webhook_attempts')
    .values({
      id: newId('att', a.attemptedAt),
      delivery_id: d.id,
      workspace_id: d.workspace_id,
      attempted_at: a.attemptedAt,
      duration_ms: a.durationMs,
      status_code: a.statusCode,
      outcome: a.outcome,
      excerpt: storableText(a.excerpt),
    })
    .execute();
}

/** The delivery's next state after an attempt; false when the fence says someone else owns it now. */
export async function settleDelivery(
  trx: Transaction<Database>,
  d: Delivery,
  next:
    | { status: 'DELIVERED'; now: number; lastStatus: number }
    | { status: 'FAILED'; now: number; lastStatus: number | null; lastError: string }
    | { status: 'PENDING'; nextAttemptAt: number; lastStatus: number | null; lastError: string },
): Promise<boolean> {
  const patch =
    next.status === 'DELIVERED'
      ? { status: 'DELIVERED' as const, finished_at: next.now, last_status: next.lastStatus, last_error: null, lease_until: null }
      : next.status === 'FAILED'
        ? { status: 'FAILED' as const, finished_at: next.now, last_status: next.lastStatus, last_error: storableText(next.lastError), lease_until: null }
        : { next_attempt_at: next.nextAttemptAt, last_status: next.lastStatus, last_error: storableText(next.lastError), lease_until: null };
  const r = await trx
    .updateTable('webhook_deliveries')
    .set(patch)
    .where('id', '=', d.id)
    .where('status', '=', 'PENDING')
    .where('attempts', '=', d.attempts)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A successful attempt ends the endpoint's failing streak. */
export async function endpointSucceeded(trx: Transaction<Database>, endpointId: string): Promise<void> {
  await trx.updateTable('webhook_endpoints').set({ failing_since: null }).where('id', '=', endpointId).where('failing_since', 'is not', null).execute();
}

/**
 * A failed attempt starts (or continues) the endpoint's failing streak; when the streak has lasted
 * `disableAfterMs`, the endpoint is disabled. Returns the reason when this call disabled it.
 */
export async function endpointFailed(trx: Transaction<Database>, endpointId: string, now: number, disableAfterMs: number, lastError: string): Promise<string | null> {
  await trx.updateTable('webhook_endpoints').set({ failing_since: now }).where('id', '=', endpointId).where('failing_since', 'is', null).execute();
  const e = await trx.selectFrom('webhook_endpoints').select(['failing_since', 'enabled']).where('id', '=', endpointId).executeTakeFirst();
  if (!e || e.enabled !== 1 || e.failing_since === null || now - Number(e.failing_since) < disableAfterMs) return null;
  const hours = Math.round(disableAfterMs / 3600000);
  const reason = `Disabled on ${new Date(now).toISOString()}: every attempt failed for ${hours} hour${hours === 1 ? '' : 's'} (last: ${lastError}).`;
  await disableEndpoint(trx, endpointId, now, reason);
  return reason;
}

export async function disableEndpoint(trx: Transaction<Database>, endpointId: string, now: number, reason: string): Promise<void> {
  await trx.updateTable('webhook_endpoints').set({ enabled: 0, disabled_reason: reason, updated_at: now }).where('id', '=', endpointId).execute();
}
