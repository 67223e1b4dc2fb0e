import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actionByName } from '../../src/actions/catalogue.ts';
import { seededRandom } from '../../src/lib/random.ts';
import type { Store } from '../../src/store/open.ts';
import { onPostgres, processCluster, type ProcessCluster } from '../helpers/cluster.ts';
import { Load } from '../helpers/load.ts';
import { apiClient, ServeExitedError, type ServeProcess } from '../helpers/processes.ts';
import { Receiver } from '../helpers/receiver.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * The crash suite: real `welink serve` processes killed with SIGKILL, and what must hold afterwards.
 * Every acknowledged request reaches one terminal state, every side effect happens exactly once
 * (the sandbox writes one effect row per side effect, keyed by request), and every result reaches
 * the webhook receiver.
 */

const TERMINAL = ['SUCCESS', 'FAILED', 'CANCELLED'] as const;
const SEED = Number(process.env.WELINK_CRASH_SEED ?? 7);
const HOOK_ENV = { WELINK_WEBHOOK_ALLOW_PRIVATE: 'true', WELINK_WEBHOOK_RETRY_SCHEDULE: '0,1,1,1,1,1,1,1,1,1' };

/** Side-effect rows per request id. */
async function effectsPerRequest(store: Store): Promise<Map<string, number>> {
  const rows = await store.db.selectFrom('sandbox_effects').select(['request_id', (eb) => eb.fn.countAll<number>().as('n')]).where('request_id', 'is not', null).groupBy('request_id').execute();
  return new Map(rows.map((e) => [e.request_id!, Number(e.n)]));
}

/** The webhook-ids the receiver got for each request id. */
function deliveredByRequest(r: Receiver): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const got of r.received) {
    try {
      const body = JSON.parse(got.body);
      const id = body.requestId ?? body.request_id;
      if (id) out.set(id, (out.get(id) ?? new Set()).add(String(got.headers['webhook-id'])));
    } catch {
      // what the receiver cannot read does not count as delivered
    }
  }
  return out;
}

describe('crash: SIGKILL under load, by the test and by the process itself [sqlite]', { timeout: 180000 }, () => {
  let c: ProcessCluster;
  let receiver: Receiver;
  let proc: ServeProcess | null = null;
  before(async () => {
    c = await processCluster('sqlite', { WELINK_POLL_MS: '50', ...HOOK_ENV });
    receiver = await Receiver.start();
  });
  after(async () => {
    proc?.kill('SIGKILL');
    await proc?.exited;
    await c?.close();
    await receiver?.down();
  });

  it('every acknowledged request succeeds once, a retry after a kill between effect and record asks first, every webhook arrives', async (tc) => {
    const creds = await c.key('crash');
    proc = await c.start('all');
    let api = apiClient(proc.url, creds);
    const accounts: string[] = [];
    for (let i = 0; i < 6; i++) {
      const ack = await api.post('login_v2', { email: `crash.user${i}@example.com`, password: 'pw' });
      assert.equal(ack.status, 200, JSON.stringify(ack.body));
      accounts.push(ack.body.accountId);
    }
    await waitFor('accounts active', async () => (await c.store.db.selectFrom('accounts').select('id').where('status', '=', 'ACTIVE').execute()).length === accounts.length, 30000);
    const hook = await api.post('create_webhook', { url: receiver.url });
    assert.equal(hook.status, 200, JSON.stringify(hook.body));

    const load = new Load({ baseUrl: () => proc!.url, headers: { 'x-api-key': creds.apiKey, 'x-api-secret': creds.apiSecret }, accounts, workers: 6, maxRequests: 6000 });
    load.start();
    const random = seededRandom(SEED);
    // Lives that end by the test's kill at a random moment, and lives whose process kills itself right
    // after a side effect and before the transaction that records it (WELINK_FAULT_KILL_AFTER_EFFECT).
    const lives = [{ fault: 0 }, { fault: 3 }, { fault: 0 }, { fault: 3 }, { fault: 0 }];
    let killedByTest = 0;
    let killedItself = 0;
    try {
      for (const [n, life] of lives.entries()) {
        if (n > 0) {
          try {
            proc = await c.start('all', life.fault ? { WELINK_FAULT_KILL_AFTER_EFFECT: String(life.fault) } : {});
          } catch (err) {
            // With the fault on, the backlog can kill the process before it reports its port.
            if (!(err instanceof ServeExitedError) || !life.fault || err.exit.signal !== 'SIGKILL') throw err;
            killedItself++;
            continue;
          }
        }
        const current: ServeProcess = proc!;
        let gone = false;
        void current.exited.then(() => (gone = true));
        const before = load.acknowledged.size;
        // A kill must land mid-work: only once this life has acknowledged something (or died of the fault).
        await waitFor(`acknowledgements in life ${n}`, () => load.acknowledged.size > before + 10 || gone, 30000, 10).catch((err) => {
          throw new Error(`${(err as Error).message}; stderr: ${current.stderr().slice(-1500)}`);
        });
        let byTest = false;
        const kill = () => {
          if (gone) return;
          byTest = true;
          current.kill('SIGKILL');
        };
        // A fault life should end by itself; the bound only keeps a fault that never fires from hanging.
        const timer = setTimeout(kill, life.fault ? 8000 : 100 + Math.floor(random.next() * 700));
        const exit = await current.exited;
        clearTimeout(timer);
        assert.equal(exit.signal, 'SIGKILL', `life ${n}: ${current.stderr().slice(-1000)}`);
        if (byTest) killedByTest++;
        else killedItself++;
      }
      assert.ok(killedItself >= 1, 'the fault fired in at least one life');
      assert.ok(killedByTest >= 3, `the test killed ${killedByTest} lives`);

      // The last life has no fault: it takes more work, then finishes everything.
      proc = await c.start('all');
      const before = load.acknowledged.size;
      await waitFor('acknowledgements after the last restart', () => load.acknowledged.size > before + 10, 30000, 10);
    } finally {
      await load.stop();
    }
    api = apiClient(proc.url, creds);
    tc.diagnostic(`sent ${load.sent}, acknowledged ${load.acknowledged.size}, killed by the test ${killedByTest}, by the fault ${killedItself}, answers ${JSON.stringify(Object.fromEntries(load.statuses))}`);
    for (const [status] of load.statuses) assert.ok(status === 'connection failed' || Number(status) < 500, `answer ${status} under load`);
    assert.ok(load.acknowledged.size > 50, `only ${load.acknowledged.size} requests acknowledged`);

    const ids = [...load.acknowledged.keys()];
    const db = c.store.db;
    const rows = await waitFor('every acknowledged request terminal', async () => {
      const found = [];
      for (let i = 0; i < ids.length; i += 500) {
        found.push(...(await db.selectFrom('requests').select(['id', 'status', 'action', 'error_code', 'attempts', 'effect_started_at']).where('id', 'in', ids.slice(i, i + 500)).execute()));
      }
      return found.length === ids.length && found.every((r) => (TERMINAL as readonly string[]).includes(r.status)) ? found : null;
    }, 60000, 200).catch(async (err) => {
      const open = await db.selectFrom('requests').select(['id', 'status', 'attempts', 'not_before', 'error_code']).where('status', 'not in', TERMINAL).limit(5).execute();
      throw new Error(`${(err as Error).message}; still open: ${JSON.stringify(open)}; stderr: ${proc!.stderr().slice(-1500)}`);
    });
    assert.deepEqual(rows.filter((r) => r.status !== 'SUCCESS').map((r) => `${r.id} ${r.status} ${r.error_code}`), [], 'every acknowledged request succeeded');

    // Exactly once: one effect per side-effecting request, never two for any request.
    const perRequest = await effectsPerRequest(c.store);
    assert.deepEqual([...perRequest].filter(([, n]) => n > 1), [], 'no side effect happened twice');
    for (const r of rows) if (actionByName(r.action)?.sideEffect) assert.equal(perRequest.get(r.id), 1, `${r.action} ${r.id} (${r.attempts} attempts) has exactly one effect`);
    // A process that died between an effect and its record left a request that ran again: the retry
    // asked the sandbox instead of acting twice (the effect counts above show it did not act twice).
    const rerun = rows.filter((r) => Number(r.attempts) > 1 && r.effect_started_at !== null);
    assert.ok(rerun.length >= killedItself, `${rerun.length} requests ran again after a crash, ${killedItself} lives ended by the fault`);

    // get_response agrees with the store after the crashes.
    for (const id of ids.slice(0, 20)) {
      const res = await api.post('get_response', { request_id: id });
      assert.equal(res.status, 200);
      assert.equal(res.body.state, 'SUCCESS');
    }
    await waitFor('every webhook delivered', () => ids.every((id) => deliveredByRequest(receiver).has(id)), 60000, 200).catch((err) => {
      const got = deliveredByRequest(receiver);
      const missing = ids.filter((id) => !got.has(id));
      throw new Error(`${(err as Error).message}: ${missing.length} of ${ids.length} missing, e.g. ${missing.slice(0, 3).join(', ')}`);
    });
  });
});

onPostgres('crash: a worker process killed mid-run', { timeout: 120000 }, () => {
  let c: ProcessCluster;
  let receiver: Receiver;
  before(async () => {
    // Leases of two seconds: a dead worker's lane is free again soon after its last heartbeat.
    c = await processCluster('postgres', { WELINK_LEASE_SECONDS: '2', WELINK_POLL_MS: '100', ...HOOK_ENV });
    receiver = await Receiver.start();
  });
  after(async () => {
    await c?.close();
    await receiver?.down();
  });

  it('another worker takes the request over once the lease expires; it completes once: one effect, one terminal state, one event, one webhook', async () => {
    const db = c.store.db;
    const creds = await c.key('worker-death');
    const apiProc = await c.start('api');
    const api = apiClient(apiProc.url, creds);
    assert.equal((await api.post('create_webhook', { url: receiver.url })).status, 200);

    // The account logs in on an ordinary worker, which then stops: the victim must be the one to claim.
    const helper = await c.start('worker');
    const accountId = (await api.post('login_v2', { email: 'victim@example.com', password: 'pw' })).body.accountId;
    await waitFor('account active', async () => (await db.selectFrom('accounts').select('status').where('id', '=', accountId).executeTakeFirst())?.status === 'ACTIVE', 20000);
    assert.equal((await helper.stop()).code, 0);

    // The victim spends a minute inside each action: it is mid-run when it is killed.
    const victim = await c.start('worker', { WELINK_FAULT_ACTION_DELAY_MS: '60000' });
    const ack = await api.post('connect', { accountId, profile_id: 'ACoAAvictim1' });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    const requestId: string = ack.body.requestId;
    const running = await waitFor('the victim runs the request', async () => {
      const r = await db.selectFrom('requests').select(['status', 'lease_owner']).where('id', '=', requestId).executeTakeFirstOrThrow();
      return r.status === 'RUNNING' ? r : null;
    }, 20000);
    victim.kill('SIGKILL');
    assert.equal((await victim.exited).signal, 'SIGKILL');
    assert.equal((await db.selectFrom('requests').select('status').where('id', '=', requestId).executeTakeFirstOrThrow()).status, 'RUNNING', 'the dead worker still holds it');

    const rescuer = await c.start('worker');
    const done = await waitFor('the request taken over and finished', async () => {
      const r = await db.selectFrom('requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
      return (TERMINAL as readonly string[]).includes(r.status) ? r : null;
    }, 30000).catch((err) => {
      throw new Error(`${(err as Error).message}; rescuer stdout: ${rescuer.stdout().slice(-1500)}`);
    });
    assert.equal(done.status, 'SUCCESS', `${done.error_code} ${done.error_message}`);
    assert.equal(Number(done.attempts), 2, 'claimed by the victim, then by the rescuer');
    assert.notEqual(done.ran_by, running.lease_owner, 'the rescuer ran it');
    assert.equal(done.lease_owner, null);

    assert.equal((await effectsPerRequest(c.store)).get(requestId), 1, 'one effect');
    const events = await db.selectFrom('events').select('type').where('request_id', '=', requestId).execute();
    assert.deepEqual(events.map((e) => e.type), ['CONNECTION_SENT'], 'one event');
    await waitFor('the webhook delivered', async () => {
      const d = await db.selectFrom('webhook_deliveries').select('status').where('request_id', '=', requestId).execute();
      return d.length === 1 && d[0].status === 'DELIVERED';
    }, 20000);
    assert.deepEqual([...(deliveredByRequest(receiver).get(requestId) ?? [])].length, 1, 'one webhook');
    const lane = await db.selectFrom('accounts').select(['status', 'lease_owner']).where('id', '=', accountId).executeTakeFirstOrThrow();
    assert.equal(lane.status, 'ACTIVE');
  });
});
