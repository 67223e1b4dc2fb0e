import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key that seals LinkedIn credentials. Given explicitly (WELINK_MASTER_KEY), or created once in the
 * data folder with owner-only permissions so the embedded default needs no setup.
 */
export function loadMasterKey(opts: { masterKey: string; dataDir: string }): { key: Buffer; source: 'env' | 'file' | 'generated' } {
  if (opts.masterKey) return { key: Buffer.from(opts.masterKey.replace(/-/g, '+').replace(/_/g, '/'), 'base64'), source: 'env' };
  const file = join(opts.dataDir, 'master.key');
  if (existsSync(file)) return { key: Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'), source: 'file' };
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { key, source: 'generated' };
}
