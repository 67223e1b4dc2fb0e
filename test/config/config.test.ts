import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { ConfigError, effectiveSettings, loadConfig } from '../../src/config/load.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const KEY = 'q0Zb1g9k3vJ9o0m8cH3m9tq1hY0y0n2m1v5a4c3b2d8=';

const refusal = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
  return assert.fail(`accepted ${JSON.stringify(env)}`);
};

it('an empty setting is refused unless its default is empty', () => {
  assert.equal(refusal({ PORT: '' }), 'PORT is set but empty: unset it to use the default (8080), or give a whole number from 0 to 65535.');
  assert.equal(refusal({ WELINK_PACING: ' ' }), 'WELINK_PACING is set but empty: unset it to use the default (on), or give one of on, off.');
  assert.equal(refusal({ HOST: '' }), 'HOST is set but empty: unset it to use the default (0.0.0.0), or give any text.');
  // Empty is the documented default of these two: SQLite in the data folder, a generated key.
  assert.equal(loadConfig({ DATABASE_URL: '', WELINK_MASTER_KEY: '' }).databaseUrl, '');
  assert.equal(loadConfig({ PORT: '0' }).port, 0, 'PORT=0 means any free port');
});

it('booleans accept exactly true or false, and the message says so', () => {
  assert.equal(loadConfig({ WELINK_WEBHOOK_ALLOW_PRIVATE: 'true' }).webhookAllowPrivate, true);
  assert.equal(loadConfig({ WELINK_WEBHOOK_ALLOW_PRIVATE: 'false' }).webhookAllowPrivate, false);
  for (const v of ['yes', '1', 'on', 'TRUE', 'no']) {
    assert.equal(refusal({ WELINK_PROXY_ALLOW_PRIVATE: v }), `WELINK_PROXY_ALLOW_PRIVATE=${JSON.stringify(v)} is not valid: it accepts true or false.`);
  }
});

it('an invalid master key is not echoed, nor the password of an invalid database URL', () => {
  const secret = 'not-a-key-but-maybe-a-real-secret';
  const message = refusal({ WELINK_MASTER_KEY: secret });
  assert.equal(message, 'WELINK_MASTER_KEY is not valid (its value is not shown): it accepts 32 bytes in base64 (44 characters), e.g. from `openssl rand -base64 32`.');
  assert.ok(!message.includes(secret));
  const db = refusal({ DATABASE_URL: 'mysql://ada:hunter2@db/welink' });
  assert.ok(!db.includes('hunter2'), db);
  assert.match(db, /^DATABASE_URL="mysql:\/\/ada:\*\*\*@db\/welink" is not valid/);
});

it('the data folder and a relative sqlite: file come from the project root, never the current directory', () => {
  const elsewhere = mkdtempSync(join(tmpdir(), 'welink-cwd-'));
  const cwd = process.cwd();
  process.chdir(elsewhere);
  try {
    assert.equal(loadConfig({}).dataDir, join(ROOT, 'data'));
    assert.equal(loadConfig({ WELINK_DATA_DIR: 'var/welink' }).dataDir, join(ROOT, 'var/welink'));
    assert.equal(loadConfig({ WELINK_DATA_DIR: elsewhere }).dataDir, elsewhere);
    assert.equal(loadConfig({ DATABASE_URL: 'sqlite:db/welink.sqlite' }).databaseUrl, `sqlite:${join(ROOT, 'db/welink.sqlite')}`);
    assert.equal(loadConfig({ DATABASE_URL: 'sqlite:/srv/w.sqlite' }).databaseUrl, 'sqlite:/srv/w.sqlite');
  } finally {
    process.chdir(cwd);
    rmSync(elsewhere, { recursive: true, force: true });
  }
});

it('the effective settings say where each value comes from and mask secrets', () => {
  const rows = effectiveSettings({ PORT: '9090', WELINK_MASTER_KEY: KEY, DATABASE_URL: 'postgres://ada:hunter2@db:5432/welink' });
  const row = (env: string) => rows.find((r) => r.env === env)!;
  assert.deepEqual({ value: row('PORT').value, source: row('PORT').source }, { value: '9090', source: 'environment' });
  assert.deepEqual({ value: row('HOST').value, source: row('HOST').source }, { value: '0.0.0.0', source: 'default' });
  assert.deepEqual({ value: row('WELINK_MASTER_KEY').value, source: row('WELINK_MASTER_KEY').source }, { value: '(hidden)', source: 'environment' });
  assert.equal(row('DATABASE_URL').value, 'postgres://ada:***@db:5432/welink');
  assert.equal(row('WELINK_DATA_DIR').value, join(ROOT, 'data'));
  assert.equal(row('WELINK_MAX_ACCOUNTS_PER_WORKSPACE').value, '1000');
  assert.ok(!JSON.stringify(rows).includes(KEY) && !JSON.stringify(rows).includes('hunter2'));
});


it("README's configuration table is the one the settings generate (welink config --markdown)", async () => {
  const { configTable } = await import('../../src/config/load.ts');
  const { readFileSync } = await import('node:fs');
  assert.ok(readFileSync(join(ROOT, 'README.md'), 'utf8').includes(configTable()), 'regenerate it with `npx welink config --markdown`');
});
