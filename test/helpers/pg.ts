import pg from 'pg';

const ADMIN_URL = process.env.WELINK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REQUIRED = process.env.WELINK_TEST_PG_REQUIRED === '1';

let reachable: Promise<string | null> | null = null;

/** Null when PostgreSQL answers, else the reason it does not (printed as the skip reason). */
export function postgresUnavailable(): Promise<string | null> {
  reachable ??= (async () => {
    const c = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await c.connect();
      await c.query('select 1');
      return null;
    } catch (err) {
      return `PostgreSQL not reachable at ${ADMIN_URL}: ${(err as Error).message}`;
    } finally {
      await c.end().catch(() => {});
    }
  })();
  return reachable;
}

/** A fresh database for one test; dropped by the returned function. */
export async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `welink_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await a.end();
    },
  };
}

export const pgRequired = REQUIRED;
