import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/**
 * Kysely's SQLite driver prepares every query it runs; compiling the same SQL again on every request
 * was the largest single cost of the hot paths. This keeps prepared statements by SQL text (bounded;
 * a statement busy in an unfinished iteration is never handed out twice).
 */
export function withStatementCache(db: BetterSqlite3.Database, max = 2000): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      const hit = cache.get(sql);
      if (hit && !hit.busy) return hit;
      const stmt = db.prepare(sql);
      if (!hit) {
        // Oldest first out: queries with `in (?, ?, ...)` lists of many lengths must not grow it forever.
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}
