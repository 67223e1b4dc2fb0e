import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { actionByName } from '../../src/actions/catalogue.ts';
import { seededRandom } from '../../src/lib/random.ts';
import { migrate, openStore, type Store } from '../../src/store/open.ts';
import { createKey, type CreatedKey } from '../../src/tenancy/keys.ts';
import { apiClient, ServeExitedError, startServe, waitFor, type ServeProcess } from '../helpers/processes.ts';

/**
 * A single SQLite `serve` process under steady load is killed with SIGKILL, restarted, and killed
 * again, some rounds by the test at a random moment and some by the process itself right after a
 * side effect and before the transaction that records it (WELINK_FAULT_KILL_AFTER_EFFECT). Afterwards
 * every acknowledged request is terminal and each side effect happened exactly once.
 */
describe('crash safety: SIGKILL under load (SQLite)', { timeout: 180000 }, () => {
  const ACCOUNTS = 8;
  let dataDir: string;
  let store: Store;
  let key: CreatedKey;
  let proc: ServeProcess | null = null;
  const random = seededRandom(Number(process.env.WELINK_TEST_SEED ?? 1234));
  const env = (extra: Record<string, string> = {}) => ({
    WELINK_DATA_DIR: dataDir,
    WELINK_MASTER_KEY: masterKey,
    WELINK_PACING: 'off',
    WELINK_RATE_LIMIT: '100000',
    WELINK_SYNC_RATE_LIMIT: '1000000',
    LOG_LEVEL: 'warn',
    ...extra,
  });
  const masterKey = randomBytes(32).toString('base64');

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'welink-crash-'));
    store = await openStore({ databaseUrl: '', dataDir, sqliteSynchronous: 'FULL' });
    await migrate(store);
    const created = await createKey(store.db, { name: 'crash', now: Date.now() });
    if ('error' in created) throw new Error(created.error);
    key = created;
  });

  after(async () => {
    proc?.kill('SIGKILL');
    await proc?.exited;
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Sends requests steadily from a few concurrent clients until the server goes away or `maxMs` passes. */
  async function load(api: ReturnType<typeof apiClient>, accountIds: string[], acked: Set<string>, maxMs: number): Promise<number> {
    const until = Date.now() + maxMs;
    let sent = 0;
    const actions = ['connect', 'send_message_to_profile_id', 'visit_profile'];
    await Promise.all(
      Array.from({ length: 4 }, async (_, c) => {
        for (let i = 0; Date.now() < until && i < 10000; i++) {
          const n = sent++;
          const action = actions[n % actions.length];
          const body: Record<string, unknown> = { accountId: accountIds[(n + c) % accountIds.length], profile_id: `ACoAAk${n}x${c}` };
          if (action === 'send_message_to_profile_id') body.message = `m${n}`;
          try {
            const res = await api.post(action, body);
            if (res.status === 200) acked.add(res.body.requestId);
            else throw new Error(`${action} answered ${res.status}: ${JSON.stringify(res.body)}`);
          } catch (err) {
            if ((err as Error).message.includes('answered')) throw err;
            return; // the server died mid-call: that request was not acknowledged
          }
        }
      }),
    );
    return sent;
  }

  it('every acknowledged request finishes and each side effect happens exactly once', async () => {
    const acked = new Set<string>();

    // Round 0: log the accounts in, then load, then a kill at a random moment.
    proc = await startServe({ role: 'all', env: env() });
    let api = apiClient(proc.url, key);
    const accountIds: string[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const res = await api.post('login_v2', { email: `crash.${i}@example.com`, password: 'pw' });
      assert.equal(res.status, 200);
      accountIds.push(res.body.accountId);
    }
    assert.ok(
      await waitFor(async () => (await store.db.selectFrom('accounts').select('id').where('status', '=', 'ACTIVE').execute()).length === ACCOUNTS, 20000),
      'accounts logged in',
    );

    let killedByUs = 0;
    let killedItself = 0;
    const rounds = [
      { fault: 0 },
      { fault: 3 },
      { fault: 0 },
      { fault: 3 },
      { fault: 0 },
    ];
    for (const [r, round] of rounds.entries()) {
      if (r > 0) {
        try {
          proc = await startServe({ role: 'all', env: env(round.fault ? { WELINK_FAULT_KILL_AFTER_EFFECT: String(round.fault) } : {}) });
        } catch (err) {
          // With the fault on, the backlog can kill the process before it even answers /readyz.
          if (!(err instanceof ServeExitedError) || !round.fault || err.exit.signal !== 'SIGKILL') throw err;
          killedItself++;
          continue;
        }
        api = apiClient(proc.url, key);
      }
      const current: ServeProcess = proc!;
      let ourKill = false;
      const killAt = 200 + Math.floor(random.next() * 1200);
      const timer = round.fault
        ? setTimeout(() => ((ourKill = true), current.kill('SIGKILL')), 8000) // bound, should the fault not fire
        : setTimeout(() => ((ourKill = true), current.kill('SIGKILL')), killAt);
      await load(api, accountIds, acked, 10000);
      const exit = await current.exited;
      clearTimeout(timer);
      assert.equal(exit.signal, 'SIGKILL', `round ${r}: ${current.stderr().slice(-1000)}`);
      if (ourKill) killedByUs++;
      else killedItself++;
    }
    assert.ok(killedItself >= 1, 'the fault fired in at least one round');
    assert.ok(killedByUs >= 3);
    assert.ok(acked.size > 50, `only ${acked.size} requests acknowledged`);

    // Last life: no faults; everything left must finish.
    proc = await startServe({ role: 'all', env: env() });
    const done = await waitFor(
      async () => (await store.db.selectFrom('requests').select('id').where('status', 'in', ['QUEUED', 'RUNNING']).limit(1).execute()).length === 0,
      60000,
      200,
    );
    assert.ok(done, 'every request reached a terminal state');

    const rows = await store.db.selectFrom('requests').select(['id', 'action', 'status', 'error_code', 'attempts', 'effect_started_at']).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of acked) {
      const r = byId.get(id);
      assert.ok(r, `acknowledged ${id} is in the store`);
      assert.equal(r.status, 'SUCCESS', `${id}: ${r.status} ${r.error_code}`);
    }

    const effects = await store.db.selectFrom('sandbox_effects').select(['request_id']).execute();
    const perRequest = new Map<string, number>();
    for (const e of effects) perRequest.set(String(e.request_id), (perRequest.get(String(e.request_id)) ?? 0) + 1);
    for (const r of rows.filter((x) => actionByName(x.action)?.sideEffect)) {
      assert.equal(perRequest.get(r.id), 1, `${r.id} (${r.action}, ${r.attempts} attempts) has ${perRequest.get(r.id) ?? 0} effects`);
    }
    assert.equal(effects.length, rows.filter((x) => actionByName(x.action)?.sideEffect).length);

    // The kill between an effect and its recording really happened, and the retry asked the sandbox
    // instead of doing it again: such a request ran twice and has one effect.
    const rerun = rows.filter((r) => Number(r.attempts) > 1 && r.effect_started_at !== null);
    console.log(`# acked ${acked.size}, killed by the test ${killedByUs}, by the fault ${killedItself}, run again ${rerun.length}`);
    assert.ok(rerun.length >= killedItself, `${rerun.length} requests were run again after a crash`);
  });
});
