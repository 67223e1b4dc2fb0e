import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'node:test';
import { freshPostgres, pgRequired, postgresUnavailable } from './pg.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface DialectEnv {
  dialect: DialectName;
  /** DATABASE_URL for this dialect ('' for SQLite in dataDir). */
  databaseUrl: string;
  dataDir: string;
}

/**
 * Runs a suite once per database dialect, each with its own fresh database: a SQLite file in a
 * temporary folder, and a new PostgreSQL database. PostgreSQL suites are skipped with the reason
 * printed when the server is unreachable, unless WELINK_TEST_PG_REQUIRED=1 (CI), where they fail.
 */
export function forEachDialect(name: string, suite: (env: () => DialectEnv) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    describe(`${name} [${dialect}]`, async () => {
      let env: DialectEnv | null = null;
      const dataDir = mkdtempSync(join(tmpdir(), `welink-${dialect}-`));
      let drop: (() => Promise<void>) | null = null;
      if (dialect === 'postgres') {
        const why = await postgresUnavailable();
        if (why) {
          if (pgRequired) throw new Error(`${why} (WELINK_TEST_PG_REQUIRED=1)`);
          console.log(`# skipping PostgreSQL suite "${name}": ${why}`);
          return;
        }
        const fresh = await freshPostgres();
        drop = fresh.drop;
        env = { dialect, databaseUrl: fresh.url, dataDir };
      } else {
        env = { dialect, databaseUrl: '', dataDir };
      }
      const { after } = await import('node:test');
      after(async () => {
        await drop?.();
        rmSync(dataDir, { recursive: true, force: true });
      });
      suite(() => env!);
    });
  }
}
