import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { newId } from '../lib/ids.ts';
import { forUpdateSkipLocked } from '../store/locks.ts';
import { markDue } from '../store/webhook-due-hints.ts';
import type { Database, WebhookDeliveriesTable, WebhookEndpointsTable } from '../store/tables.ts';

/**
 * The delivery queue as small SQL statements. A delivery is claimed by setting a lease and taking
 * one attempt number (`attempts + 1`); the attempt number is the fence: a result is recorded only
 * while the row still carries it, so a worker whose lease expired (killed, or stuck past its lease)
 * cannot overwrite the outcome of the worker that took over, nor a replay.
 */

export type Delivery = Selectable<WebhookDeliveriesTable>;
export type Endpoint = Selectable<WebhookEndpointsTable>;

export interface ClaimLimits {
  /** Deliveries in flight at once for one endpoint: a slow endpoint holds at most these many slots. */
  perEndpoint: number;
}

/**
 * Takes up to `n` due deliveries, fairly: endpoints with work are served least recently served first,
 * each workspace gets an equal share of the batch, and an endpoint never has more than
 * `perEndpoint` attempts in flight (a slow or hanging endpoint cannot hold back the others). Each
 * delivery is claimed by a lease and an attempt number (the fence). Runs in the caller's transaction.
 */
export async function claimDue(trx: Transaction<Database>, now: number, leaseMs: number, n: number, limits: ClaimLimits): Promise<Delivery[]> {
  if (n <= 0) return [];
  // Endpoints that may have work, least recently served first.
  const ready = await trx
    .selectFrom('webhook_endpoints')
    .select(['id', 'workspace_id'])
    .where('enabled', '=', 1)
    .where('next_due_at', '<=', now)
    .orderBy('last_served_at')
    .orderBy('id')
    .limit(Math.max(16, n * 4))
    .execute();
  if (ready.length === 0) return [];
  const workspaces = new Set(ready.map((e) => e.workspace_id));
  const perWorkspace = Math.max(1, Math.ceil(n / workspaces.size));
  const taken = new Map<string, number>();
  const claimed: Delivery[] = [];
  for (const e of ready) {
    if (claimed.length >= n) break;
    const share = perWorkspace - (taken.get(e.workspace_id) ?? 0);
    if (share <= 0) continue;
    // One claimer per endpoint at a time, so its in-flight count holds; another worker claiming
    // this endpoint right now makes us move on to the next one.
    const mine = await forUpdateSkipLocked(trx, trx.selectFrom('webhook_endpoints').select('id').where('id', '=', e.id).where('enabled', '=', 1)).executeTakeFirst();
    if (!mine) continue;
    const inFlight = await trx
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('endpoint_id', '=', e.id)
      .where('lease_until', 'is not', null)
      .where('lease_until', '>', now)
      .where('status', '=', 'PENDING')
      .executeTakeFirstOrThrow();
    const room = Math.min(limits.perEndpoint - Number(inFlight.n), share, n - claimed.length);
    if (room > 0) {
      const unleased = (eb: any) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]);
      // A materialized CTE runs the locking subquery once: inside `IN (...)` PostgreSQL may run it
      // again and take more than `room`.
      const rows = await trx
        .with(
          (cte) => cte('due').materialized(),
          (qb) =>
            forUpdateSkipLocked(
              trx,
              qb
                .selectFrom('webhook_deliveries')
                .select('id')
                .where('endpoint_id', '=', e.id)
                .where('status', '=', 'PENDING')
                .where('next_attempt_at', '<=', now)
                .where(unleased)
                .orderBy('next_attempt_at')
                .limit(room),
            ),
        )
        .updateTable('webhook_deliveries')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), lease_until: now + leaseMs }))
        .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
        .where('status', '=', 'PENDING')
        // Checked again on the row itself: a delivery another worker leased meanwhile is not taken twice.
        .where(unleased)
        .returningAll()
        .execute();
      claimed.push(...rows);
      taken.set(e.workspace_id, (taken.get(e.workspace_id) ?? 0) + rows.length);
    }
    await trx.updateTable('webhook_endpoints').set({ last_served_at: now, next_due_at: await nextDueOf(trx, e.id) }).where('id', '=', e.id).execute();
  }
  return claimed;
}

/**
 * When the endpoint next has a delivery to attempt: its earliest unleased pending delivery, or the
 * earliest lease of one in flight to expire (its worker may die); null when nothing is pending.
 */
async function nextDueOf(trx: Transaction<Database>, endpointId: string): Promise<number | null> {
  const free = await trx
    .selectFrom('webhook_deliveries')
    .select('next_attempt_at')
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'PENDING')
    .where('lease_until', 'is', null)
    .orderBy('next_attempt_at')
    .limit(1)
    .executeTakeFirst();
  const leased = await trx
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.min('lease_until').as('t'))
    .where('endpoint_id', '=', endpointId)
    .where('lease_until', 'is not', null)
    .where('status', '=', 'PENDING')
    .executeTakeFirst();
  const times = [free?.next_attempt_at, leased?.t].filter((t): t is number => t !== null && t !== undefined).map(Number);
  return times.length === 0 ? null : Math.min(...times);
}

/**
 * The safety net of the hints: an endpoint whose hint says "nothing pending" while deliveries are
 * pending (a delivery committed as its endpoint was last claimed) is made due now. Runs every few
 * seconds; one index probe per idle endpoint.
 */
export async function repairDueHints(db: Kysely<Database>, now: number): Promise<number> {
  const r = await db
    .updateTable('webhook_endpoints')
    .set({ next_due_at: now })
    .where('next_due_at', 'is', null)
    .where((eb) => eb.exists(eb.selectFrom('webhook_deliveries as d').select('d.id').whereRef('d.endpoint_id', '=', 'webhook_endpoints.id').where('d.status', '=', 'PENDING')))
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
  const settled = Number(r.numUpdatedRows) > 0;
  // A retry is due again later: the endpoint's hint must not be later than that.
  if (settled && next.status === 'PENDING') await markDue(trx, [d.endpoint_id], next.nextAttemptAt);
  return settled;
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
