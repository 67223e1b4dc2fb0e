import type { Kysely } from 'kysely';

/**
 * What keeps a LinkedIn account safe when LinkedIn pushes back (issue: live safety):
 * - an account-wide hold (after HTTP 429 or 999) on the account row, with the category holds
 *   (a weekly invitation limit holds only invitations) beside it, and their history in account_holds
 *   (repeats within a day escalate);
 * - welink's own budgets per category, spent in budget_spend, capped per account (`budgets`
 *   overrides the defaults) and ramped up from `activated_at` for a newly connected account.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('hold_until', 'bigint').execute();
  await db.schema.alterTable('accounts').addColumn('hold_reason', 'text').execute();
  await db.schema.alterTable('accounts').addColumn('category_holds', 'text').execute();
  await db.schema.alterTable('accounts').addColumn('budgets', 'text').execute();
  await db.schema.alterTable('accounts').addColumn('activated_at', 'bigint').execute();

  await db.schema
    .createTable('account_holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('until', 'bigint')
    .execute();
  await db.schema.createIndex('account_holds_account').on('account_holds').columns(['account_id', 'started_at']).execute();

  await db.schema
    .createTable('budget_spend')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('budget_spend_window').on('budget_spend').columns(['account_id', 'category', 'at']).execute();
}
