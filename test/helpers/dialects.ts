import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { freshPostgres, pgRequired, postgresUnavailable } from './pg.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface DialectEnv {
  dialect: DialectName;
  /** DATABASE_URL for this dialect ('' for SQLite in dataDir). */
  databaseUrl: string;
  dataDir: string;
}

// Known before any suite is declared, so suites register their tests synchronously.
const pgMissing = await postgresUnavailable();
if (pgMissing && pgRequired) throw new Error(`${pgMissing} (WELINK_TEST_PG_REQUIRED=1)`);

/**
 * Runs a suite once per database dialect, each with its own fresh database: a SQLite file in a
 * temporary folder, and a new PostgreSQL database. PostgreSQL suites are skipped with the reason
 * printed when the server is unreachable, unless WELINK_TEST_PG_REQUIRED=1 (CI), where they fail.
 * `env()` is valid inside hooks and tests (the database is created in a `before` hook).
 */
export function forEachDialect(name: string, suite: (env: () => DialectEnv) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const skip = dialect === 'postgres' && pgMissing ? pgMissing : false;
    if (skip) console.log(`# skipping PostgreSQL suite "${name}": ${skip}`);
    describe(`${name} [${dialect}]`, { skip }, () => {
      let env: DialectEnv | null = null;
      let drop: (() => Promise<void>) | null = null;
      let dataDir = '';
      before(async () => {
        dataDir = mkdtempSync(join(tmpdir(), `welink-${dialect}-`));
        if (dialect === 'postgres') {
          const fresh = await freshPostgres();
          drop = fresh.drop;
          env = { dialect, databaseUrl: fresh.url, dataDir };
        } else {
          env = { dialect, databaseUrl: '', dataDir };
        }
      });
      suite(() => {
        if (!env) throw new Error('the database is created in a before hook; call env() inside hooks and tests');
        return env;
      });
      after(async () => {
        await drop?.();
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      });
    });
  }
}
