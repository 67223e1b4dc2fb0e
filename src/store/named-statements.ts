import type { PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * Named (server-side prepared) statements on PostgreSQL for the hot queries of store/prepared.ts.
 * Kysely hands the pg client only SQL text and parameters, so it sends unnamed statements that
 * PostgreSQL parses and plans on every call: the acceptance statement cost more backend CPU in
 * parsing and planning than in running. The pool Kysely is given here names every registered SQL
 * text; node-postgres then parses it once per connection and only binds and executes after that.
 *
 * The registry holds texts built once per process by prepared(), so it stays as small as the number
 * of prepared queries; anything else (ad hoc Kysely queries, BEGIN, COMMIT) goes through unnamed.
 */
const names = new Map<string, string>();
let issued = 0;

/** Marks a SQL text as worth preparing on every PostgreSQL connection that runs it. */
export function nameStatement(sql: string): void {
  if (!names.has(sql)) names.set(sql, `welink_${++issued}`);
}

/**
 * PostgreSQL refuses to run a prepared statement whose result columns changed since it was prepared
 * (a `select *` after a newer process's migration added a column, in a rolling upgrade), and
 * node-postgres keeps the statement for the life of the connection: every later call on it would fail
 * the same way. A new name makes every connection prepare the text again.
 */
function isStalePlan(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '0A000' && /cached plan must not change result type/.test(e.message ?? '');
}

type PgClient = PostgresPoolClient & {
  query(config: { name: string; text: string; values: readonly unknown[] }): Promise<unknown>;
};

/** `pool` as Kysely's PostgresDialect takes it, sending registered texts as named statements. */
export function withNamedStatements(pool: { connect(): Promise<PostgresPoolClient>; end(): Promise<void> }): PostgresPool {
  // Kysely keeps one connection object per client it is handed: hand it the same wrapper each time.
  const wrappers = new WeakMap<PostgresPoolClient, PostgresPoolClient>();
  const wrap = (client: PgClient): PostgresPoolClient => {
    // Outside a transaction a stale statement is simply run again under its new name; inside one the
    // transaction is already aborted, so the error goes to its caller, which retries the work
    // (the group committer runs each operation again alone) and then meets the new name.
    let inTransaction = false;
    const named = async (name: string, text: string, values: readonly unknown[]): Promise<unknown> => {
      try {
        return await client.query({ name, text, values });
      } catch (err) {
        if (!isStalePlan(err)) throw err;
        if (names.get(text) === name) names.set(text, `welink_${++issued}`);
        if (inTransaction) throw err;
        return client.query({ name: names.get(text)!, text, values });
      }
    };
    const query = (text: any, values?: readonly unknown[]): any => {
      if (typeof text !== 'string') return client.query(text, values as unknown[]);
      const name = names.get(text);
      if (name) return named(name, text, values ?? []);
      if (/^\s*(begin|start transaction)\b/i.test(text)) inTransaction = true;
      else if (/^\s*(commit|rollback)\s*$/i.test(text)) inTransaction = false;
      return client.query(text, values as unknown[]);
    };
    return { query, release: (destroy?: boolean) => client.release(destroy) } as PostgresPoolClient;
  };
  return {
    async connect() {
      const client = (await pool.connect()) as PgClient;
      let wrapper = wrappers.get(client);
      if (!wrapper) wrappers.set(client, (wrapper = wrap(client)));
      return wrapper;
    },
    end: () => pool.end(),
  };
}
