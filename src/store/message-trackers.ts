import type { Kysely, Transaction } from 'kysely';
import { newId } from '../lib/ids.ts';
import type { Database } from './tables.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Reply trackers (`track_reply`), a product feature: one row per tracked send, polled every
 * `frequency` hours of the workspace's time until the contact replies (MESSAGE_REPLY) or the
 * integrator disables it. The sandbox ticker polls them against the simulated inbox; a live
 * account's sync checks every inbound message against them.
 */

export const DEFAULT_FREQUENCY_HOURS = 1;

export async function createTracker(
  trx: Db,
  t: { workspaceId: string; accountId: string; threadId: string; requestId: string | null; frequencyHours?: number; since: number; now: number },
): Promise<string> {
  const id = newId('trk', t.now);
  const frequency = Math.round((t.frequencyHours ?? DEFAULT_FREQUENCY_HOURS) * 3_600_000);
  // One active tracker per thread: a newer tracked send replaces the older one.
  await trx
    .updateTable('message_trackers')
    .set({ status: 'DISABLED', stopped_at: t.since })
    .where('account_id', '=', t.accountId)
    .where('thread_id', '=', t.threadId)
    .where('status', '=', 'ACTIVE')
    .execute();
  await trx
    .insertInto('message_trackers')
    .values({
      id,
      workspace_id: t.workspaceId,
      account_id: t.accountId,
      thread_id: t.threadId,
      request_id: t.requestId,
      status: 'ACTIVE',
      frequency_ms: frequency,
      since: t.since,
      next_poll_at: t.since + frequency,
      reply_message_id: null,
      created_at: t.since,
      stopped_at: null,
    })
    .execute();
  return id;
}

export async function activeTrackers(db: Db, workspaceId: string, accountId: string) {
  return db
    .selectFrom('message_trackers')
    .select(['id', 'account_id', 'thread_id', 'frequency_ms', 'next_poll_at', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('account_id', '=', accountId)
    .where('status', '=', 'ACTIVE')
    .orderBy('created_at')
    .execute();
}

/** Disables an active tracker of the workspace; false when there is none with this id. */
export async function disableTracker(db: Db, workspaceId: string, trackerId: string, at: number): Promise<'DISABLED' | 'ALREADY_STOPPED' | 'NOT_FOUND'> {
  const row = await db.selectFrom('message_trackers').select(['status']).where('id', '=', trackerId).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) return 'NOT_FOUND';
  if (row.status !== 'ACTIVE') return 'ALREADY_STOPPED';
  await db.updateTable('message_trackers').set({ status: 'DISABLED', stopped_at: at }).where('id', '=', trackerId).where('status', '=', 'ACTIVE').execute();
  return 'DISABLED';
}
