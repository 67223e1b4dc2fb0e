import { sql, type Kysely } from 'kysely';

/**
 * Fair webhook delivery: the dispatcher claims by endpoint, least recently served first, at most a
 * few in flight per endpoint, instead of the oldest deliveries of all (where one tenant's backlog
 * delayed every other tenant's events). `next_due_at` says when an endpoint may next have a delivery
 * to attempt (null: none pending), so finding the endpoints with work never scans the backlog.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_endpoints').addColumn('next_due_at', 'bigint').execute();
  await db.schema.alterTable('webhook_endpoints').addColumn('last_served_at', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('webhook_endpoints_due').on('webhook_endpoints').columns(['enabled', 'next_due_at']).execute();
  await db.schema.createIndex('webhook_deliveries_endpoint').on('webhook_deliveries').columns(['endpoint_id', 'status', 'next_attempt_at']).execute();
  await db.schema
    .createIndex('webhook_deliveries_leased')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'lease_until'])
    .where(sql.ref('lease_until'), 'is not', null)
    .execute();
  await db
    .updateTable('webhook_endpoints')
    .set({
      next_due_at: sql`(select min(d.next_attempt_at) from webhook_deliveries d where d.endpoint_id = webhook_endpoints.id and d.status = 'PENDING')`,
    })
    .execute();
}
