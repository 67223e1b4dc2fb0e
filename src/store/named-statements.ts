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

/** Marks a SQL text as worth preparing on every PostgreSQL connection that runs it. */
export function nameStatement(sql: string): void {
  if (!names.has(sql)) names.set(sql, `welink_${names.size + 1}`);
}

type PgClient = PostgresPoolClient & {
  query(config: { name: string; text: string; values: readonly unknown[] }): Promise<unknown>;
};

/** `pool` as Kysely's PostgresDialect takes it, sending registered texts as named statements. */
export function withNamedStatements(pool: { connect(): Promise<PostgresPoolClient>; end(): Promise<void> }): PostgresPool {
  // Kysely keeps one connection object per client it is handed: hand it the same wrapper each time.
  const wrappers = new WeakMap<PostgresPoolClient, PostgresPoolClient>();
  const wrap = (client: PgClient): PostgresPoolClient => {
    const query = (text: any, values?: readonly unknown[]): any => {
      const name = typeof text === 'string' ? names.get(text) : undefined;
      return name ? client.query({ name, text, values: values ?? [] }) : client.query(text, values as unknown[]);
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
