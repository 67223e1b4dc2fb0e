import type { Config } from '../config/schema.ts';
import { sqliteFileOf } from '../store/location.ts';

/** The database in words for logs and the CLI: the SQLite file, or the PostgreSQL URL without its password. */
export function describeDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): string {
  return sqliteFileOf(config) ?? config.databaseUrl.replace(/^([a-z]+:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

const LOCAL_OR_ANY = new Set(['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

/**
 * The start-up line: where the server really listens, plus a link to click when it can be reached
 * from this machine as localhost (bound to every interface or to loopback).
 */
export function listeningMessage(address: string, port: number): string {
  const where = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  const local = LOCAL_OR_ANY.has(address) || address.startsWith('127.');
  return local ? `welink listening on ${where}: open http://localhost:${port}/docs` : `welink listening on ${where} (docs at /docs)`;
}
