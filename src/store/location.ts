import { dialectOf, sqlitePath, type StoreOptions } from './open.ts';

/** The SQLite file the settings point at; null when they name a PostgreSQL database. */
export function sqliteFileOf(opts: Pick<StoreOptions, 'databaseUrl' | 'dataDir'>): string | null {
  return dialectOf(opts.databaseUrl) === 'sqlite' ? sqlitePath(opts) : null;
}
