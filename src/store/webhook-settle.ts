import { sql, type Insertable, type Kysely } from 'kysely';
import { locksRows } from './locks.ts';
import type { Database, WebhookAttemptsTable } from './tables.ts';

/** A claimed delivery's state after its attempt. */
export interface Settlement {
  deliveryId: string;
  endpointId: string;
  /** The attempt number its claim took: the fence. */
  attempt: number;
  status: 'DELIVERED' | 'FAILED' | 'PENDING';
  /** DELIVERED and FAILED only. */
  finishedAt: number | null;
  /** PENDING only: when the next attempt is due. */
  nextAttemptAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
  /** The attempt's row in the delivery log; null when no attempt was made (its event was purged). */
  logged: Insertable<WebhookAttemptsTable> | null;
}

/**
 * Logs the attempts and moves their deliveries to their next state, each only while it still carries
 * its attempt number: a worker whose lease expired cannot overwrite the outcome of the worker that took
 * over, nor a replay. Attempts are logged either way. Returns the ids of the deliveries settled.
 */
export async function settleDeliveries(db: Kysely<Database>, all: Settlement[], now: number): Promise<Set<string>> {
  if (all.length === 0) return new Set();
  return locksRows(db) ? settleInOneStatement(db, all, now) : settleOneByOne(db, all);
}

/**
 * PostgreSQL: the whole batch in one round trip, its columns passed as arrays.
 *
 * It also brings forward the due hint of the batch's endpoints where it hides a delivery waiting now.
 * That happens when a delivery commits while its endpoint is claimed: the emitting transaction found
 * the hint due and left it, and the claim, which could not see the delivery yet, found nothing left
 * and moved the hint to its leases' expiry. Their attempts ending is the first moment to look again;
 * in the steady state this writes nothing. (SQLite has one writer: a claim sees every committed delivery.)
 */
async function settleInOneStatement(db: Kysely<Database>, all: Settlement[], now: number): Promise<Set<string>> {
  const col = <T>(f: (s: Settlement) => T) => all.map(f);
  const logged = all.flatMap((s) => (s.logged ? [s.logged] : []));
  const att = <K extends keyof Insertable<WebhookAttemptsTable>>(k: K) => logged.map((a) => a[k] ?? null);
  const r = await sql<{ id: string }>`
    with logged as (
      insert into webhook_attempts (id, delivery_id, workspace_id, attempted_at, duration_ms, status_code, outcome, excerpt)
      select * from unnest(${att('id')}::text[], ${att('delivery_id')}::text[], ${att('workspace_id')}::text[], ${att('attempted_at')}::bigint[],
        ${att('duration_ms')}::integer[], ${att('status_code')}::integer[], ${att('outcome')}::text[], ${att('excerpt')}::text[])
    ), rehinted as (
      update webhook_endpoints e set next_due_at = ${now}
      where e.id = any(${[...new Set(col((s) => s.endpointId))]}::text[]) and (e.next_due_at is null or e.next_due_at > ${now})
        and exists (
          select 1 from webhook_deliveries d
          where d.endpoint_id = e.id and d.status = 'PENDING' and d.next_attempt_at <= ${now} and (d.lease_until is null or d.lease_until <= ${now})
        )
    )
    update webhook_deliveries d set
      status = v.status, finished_at = coalesce(v.finished_at, d.finished_at), next_attempt_at = coalesce(v.next_attempt_at, d.next_attempt_at),
      last_status = v.last_status, last_error = v.last_error, lease_until = null
    from unnest(${col((s) => s.deliveryId)}::text[], ${col((s) => s.attempt)}::integer[], ${col((s) => s.status)}::text[], ${col((s) => s.finishedAt)}::bigint[],
      ${col((s) => s.nextAttemptAt)}::bigint[], ${col((s) => s.lastStatus)}::integer[], ${col((s) => s.lastError)}::text[])
      as v(id, attempt, status, finished_at, next_attempt_at, last_status, last_error)
    where d.id = v.id and d.status = 'PENDING' and d.attempts = v.attempt
    returning d.id`.execute(db);
  return new Set(r.rows.map((row) => row.id));
}

/** SQLite: statements cost no round trip there. */
async function settleOneByOne(db: Kysely<Database>, all: Settlement[]): Promise<Set<string>> {
  const logged = all.flatMap((s) => (s.logged ? [s.logged] : []));
  if (logged.length > 0) await db.insertInto('webhook_attempts').values(logged).execute();
  const settled = new Set<string>();
  for (const s of all) {
    const patch =
      s.status === 'PENDING'
        ? { next_attempt_at: s.nextAttemptAt!, last_status: s.lastStatus, last_error: s.lastError, lease_until: null }
        : { status: s.status, finished_at: s.finishedAt, last_status: s.lastStatus, last_error: s.lastError, lease_until: null };
    const r = await db.updateTable('webhook_deliveries').set(patch).where('id', '=', s.deliveryId).where('status', '=', 'PENDING').where('attempts', '=', s.attempt).executeTakeFirst();
    if (Number(r.numUpdatedRows) > 0) settled.add(s.deliveryId);
  }
  return settled;
}
