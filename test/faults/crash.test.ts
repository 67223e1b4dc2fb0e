import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { actionByName } from '../../src/actions/catalogue.ts';
import { seededRandom } from '../../src/lib/random.ts';
import { migrate, openStore, type Store } from '../../src/store/open.ts';
import { createKey } from '../../src/tenancy/keys.ts';
import { apiClient, startServe, type ServeProcess } from '../helpers/processes.ts';
import { Load } from './load.ts';
import { waitFor } from './support.ts';

const TERMINAL = ['SUCCESS', 'FAILED', 'CANCELLED'] as const;
const KILLS = 3;
const SEED = Number(process.env.WELINK_CRASH_SEED ?? 7);

/** The dispatcher is a stub until the webhook issue lands; the webhook part of this test waits for it. */
const dispatcherWorks = !/to be implemented/.test(readFileSync(new URL('../../src/webhooks/dispatcher.ts', import.meta.url), 'utf8'));

describe('crash: SIGKILL three times under load [sqlite]', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'welink-crash-'));
  const env = {
    WELINK_DATA_DIR: dataDir,
    DATABASE_URL: '',
    WELINK_PACING: 'off',
    WELINK_RATE_LIMIT: '100000',
    WELINK_SYNC_RATE_LIMIT: '10000000',
    WELINK_POLL_MS: '50',
    WELINK_WEBHOOK_ALLOW_PRIVATE: 'true',
    WELINK_WEBHOOK_RETRY_SCHEDULE: '0,1,1,1,1,1,1,1,1,1',
    WELINK_MASTER_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
  };
  let proc: ServeProcess;
  let store: Store;
  let creds: { apiKey: string; apiSecret: string; workspaceId: string };
  let receiver: Server;
  const delivered = new Map<string, Set<string>>();

  before(async () => {
    store = await openStore({ databaseUrl: '', dataDir, sqliteSynchronous: 'FULL' });
    await migrate(store);
    const created = await createKey(store.db, { name: 'crash', now: Date.now() });
    if ('error' in created) throw new Error(created.error);
    creds = created;
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          const id = body.requestId ?? body.request_id;
          if (id) delivered.set(id, (delivered.get(id) ?? new Set()).add(String(req.headers['webhook-id'])));
        } catch {
          // a test receiver: what it cannot read simply does not count as delivered
        }
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    proc?.kill('SIGKILL');
    await proc?.exited;
    await store?.close();
    await new Promise((r) => receiver.close(r));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every acknowledged request reaches a terminal state, each side effect happens exactly once' + (dispatcherWorks ? ', every webhook arrives' : ''), async (tc) => {
    proc = await startServe({ role: 'all', env });
    let api = apiClient(proc.url, creds);
    const accounts: string[] = [];
    for (let i = 0; i < 4; i++) {
      const ack = await api.post('login_v2', { email: `crash.user${i}@example.com`, password: 'pw' });
      assert.equal(ack.status, 200, JSON.stringify(ack.body));
      accounts.push(ack.body.accountId);
    }
    await waitFor('accounts active', async () => {
      for (const id of accounts) if ((await api.post('get_ln_account_details', { accountId: id })).body.status !== 'ACTIVE') return false;
      return true;
    }, 30000);
    if (dispatcherWorks) {
      const res = await api.post('create_webhook', { url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook` });
      assert.ok(res.status < 300, `create_webhook: ${res.status} ${JSON.stringify(res.body)}`);
    } else {
      tc.diagnostic('webhook dispatcher not implemented yet (src/webhooks/dispatcher.ts): webhook arrival not checked');
    }

    const load = new Load({ baseUrl: () => proc.url, headers: { 'x-api-key': creds.apiKey, 'x-api-secret': creds.apiSecret }, accounts, workers: 6, maxRequests: 6000 });
    load.start();
    const random = seededRandom(SEED);
    try {
      for (let k = 0; k < KILLS; k++) {
        const before = load.acknowledged.size;
        // A random moment, but only once this life has acknowledged something: a kill must land mid-work.
        await waitFor('acknowledgements before the kill', async () => load.acknowledged.size > before + 10, 30000, 10);
        await new Promise((r) => setTimeout(r, 100 + Math.floor(random.next() * 700)));
        proc.kill('SIGKILL');
        const exit = await proc.exited;
        assert.equal(exit.signal, 'SIGKILL');
        proc = await startServe({ role: 'all', env });
      }
      const before = load.acknowledged.size;
      await waitFor('acknowledgements after the last restart', async () => load.acknowledged.size > before + 10, 30000, 10);
    } finally {
      await load.stop();
    }
    api = apiClient(proc.url, creds);
    tc.diagnostic(`sent ${load.sent}, acknowledged ${load.acknowledged.size}, answers ${JSON.stringify(Object.fromEntries(load.statuses))}`);
    for (const [status] of load.statuses) assert.ok(status === 'connection failed' || Number(status) < 500, `answer ${status} under load`);

    const ids = [...load.acknowledged.keys()];
    const db = store.db;
    const rows = await waitFor('every acknowledged request terminal', async () => {
      const found = [];
      for (let i = 0; i < ids.length; i += 500) {
        found.push(...(await db.selectFrom('requests').select(['id', 'status', 'action', 'error_code']).where('id', 'in', ids.slice(i, i + 500)).execute()));
      }
      return found.length === ids.length && found.every((r) => (TERMINAL as readonly string[]).includes(r.status)) ? found : null;
    }, 60000, 200).catch(async (err) => {
      const open = await db.selectFrom('requests').select(['id', 'status', 'attempts', 'not_before', 'error_code']).where('status', 'not in', TERMINAL).limit(5).execute();
      throw new Error(`${(err as Error).message}; still open: ${JSON.stringify(open)}; stderr: ${proc.stderr().slice(-1500)}`);
    });
    assert.equal(rows.length, ids.length, 'every acknowledged request is stored');
    const failed = rows.filter((r) => r.status !== 'SUCCESS');
    assert.deepEqual(failed, [], 'every acknowledged request succeeded');

    // Exactly once: one effect per successful side-effecting request, and never two for any request.
    const effects = await db.selectFrom('sandbox_effects').select(['request_id', (eb) => eb.fn.countAll<number>().as('n')]).where('request_id', 'is not', null).groupBy('request_id').execute();
    const perRequest = new Map(effects.map((e) => [e.request_id!, Number(e.n)]));
    const doubled = [...perRequest].filter(([, n]) => n > 1);
    assert.deepEqual(doubled, [], 'no side effect happened twice');
    for (const r of rows) {
      if (actionByName(r.action)?.sideEffect) assert.equal(perRequest.get(r.id), 1, `${r.action} ${r.id} has exactly one effect`);
    }
    const rerun = await db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).where('attempts', '>', 1).executeTakeFirstOrThrow();
    tc.diagnostic(`${perRequest.size} effects; ${Number(rerun.n)} requests were claimed again after a kill`);
    // get_response agrees with the store after the crashes.
    for (const id of ids.slice(0, 20)) {
      const res = await api.post('get_response', { request_id: id });
      assert.equal(res.status, 200);
      assert.equal(res.body.state, 'SUCCESS');
    }

    if (dispatcherWorks) {
      await waitFor('every webhook delivered', async () => ids.every((id) => delivered.has(id)), 60000, 200).catch((err) => {
        const missing = ids.filter((id) => !delivered.has(id));
        throw new Error(`${(err as Error).message}: ${missing.length} of ${ids.length} missing, e.g. ${missing.slice(0, 3).join(', ')}`);
      });
    }
  });
});
