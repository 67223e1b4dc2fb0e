import type { Kysely } from 'kysely';

/**
 * The live accounts' sync (new messages, accepted invitations): when each account syncs next and
 * how far it has read, and the ids already turned into events, so each event is emitted once even
 * when two syncs overlap or a process dies after emitting.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('next_sync_at', 'bigint').execute();
  await db.schema.alterTable('accounts').addColumn('sync_cursor', 'text').execute();
  await db.schema.createIndex('accounts_sync_due').on('accounts').columns(['next_sync_at']).execute();
  await db.schema
    .createTable('sync_seen')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_seen_pk', ['account_id', 'kind', 'key'])
    .execute();
}
