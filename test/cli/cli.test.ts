import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { promisify } from 'node:util';
import { startServe } from '../helpers/processes.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/welink.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'welink-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, WELINK_DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' };

it('keys create --json prints exactly one JSON object and nothing else', async () => {
  const { stdout, stderr } = await run(process.execPath, [bin, 'keys', 'create', '--name', 'demo', '--json'], { env });
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const created = JSON.parse(lines[0]);
  assert.deepEqual(Object.keys(created).sort(), ['apiKey', 'apiSecret', 'workspaceId']);
  assert.match(created.apiKey, /^wl_key_/);
  assert.match(created.apiSecret, /^wl_secret_/);
  // Where it was stored goes to stderr, so stdout stays one JSON object for scripts.
  assert.equal(stderr, `database   ${join(dir, 'welink.sqlite')}\ndata dir   ${dir}\n`);
  assert.equal(statSync(join(dir, 'welink.sqlite')).isFile(), true);

  const list = await run(process.execPath, [bin, 'keys', 'list', '--json'], { env });
  const keys = JSON.parse(list.stdout);
  assert.equal(keys.length, 1);
  assert.equal(keys[0].apiKey, created.apiKey);
  assert.ok(!list.stdout.includes(created.apiSecret), 'the secret is never listed');

  const second = JSON.parse((await run(process.execPath, [bin, 'keys', 'create', '--name', 'two', '--workspace', created.workspaceId, '--json'], { env })).stdout);
  assert.equal(second.workspaceId, created.workspaceId);

  const revoke = await run(process.execPath, [bin, 'keys', 'revoke', created.apiKey], { env });
  assert.match(revoke.stdout, /revoked/);
  const again = await run(process.execPath, [bin, 'keys', 'revoke', created.apiKey], { env }).catch((e) => e);
  assert.equal(again.code, 2);
});

it('an invalid setting stops the start with a message naming the variable', async () => {
  const res = await run(process.execPath, [bin, 'serve'], { env: { ...env, PORT: 'eighty' } }).catch((e) => e);
  assert.equal(res.code, 2);
  assert.match(res.stderr, /PORT="eighty" is not valid: it accepts a whole number from 0 to 65535/);
  const res2 = await run(process.execPath, [bin, 'migrate'], { env: { ...env, WELINK_PACING: 'sometimes' } }).catch((e) => e);
  assert.match(res2.stderr, /WELINK_PACING="sometimes" is not valid: it accepts one of on, off/);
});

it('unknown commands and options fail with usage', async () => {
  const res = await run(process.execPath, [bin, 'frobnicate'], { env }).catch((e) => e);
  assert.equal(res.code, 2);
  const res2 = await run(process.execPath, [bin, 'keys', 'create', '--json'], { env }).catch((e) => e);
  assert.match(res2.stderr, /--name/);
});

it('serve without WELINK_MASTER_KEY creates master.key in the data folder, owner-only (0600), and keeps it across restarts', async () => {
  const data = join(dir, 'first-run');
  const first = await startServe({ role: 'all', env: { WELINK_DATA_DIR: data, DATABASE_URL: '', WELINK_MASTER_KEY: '' } });
  await first.stop();
  const file = join(data, 'master.key');
  assert.equal(statSync(file).mode & 0o777, 0o600, `mode ${(statSync(file).mode & 0o777).toString(8)}`);
  const key = readFileSync(file, 'utf8');
  assert.equal(Buffer.from(key.trim(), 'base64').length, 32);

  const second = await startServe({ role: 'all', env: { WELINK_DATA_DIR: data, DATABASE_URL: '', WELINK_MASTER_KEY: '' } });
  await second.stop();
  assert.equal(readFileSync(file, 'utf8'), key, 'the second start reads the key instead of making a new one');
});
