// A PostgreSQL database of its own for one benchmark run: created on the admin URL (BENCH_PG_URL,
// default the local postgres superuser), dropped after with WITH (FORCE) so a server left running
// cannot keep it alive. Every bench entry point that needs PostgreSQL goes through here.
import pg from 'pg';

export const pgAdminUrl = (): string => process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

let made = 0;

/** `prefix` names the entry point (welink_bench, welink_statements...): a database left behind says whose it is. */
export async function createBenchDatabase(prefix: string, adminUrl = pgAdminUrl()): Promise<BenchDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${process.pid}_${made++}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { name, url: u.toString(), drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}
