import type { Kysely } from 'kysely';

/**
 * The simulated LinkedIn's mutable state (per workspace clock offset, invitations, connections
 * gained or lost, threads and messages) and the product's reply trackers. Times of the sandbox
 * tables are in the workspace's simulated time (real clock + offset); see providers/sandbox/tables.ts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sandbox_clocks')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey())
    .addColumn('offset_ms', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sandbox_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('request_id', 'text')
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('resolves_at', 'bigint')
    .addColumn('resolved_at', 'bigint')
    .execute();
  await db.schema.createIndex('sandbox_invitations_account').on('sandbox_invitations').columns(['account_id', 'profile_id']).execute();
  await db.schema.createIndex('sandbox_invitations_due').on('sandbox_invitations').columns(['status', 'resolves_at']).execute();

  await db.schema
    .createTable('sandbox_connections')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sandbox_connections_pk', ['account_id', 'profile_id'])
    .execute();

  await db.schema
    .createTable('sandbox_threads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
    .addColumn('unread_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('sandbox_threads_account').on('sandbox_threads').columns(['account_id', 'last_activity_at']).execute();

  await db.schema
    .createTable('sandbox_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('thread_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('from_me', 'integer', (c) => c.notNull())
    .addColumn('sender_profile_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('reply_due_at', 'bigint')
    .execute();
  await db.schema.createIndex('sandbox_messages_thread').on('sandbox_messages').columns(['thread_id', 'sent_at']).execute();
  await db.schema.createIndex('sandbox_messages_reply_due').on('sandbox_messages').column('reply_due_at').execute();

  await db.schema
    .createTable('message_trackers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('thread_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('frequency_ms', 'bigint', (c) => c.notNull())
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('next_poll_at', 'bigint', (c) => c.notNull())
    .addColumn('reply_message_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('stopped_at', 'bigint')
    .execute();
  await db.schema.createIndex('message_trackers_due').on('message_trackers').columns(['status', 'next_poll_at']).execute();
  await db.schema.createIndex('message_trackers_account').on('message_trackers').columns(['account_id', 'status']).execute();
}
