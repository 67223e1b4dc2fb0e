import type { Kysely, Transaction } from 'kysely';
import type { Database } from './tables.ts';

/**
 * The endpoints may have a delivery to attempt from `at`: their hint moves earlier, never later
 * (a hint that is early only costs an empty claim), so the steady state writes nothing. In store/,
 * not webhooks/: emitting an event (events/, a lower layer) sets it too.
 */
export async function markDue(db: Kysely<Database> | Transaction<Database>, endpointIds: string[], at: number): Promise<void> {
  if (endpointIds.length === 0) return;
  await db
    .updateTable('webhook_endpoints')
    .set({ next_due_at: at })
    .where('id', 'in', endpointIds)
    .where((eb) => eb.or([eb('next_due_at', 'is', null), eb('next_due_at', '>', at)]))
    .execute();
}
