// How much of the requests table and its primary key sit in the OS page cache, so figure 6 can say
// whether its lookups read memory or disk. On this benchmark VM the kernel pages out what nobody
// touched for about a minute (DAMON), so it is not a given even with free memory. Read with
// util-linux `fincore`; PostgreSQL must run on this machine (its files are read from its
// data_directory). Null when that cannot be read.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Store } from '../src/store/open.ts';

export async function requestsInPageCache(store: Store, dataDir: string): Promise<string | null> {
  try {
    if (store.dialect === 'sqlite') return `${share([join(dataDir, 'welink.sqlite')])} of the database file in the page cache`;
    const dir = (await sql<{ data_directory: string }>`SHOW data_directory`.execute(store.db)).rows[0].data_directory;
    const parts: string[] = [];
    for (const rel of ['requests', 'requests_pkey']) {
      const path = (await sql<{ p: string }>`SELECT pg_relation_filepath(${rel}) AS p`.execute(store.db)).rows[0].p;
      parts.push(`${rel} ${share([join(dir, path)], true)}`);
    }
    return `${parts.join(', ')} in the page cache`;
  } catch {
    return null;
  }
}

/** Percentage of the files' bytes resident; with `segments`, PostgreSQL's 1 GB segment files too. */
function share(files: string[], segments = false): string {
  const globbed = segments ? files.map((f) => `'${f}' '${f}'.*`).join(' ') : files.map((f) => `'${f}'`).join(' ');
  const out = execFileSync('sh', ['-c', `fincore --bytes --noheadings --output RES,SIZE ${globbed} 2>/dev/null || true`]).toString();
  let resident = 0;
  let size = 0;
  for (const line of out.trim().split('\n').filter(Boolean)) {
    const [r, s] = line.trim().split(/\s+/).map(Number);
    resident += r;
    size += s;
  }
  if (size === 0) throw new Error('no file read');
  return `${((100 * resident) / size).toFixed(0)}%`;
}
