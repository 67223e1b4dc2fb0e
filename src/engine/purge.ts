import type { Kysely } from 'kysely';
import type { Database } from '../store/tables.ts';

export interface PurgeOptions {
  /** Finished requests older than this (by finished_at) go, with everything that hangs off them. */
  retentionMs: number;
  /** Requests still counted by the rolling rate limit are kept whatever the retention. */
  rateWindowMs?: number;
  /** Rows per statement: small, so a purge never holds the SQLite writer or PostgreSQL locks for long. */
  batchSize?: number;
  /** Upper bound of batches per call, so one call stays short; the next call continues. */
  maxBatches?: number;
}

export interface PurgeCounts {
  requests: number;
  idempotencyKeys: number;
  /** Sync dedupe marks (sync_seen) older than the retention: the accounts' sync cursors are long past them. */
  syncSeen: number;
}

const FINISHED = ['SUCCESS', 'FAILED', 'CANCELLED'] as const;

/**
 * Retention: deletes finished requests older than the retention period, their events, webhook
 * deliveries and delivery attempts, and expired Idempotency-Keys. Each batch is one short
 * transaction; the caller runs this periodically, so a backlog drains over several calls.
 */
export async function purge(db: Kysely<Database>, now: number, o: PurgeOptions): Promise<PurgeCounts> {
  const batch = o.batchSize ?? 500;
  const maxBatches = o.maxBatches ?? 200;
  const counts: PurgeCounts = { requests: 0, idempotencyKeys: 0, syncSeen: 0 };

  for (let i = 0; i < maxBatches; i++) {
    const n = await db.transaction().execute(async (trx) => {
      const ids = (
        await trx
          .selectFrom('requests')
          .select('id')
          .where('status', 'in', FINISHED)
          .where('finished_at', '<', now - o.retentionMs)
          .where('accepted_at', '<=', now - (o.rateWindowMs ?? 0))
          .limit(batch)
          .execute()
      ).map((r) => r.id);
      if (ids.length === 0) return 0;
      const deliveries = trx.selectFrom('webhook_deliveries').select('id').where('request_id', 'in', ids);
      await trx.deleteFrom('webhook_attempts').where('delivery_id', 'in', deliveries).execute();
      await trx.deleteFrom('webhook_deliveries').where('request_id', 'in', ids).execute();
      await trx.deleteFrom('events').where('request_id', 'in', ids).execute();
      await trx.deleteFrom('requests').where('id', 'in', ids).execute();
      return ids.length;
    });
    counts.requests += n;
    if (n < batch) break;
  }

  for (let i = 0; i < maxBatches; i++) {
    const expired = db
      .selectFrom('idempotency_keys')
      .select(['workspace_id', 'key'])
      .where('expires_at', '<=', now)
      .limit(batch);
    const r = await db
      .deleteFrom('idempotency_keys')
      .where((eb) => eb(eb.refTuple('workspace_id', 'key'), 'in', expired.$asTuple('workspace_id', 'key')))
      .executeTakeFirst();
    const n = Number(r.numDeletedRows);
    counts.idempotencyKeys += n;
    if (n < batch) break;
  }

  for (let i = 0; i < maxBatches; i++) {
    const old = db
      .selectFrom('sync_seen')
      .select(['account_id', 'kind', 'key'])
      .where('seen_at', '<', now - o.retentionMs)
      .limit(batch);
    const r = await db
      .deleteFrom('sync_seen')
      .where((eb) => eb(eb.refTuple('account_id', 'kind', 'key'), 'in', old.$asTuple('account_id', 'kind', 'key')))
      .executeTakeFirst();
    const n = Number(r.numDeletedRows);
    counts.syncSeen += n;
    if (n < batch) break;
  }
  return counts;
}
