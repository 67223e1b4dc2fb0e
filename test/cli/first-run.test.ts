import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(ROOT, 'bin/welink.mjs');
const dir = mkdtempSync(join(tmpdir(), 'welink-first-run-'));
// Under the project's ignored data/ folder: a relative WELINK_DATA_DIR is taken from the project root.
const relativeDataDir = `data/test-first-run-${process.pid}`;
after(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(ROOT, relativeDataDir), { recursive: true, force: true });
});

const env = { ...process.env, WELINK_DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' } as Record<string, string>;
delete env.NODE_TEST_CONTEXT;

async function welink(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}) {
  try {
    // Bounded: a command that wrongly starts a server must fail the test, not hang it.
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...env, ...opts.env }, cwd: opts.cwd ?? ROOT, timeout: 60000, killSignal: 'SIGKILL' });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

it('config prints the values in effect with their source, secrets masked', async () => {
  const key = 'q0Zb1g9k3vJ9o0m8cH3m9tq1hY0y0n2m1v5a4c3b2d8=';
  const res = await welink(['config'], { env: { PORT: '9191', WELINK_MASTER_KEY: key } });
  assert.equal(res.code, 0, res.stderr);
  const line = (name: string) => res.stdout.split('\n').find((l) => l.startsWith(`${name} `))?.split(/\s{2,}/);
  assert.deepEqual(line('PORT'), ['PORT', '9191', 'environment']);
  assert.deepEqual(line('HOST'), ['HOST', '0.0.0.0', 'default']);
  assert.deepEqual(line('WELINK_MASTER_KEY'), ['WELINK_MASTER_KEY', '(hidden)', 'environment']);
  assert.deepEqual(line('WELINK_DATA_DIR'), ['WELINK_DATA_DIR', dir, 'environment']);
  assert.ok(!res.stdout.includes(key));
  const json = JSON.parse((await welink(['config', '--json'], { env: { PORT: '9191' } })).stdout);
  assert.deepEqual(json.find((r: { env: string }) => r.env === 'PORT'), { env: 'PORT', value: '9191', source: 'environment' });
  assert.match((await welink(['config', '--markdown'])).stdout, /^\| variable \| default \| meaning \|/);
});

it('unknown flags are refused on every subcommand, with what it takes', async () => {
  const cases: [string[], string][] = [
    [['config', '--bogus'], 'welink: config: unknown option --bogus (it takes --json, --markdown)\n'],
    [['migrate', '--x'], 'welink: migrate: unknown option --x (it takes no options)\n'],
    [['migrate', 'now'], 'welink: migrate: unexpected argument "now" (it takes no options)\n'],
    [['serve', '--port', '80'], 'welink: serve: unknown option --port (it takes --role VALUE)\n'],
    [['keys', 'list', '--all'], 'welink: keys list: unknown option --all (it takes --workspace VALUE, --json)\n'],
    [['keys', 'revoke', 'k1', 'k2'], 'welink: keys revoke: unexpected argument "k2" (it takes no options)\n'],
  ];
  for (const [args, stderr] of cases) {
    const res = await welink(args);
    assert.deepEqual({ code: res.code, stderr: res.stderr, stdout: res.stdout }, { code: 2, stderr, stdout: '' }, args.join(' '));
  }
});

it('keys create --allow-action refuses a name no operation has, naming the valid ones', async () => {
  const res = await welink(['keys', 'create', '--name', 'x', '--allow-action', 'connect', '--allow-action', 'nope', '--json']);
  assert.equal(res.code, 2);
  assert.match(res.stderr, /^welink: --allow-action "nope": no such operation\. Valid names: [a-z0-9_]+(, [a-z0-9_]+)+\n$/);
  for (const name of ['connect', 'get_response', 'send_message_to_profile_id', 'create_webhook']) assert.ok(res.stderr.includes(` ${name},`), name);
  assert.equal(res.stdout, '');
  const ok = await welink(['keys', 'create', '--name', 'x', '--allow-action', 'connect', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
});

it('settings: an empty PORT, a "yes" boolean and a bad master key are refused; the key is not echoed', async () => {
  const empty = await welink(['serve'], { env: { PORT: '' } });
  assert.deepEqual({ code: empty.code, stderr: empty.stderr }, { code: 2, stderr: 'welink: PORT is set but empty: unset it to use the default (8080), or give a whole number from 0 to 65535.\n' });
  const yes = await welink(['migrate'], { env: { WELINK_WEBHOOK_ALLOW_PRIVATE: 'yes' } });
  assert.equal(yes.stderr, 'welink: WELINK_WEBHOOK_ALLOW_PRIVATE="yes" is not valid: it accepts true or false.\n');
  const badKey = await welink(['migrate'], { env: { WELINK_MASTER_KEY: 'my-real-secret-typed-wrong' } });
  assert.equal(badKey.code, 2);
  assert.ok(!badKey.stderr.includes('my-real-secret'), badKey.stderr);
  assert.match(badKey.stderr, /^welink: WELINK_MASTER_KEY is not valid \(its value is not shown\)/);
});

it('the data folder comes from the project, not the current directory, and keys create says where it wrote', async () => {
  const elsewhere = join(dir, 'somewhere-else');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(elsewhere);
  const res = await welink(['keys', 'create', '--name', 'cwd', '--json'], { cwd: elsewhere, env: { WELINK_DATA_DIR: relativeDataDir } });
  assert.equal(res.code, 0, res.stderr);
  const expected = join(ROOT, relativeDataDir);
  assert.equal(res.stderr, `database   ${join(expected, 'welink.sqlite')}\ndata dir   ${expected}\n`);
  assert.ok(existsSync(join(expected, 'welink.sqlite')));
  assert.ok(!existsSync(join(elsewhere, relativeDataDir)), 'nothing created under the current directory');
  const human = await welink(['keys', 'create', '--name', 'cwd2'], { cwd: elsewhere, env: { WELINK_DATA_DIR: relativeDataDir } });
  assert.match(human.stdout, new RegExp(`\\ndatabase   ${join(expected, 'welink.sqlite')}\\ndata dir   ${expected}\\n`));
});

it('the SQLite database and its WAL files are created owner-only (0600), in an owner-only folder', async () => {
  const fresh = join(dir, 'modes');
  const res = await welink(['keys', 'create', '--name', 'modes', '--json'], { env: { WELINK_DATA_DIR: fresh } });
  assert.equal(res.code, 0, res.stderr);
  // A second process opening the database creates the -wal and -shm files again.
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(fresh, 'welink.sqlite'));
  db.pragma('journal_mode = WAL');
  db.prepare('create table if not exists t (x)').run();
  for (const name of ['welink.sqlite', 'welink.sqlite-wal', 'welink.sqlite-shm']) {
    assert.equal(statSync(join(fresh, name)).mode & 0o777, 0o600, name);
  }
  db.close();
  assert.equal(statSync(fresh).mode & 0o777, 0o700, 'the data folder');
});

/** Starts `welink serve` and collects its output; `exited` resolves with the exit code. */
function serve(extra: Record<string, string>) {
  const child = spawn(process.execPath, [bin, 'serve'], { cwd: ROOT, env: { ...env, LOG_LEVEL: 'info', ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Resolves with the exit code, or null (after killing it) when the process is still alive after `ms`. */
async function exitWithin(p: ReturnType<typeof serve>, ms: number): Promise<number | null> {
  const timer = new Promise<'alive'>((res) => setTimeout(() => res('alive'), ms).unref());
  const r = await Promise.race([p.exited, timer]);
  if (r === 'alive') {
    p.child.kill('SIGKILL');
    await p.exited;
    return null;
  }
  return r;
}

it('a second server on a taken port exits non-zero with one clear message, having started nothing', async () => {
  const taken: Server = createServer();
  await new Promise<void>((res) => taken.listen(0, '127.0.0.1', res));
  const port = (taken.address() as { port: number }).port;
  try {
    const p = serve({ HOST: '127.0.0.1', PORT: String(port), WELINK_DATA_DIR: join(dir, 'taken') });
    const code = await exitWithin(p, 20000);
    assert.equal(code, 1, `exit code (null: still running)\nstdout: ${p.stdout()}\nstderr: ${p.stderr()}`);
    assert.equal(p.stderr(), `welink: cannot listen on 127.0.0.1:${port}: the port is already in use (is another welink running?). Stop it, or set PORT to a free port.\n`);
    assert.doesNotMatch(p.stdout(), /worker started|listening/);
  } finally {
    taken.close();
  }
});

it('an unknown HOST exits non-zero with one clear message', async () => {
  const p = serve({ HOST: 'no-such-host.invalid', PORT: '0', WELINK_DATA_DIR: join(dir, 'host') });
  const code = await exitWithin(p, 20000);
  assert.equal(code, 1, `exit code (null: still running)\nstderr: ${p.stderr()}`);
  assert.equal(p.stderr(), 'welink: cannot listen on no-such-host.invalid:0: HOST "no-such-host.invalid" does not resolve to an address.\n');
});

it('the start-up line says where it listens and where the data is; one log line per request', async () => {
  const data = join(dir, 'logs');
  const p = serve({ HOST: '127.0.0.1', PORT: '0', WELINK_DATA_DIR: data });
  try {
    const startup = await new Promise<Record<string, unknown>>((res, rej) => {
      const look = () => {
        const line = p.stdout().split('\n').find((l) => l.includes('"msg":"welink listening'));
        if (line) return res(JSON.parse(line));
        if (p.child.exitCode !== null) return rej(new Error(`exited: ${p.stderr()}`));
        setTimeout(look, 50);
      };
      look();
    });
    const port = startup.port as number;
    assert.ok(Number.isInteger(port) && port > 0, 'port is the bound port, a number');
    assert.equal(startup.msg, `welink listening on 127.0.0.1:${port}: open http://localhost:${port}/docs`);
    assert.equal(startup.host, '127.0.0.1');
    assert.equal(startup.dataDir, data);
    assert.equal(startup.databaseLocation, join(data, 'welink.sqlite'));

    const res = await fetch(`http://127.0.0.1:${port}/api/v1/get_all_ln_accounts`, { method: 'POST', headers: { 'x-api-key': 'wl_key_x', 'x-api-secret': 'nope' } });
    assert.equal(res.status, 401);
    const requestId = res.headers.get('x-request-id');
    let lines: Record<string, unknown>[] = [];
    for (let i = 0; i < 100 && lines.length === 0; i++) {
      lines = p.stdout().split('\n').filter((l) => l.includes(String(requestId))).map((l) => JSON.parse(l));
      if (lines.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(lines.length, 1, 'one line for the request');
    const { msg, method, path, status, reqId, ms } = lines[0];
    assert.deepEqual({ msg, method, path, status, reqId }, { msg: 'request', method: 'POST', path: '/api/v1/get_all_ln_accounts', status: 401, reqId: requestId });
    assert.equal(typeof ms, 'number');
  } finally {
    p.child.kill('SIGTERM');
    await p.exited;
  }
});

it('the start-up hint names localhost only when the server can be reached as localhost', async () => {
  const { listeningMessage } = await import('../../src/cli/where.ts');
  assert.equal(listeningMessage('0.0.0.0', 8080), 'welink listening on 0.0.0.0:8080: open http://localhost:8080/docs');
  assert.equal(listeningMessage('::', 8080), 'welink listening on [::]:8080: open http://localhost:8080/docs');
  assert.equal(listeningMessage('::1', 8080), 'welink listening on [::1]:8080: open http://localhost:8080/docs');
  assert.equal(listeningMessage('192.168.1.20', 8080), 'welink listening on 192.168.1.20:8080 (docs at /docs)');
});
