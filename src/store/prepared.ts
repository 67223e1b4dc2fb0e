import { PostgresAdapter, type Compilable, type CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import { nameStatement } from './named-statements.ts';
import type { Database } from './tables.ts';

type Db = Kysely<Database>;

/**
 * A query built with Kysely once per dialect and then run with new parameter values, skipping the
 * query builder and compiler on hot paths (they cost more than SQLite itself on the accept path).
 *
 * `build` receives placeholder values in place of the arguments; each placeholder must be used as a
 * bound value (never in an `is null`, a table name or a list whose length varies), so the SQL text is
 * the same whatever the arguments are. Constants written in `build` stay as they were compiled.
 * On PostgreSQL the text is also prepared on the server, once per connection (store/named-statements.ts).
 */
export function prepared<Args extends unknown[], Row = Record<string, any>>(
  arity: Args['length'],
  build: (db: Db, ...args: any[]) => Compilable<any>,
): (db: Db, ...args: Args) => Promise<QueryResult<Row>> {
  // Keyed by the dialect adapter: one process may hold SQLite and PostgreSQL stores (the tests do).
  const byAdapter = new WeakMap<object, { compiled: CompiledQuery; slots: (number | -1)[] }>();
  const marks = Array.from({ length: arity }, (_, i) => `\u0000welink-arg-${i}\u0000`);
  return (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let entry = byAdapter.get(adapter);
    if (!entry) {
      const compiled = build(db, ...marks).compile();
      const slots = compiled.parameters.map((p) => (typeof p === 'string' ? marks.indexOf(p) : -1));
      const used = new Set(slots.filter((s) => s >= 0));
      if (used.size !== arity) throw new Error(`prepared query uses ${used.size} of its ${arity} arguments: ${compiled.sql}`);
      if (adapter instanceof PostgresAdapter) nameStatement(compiled.sql);
      entry = { compiled, slots };
      byAdapter.set(adapter, entry);
    }
    const { compiled, slots } = entry;
    const parameters = slots.map((s, i) => (s >= 0 ? args[s] : compiled.parameters[i]));
    return db.executeQuery<Row>({ query: compiled.query, queryId: compiled.queryId, sql: compiled.sql, parameters });
  };
}
