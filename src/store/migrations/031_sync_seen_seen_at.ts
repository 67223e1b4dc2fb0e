import type { Kysely } from 'kysely';

/**
 * The retention purge deletes sync dedupe marks by age (`seen_at`); without this index each of its
 * batches read the whole table, which grows with every message and connection the syncs see.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('sync_seen_seen_at').on('sync_seen').column('seen_at').execute();
}
