import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration } from 'kysely';
import type pg from 'pg';
import type { Database } from './tables.ts';
import { migrations } from './migrations/index.ts';
import { withStatementCache } from './statement-cache.ts';
import { withNamedStatements } from './named-statements.ts';
import { deferredSync, type DeferredSync } from './deferred-sync.ts';

export type DialectName = 'sqlite' | 'postgres';

/** The database, whichever dialect runs underneath. Nothing outside `store/` knows which one. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /**
   * True when this process is the database's only user (an SQLite file): leases found at start are
   * its own leftovers from a previous life, and claims may share a commit with other writes.
   */
  readonly ownedByOneProcess: boolean;
  /** How many write transactions may usefully run at once (1 where the database has one writer). */
  readonly concurrentWriters: number;
  /**
   * SQLite with synchronous=FULL: commits for the group committer that sync off the event loop
   * (store/deferred-sync.ts); null elsewhere.
   */
  readonly deferredSync: DeferredSync | null;
  /** True when the database answers. */
  ping(): Promise<boolean>;
  /** Cross-process wake-up (PostgreSQL NOTIFY); a no-op on SQLite, where one process does everything. */
  notify(channel: string): Promise<void>;
  /** Subscribe to wake-ups from other processes; returns an unsubscribe function. */
  listen(channel: string, onWake: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface StoreOptions {
  databaseUrl: string;
  dataDir: string;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /** Receives connection-level errors that must not crash the process (PostgreSQL restarts). */
  onError?: (err: Error) => void;
  poolSize?: number;
  /** PostgreSQL: hot queries as named statements (off behind a pooler that cannot keep them). Default on. */
  namedStatements?: boolean;
}

type Pg = typeof pg;

let pgModule: Promise<Pg> | null = null;

/**
 * Each driver is loaded only when its dialect is chosen: an SQLite process never holds `pg` in
 * memory, a PostgreSQL process never opens the native SQLite add-on.
 */
function loadPg(): Promise<Pg> {
  return (pgModule ??= import('pg').then((m) => {
    const driver = m.default;
    // int8 columns hold millisecond times and counters, all far below 2^53.
    driver.types.setTypeParser(20, (v: string) => Number(v));
    return driver;
  }));
}

export function sqlitePath(opts: Pick<StoreOptions, 'databaseUrl' | 'dataDir'>): string {
  if (opts.databaseUrl.startsWith('sqlite:')) return resolve(opts.databaseUrl.slice('sqlite:'.length));
  return resolve(join(opts.dataDir, 'welink.sqlite'));
}

export function dialectOf(databaseUrl: string): DialectName {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite';
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  if (dialectOf(opts.databaseUrl) === 'postgres') return openPostgres(opts, await loadPg());
  return openSqlite(opts, (await import('better-sqlite3')).default);
}

function openSqlite(opts: StoreOptions, SqliteDatabase: typeof import('better-sqlite3')): Store {
  const file = sqlitePath(opts);
  // Owner-only, like master.key: the database holds sealed credentials and every tenant's data.
  // SQLite gives the -wal and -shm files the mode of the database file.
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${opts.sqliteSynchronous}`);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  // With NORMAL the operator chose commits that may be lost on power failure: nothing to defer.
  const deferred = opts.sqliteSynchronous === 'FULL' ? deferredSync(db, `${file}-wal`) : null;
  return {
    db,
    dialect: 'sqlite',
    ownedByOneProcess: true,
    concurrentWriters: 1,
    deferredSync: deferred,
    async ping() {
      try {
        sqlite.prepare('select 1').get();
        return true;
      } catch {
        return false;
      }
    },
    async notify() {},
    async listen() {
      return async () => {};
    },
    async close() {
      await db.destroy();
      deferred?.close();
    },
  };
}

function openPostgres(opts: StoreOptions, pg: Pg): Store {
  const pool = new pg.Pool({
    connectionString: opts.databaseUrl,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
  });
  // An idle client losing its server (database restart) emits here; unhandled, it would kill the process.
  pool.on('error', (err) => opts.onError?.(err));
  // A client checked out when its server goes away emits 'error' too, and the pool listens only to
  // idle ones: without this, a restart in the middle of a transaction kills the process.
  pool.on('connect', (client) => client.on('error', (err) => opts.onError?.(err)));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: opts.namedStatements === false ? pool : withNamedStatements(pool) }) });
  const listeners = new Map<string, Set<() => void>>();
  let listenClient: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;

  const connectListener = (): Promise<void> => {
    if (connecting) return connecting;
    connecting = (async () => {
      const client = new pg.Client({ connectionString: opts.databaseUrl, connectionTimeoutMillis: 5000 });
      const reconnect = () => {
        if (listenClient === client) listenClient = null;
        client.end().catch(() => {});
        if (!closed && listeners.size > 0 && !retryTimer) {
          retryTimer = setTimeout(() => {
            retryTimer = null;
            connectListener().catch((err) => opts.onError?.(err));
          }, 1000);
          retryTimer.unref();
        }
      };
      client.on('error', (err) => {
        opts.onError?.(err);
        reconnect();
      });
      client.on('end', reconnect);
      client.on('notification', (msg) => {
        for (const fn of listeners.get(msg.channel) ?? []) fn();
      });
      try {
        await client.connect();
        for (const channel of listeners.keys()) await client.query(`LISTEN ${channel}`);
        listenClient = client;
        // Wake everyone once: notifications sent while we were disconnected are lost.
        for (const set of listeners.values()) for (const fn of set) fn();
      } catch (err) {
        reconnect();
        throw err;
      }
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  };

  return {
    db,
    dialect: 'postgres',
    ownedByOneProcess: false,
    concurrentWriters: 4,
    deferredSync: null,
    async ping() {
      try {
        const c = await pool.connect();
        try {
          await c.query('select 1');
        } finally {
          c.release();
        }
        return true;
      } catch {
        return false;
      }
    },
    async notify(channel) {
      await pool.query(`NOTIFY ${channel}`);
    },
    async listen(channel, onWake) {
      if (!/^[a-z_]+$/.test(channel)) throw new Error('bad channel');
      let set = listeners.get(channel);
      const isNew = !set;
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(onWake);
      if (listenClient && isNew) await listenClient.query(`LISTEN ${channel}`);
      else if (!listenClient) await connectListener().catch((err) => opts.onError?.(err));
      return async () => {
        set!.delete(onWake);
      };
    },
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      await listenClient?.end().catch(() => {});
      await db.destroy();
    },
  };
}

export async function migrate(store: Store): Promise<string[]> {
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => migrations as Record<string, Migration> },
    // Parts of the schema are added by independent features; a database that already ran a later
    // one must still accept an earlier-numbered migration added afterwards.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
