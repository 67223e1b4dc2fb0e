import type { Kysely } from 'kysely';
import type { Database } from '../store/tables.ts';
import { markDue } from '../store/webhook-due-hints.ts';
import type { Delivery } from './queue.ts';

/**
 * Replays put a delivery back on the queue under its own id, so the receiver sees the same
 * `webhook-id` and can deduplicate. A finished delivery starts the retry schedule afresh; a pending
 * one is just made due now. Deliveries of deleted endpoints cannot be replayed.
 */

const restart = (now: number) => ({ status: 'PENDING' as const, attempts: 0, next_attempt_at: now, finished_at: null, lease_until: null });

export type ReplayOne = { kind: 'replayed'; delivery: Delivery } | { kind: 'delivery_not_found' } | { kind: 'endpoint_gone' };

export async function replayDelivery(db: Kysely<Database>, workspaceId: string, deliveryId: string, now: number): Promise<ReplayOne> {
  const d = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', deliveryId).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!d) return { kind: 'delivery_not_found' };
  const endpoint = await db.selectFrom('webhook_endpoints').select('id').where('id', '=', d.endpoint_id).executeTakeFirst();
  if (!endpoint) return { kind: 'endpoint_gone' };
  if (d.status === 'PENDING') {
    await db.updateTable('webhook_deliveries').set({ next_attempt_at: now }).where('id', '=', d.id).where('status', '=', 'PENDING').where('next_attempt_at', '>', now).execute();
  } else {
    // Guarded on the state read above: a concurrent replay does not restart the schedule twice.
    await db.updateTable('webhook_deliveries').set(restart(now)).where('id', '=', d.id).where('status', '=', d.status).execute();
  }
  await markDue(db, [d.endpoint_id], now);
  const after = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
  return { kind: 'replayed', delivery: after };
}

/** Every FAILED delivery created in [from, to] (optionally of one endpoint) back on the queue; returns how many. */
export async function replayFailed(
  db: Kysely<Database>,
  workspaceId: string,
  range: { from: number; to: number; endpointId?: string },
  now: number,
): Promise<number> {
  let q = db
    .updateTable('webhook_deliveries')
    .set(restart(now))
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'FAILED')
    .where('created_at', '>=', range.from)
    .where('created_at', '<=', range.to)
    .where((eb) => eb.exists(eb.selectFrom('webhook_endpoints as e').select('e.id').whereRef('e.id', '=', 'webhook_deliveries.endpoint_id')));
  if (range.endpointId) q = q.where('endpoint_id', '=', range.endpointId);
  const replayed = await q.returning('endpoint_id').execute();
  await markDue(db, [...new Set(replayed.map((d) => d.endpoint_id))], now);
  return replayed.length;
}
