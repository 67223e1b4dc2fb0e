import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'node:test';
import { migrate, openStore, type Store } from '../../src/store/open.ts';
import { createKey, type CreatedKey } from '../../src/tenancy/keys.ts';
import { freshPostgres, pgRequired, postgresUnavailable } from './pg.ts';
import { startServe, type ServeProcess, type ServeRole } from './processes.ts';

/**
 * Real `welink serve` processes sharing one fresh database: a new PostgreSQL database (any number of
 * API and worker processes) or a SQLite file in a temporary data folder (one process at a time).
 * The test keeps a store of its own on the same database, to set things up and to look at what the
 * processes did.
 */
export interface ProcessCluster {
  dialect: 'sqlite' | 'postgres';
  /** DATABASE_URL of the processes ('' for SQLite in `dataDir`). */
  databaseUrl: string;
  dataDir: string;
  /** The test's own connection to the database the processes share. */
  store: Store;
  /** What every process gets: the database, the data folder, one master key, pacing off, high limits, LOG_LEVEL=warn. */
  env: Record<string, string>;
  /** A new workspace and its credential pair. */
  key(name?: string): Promise<CreatedKey>;
  /** Starts `serve --role <role>` with `env` on top of the cluster's; close() stops it. */
  start(role: ServeRole, env?: Record<string, string>): Promise<ServeProcess>;
  /** Stops every process started (SIGTERM, then SIGKILL), closes the store, drops the database. */
  close(): Promise<void>;
}

export async function processCluster(dialect: 'sqlite' | 'postgres', env: Record<string, string> = {}): Promise<ProcessCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), `welink-procs-${dialect}-`));
  const fresh = dialect === 'postgres' ? await freshPostgres() : null;
  const databaseUrl = fresh?.url ?? '';
  const store = await openStore({ databaseUrl, dataDir, sqliteSynchronous: 'FULL' });
  await migrate(store);
  const base: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    WELINK_DATA_DIR: dataDir,
    WELINK_MASTER_KEY: randomBytes(32).toString('base64'),
    WELINK_PACING: 'off',
    WELINK_RATE_LIMIT: '100000',
    WELINK_SYNC_RATE_LIMIT: '10000000',
    LOG_LEVEL: 'warn',
    ...env,
  };
  const procs: ServeProcess[] = [];
  return {
    dialect,
    databaseUrl,
    dataDir,
    store,
    env: base,
    async key(name = 'cluster') {
      const created = await createKey(store.db, { name, now: Date.now() });
      if ('error' in created) throw new Error(created.error);
      return created;
    },
    async start(role, extra = {}) {
      const p = await startServe({ role, env: { ...base, ...extra } });
      procs.push(p);
      return p;
    },
    async close() {
      await Promise.all(procs.map((p) => p.stop()));
      await store.close();
      await fresh?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A suite that needs PostgreSQL itself (several processes on one database). Skipped with the reason
 * when the server is unreachable, and failed instead under WELINK_TEST_PG_REQUIRED=1.
 */
export function onPostgres(name: string, options: { timeout?: number }, suite: () => void): void {
  describe(`${name} [postgres]`, { skip: pgMissing ?? false, ...options }, suite);
}

const pgMissing = await postgresUnavailable();
if (pgMissing && pgRequired) throw new Error(`${pgMissing} (WELINK_TEST_PG_REQUIRED=1)`);
if (pgMissing) console.log(`# skipping PostgreSQL multi-process suites: ${pgMissing}`);
