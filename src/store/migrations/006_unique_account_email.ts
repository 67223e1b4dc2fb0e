import { sql, type Kysely } from 'kysely';

/**
 * One live account per (workspace, email): two concurrent logins for a new email through different
 * API processes used to create two accounts, each with its own hourly limit and lane, so one LinkedIn
 * account ran actions in parallel. A partial unique index makes that impossible in the database; a
 * disconnected account keeps its email and row, so the owner can connect the address again.
 *
 * Duplicates left by the old behaviour are folded first: the oldest account of each email keeps it,
 * the younger ones are disconnected (reason DUPLICATE_ACCOUNT) and their unfinished requests cancelled.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ email: sql`lower(trim(email))` })
    .where(sql<boolean>`email <> lower(trim(email))`)
    .execute();
  const younger = sql<string>`(
    select a.id from accounts a
    where a.status <> 'DISCONNECTED'
      and exists (
        select 1 from accounts b
        where b.workspace_id = a.workspace_id and b.email = a.email and b.status <> 'DISCONNECTED'
          and (b.created_at < a.created_at or (b.created_at = a.created_at and b.id < a.id))
      ))`;
  await db
    .updateTable('requests')
    .set({ status: 'CANCELLED', error_code: 'DUPLICATE_ACCOUNT', error_message: 'A duplicate of this account was removed.' })
    .where('account_id', 'in', younger)
    .where('status', 'in', ['QUEUED', 'PIN_REQUIRED'])
    .execute();
  await db
    .updateTable('accounts')
    .set({ status: 'DISCONNECTED', status_reason: 'DUPLICATE_ACCOUNT', secrets: null, proxy: null })
    .where('id', 'in', younger)
    .execute();
  await db.schema
    .createIndex('accounts_workspace_email_live')
    .on('accounts')
    .columns(['workspace_id', 'email'])
    .unique()
    .where(sql.ref('status'), '<>', 'DISCONNECTED')
    .execute();
}
