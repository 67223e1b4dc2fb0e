import type { Kysely } from 'kysely';
import type { Database } from '../../store/tables.ts';
import { isQueryIdKey, validQueryIdValue, type QueryIdKey, type QueryIds } from './query-ids.ts';

/** A stored value with where it came from. */
export interface StoredQueryId {
  key: QueryIdKey;
  value: string;
  source: string;
  updatedAt: number;
}

/** The deployment's stored values (rows of unknown keys or malformed values are left out). */
export async function readStoredQueryIds(db: Kysely<Database>): Promise<StoredQueryId[]> {
  const rows = await db.selectFrom('linkedin_query_ids').select(['key', 'value', 'source', 'updated_at']).execute();
  return rows
    .filter((r): r is typeof r & { key: QueryIdKey } => isQueryIdKey(r.key) && validQueryIdValue(r.key as QueryIdKey, r.value))
    .map((r) => ({ key: r.key, value: r.value, source: r.source, updatedAt: Number(r.updated_at) }));
}

/** Stores new values (one upsert per key, in one transaction). */
export async function writeQueryIds(db: Kysely<Database>, values: Partial<QueryIds>, source: string, now: number): Promise<void> {
  const entries = Object.entries(values).filter(([k, v]) => isQueryIdKey(k) && typeof v === 'string' && validQueryIdValue(k, v));
  if (entries.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const [key, value] of entries) {
      await trx
        .insertInto('linkedin_query_ids')
        .values({ key, value: value as string, source, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: value as string, source, updated_at: now }))
        .execute();
    }
  });
}
