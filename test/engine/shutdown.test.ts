import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { actionByName, type ActionName, type SideEffectActionName } from '../../src/actions/catalogue.ts';
import type { Outcome } from '../../src/actions/outcome.ts';
import { runAction, verifyAction, type ProviderHandlers } from '../../src/actions/provider-contract.ts';
import type { RunContext } from '../../src/actions/run-context.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load.ts';
import { ManualClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { seededRandom } from '../../src/lib/random.ts';
import { createSandboxProvider } from '../../src/providers/sandbox/provider.ts';
import { migrate, openStore, type Store } from '../../src/store/open.ts';
import { createKey } from '../../src/tenancy/keys.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { freshPostgres, pgRequired, postgresUnavailable } from '../helpers/pg.ts';
import { apiClient, startServe, stopAll, waitFor, type ServeProcess } from '../helpers/processes.ts';

const why = await postgresUnavailable();
if (why && pgRequired) throw new Error(why);

describe('graceful shutdown of a worker process (PostgreSQL)', { skip: why ?? false, timeout: 120000 }, () => {
  let drop: () => Promise<void>;
  let store: Store;
  let dataDir: string;
  let env: Record<string, string>;
  const procs: ServeProcess[] = [];

  before(async () => {
    const fresh = await freshPostgres();
    drop = fresh.drop;
    dataDir = mkdtempSync(join(tmpdir(), 'welink-shutdown-'));
    store = await openStore({ databaseUrl: fresh.url, dataDir, sqliteSynchronous: 'FULL' });
    await migrate(store);
    env = {
      DATABASE_URL: fresh.url,
      WELINK_DATA_DIR: dataDir,
      WELINK_MASTER_KEY: randomBytes(32).toString('base64'),
      WELINK_PACING: 'off',
      WELINK_RATE_LIMIT: '1000',
      WELINK_WORKER_CONCURRENCY: '4',
      WELINK_POLL_MS: '200',
      // Each action takes a while, so the SIGTERM lands while the worker is in the middle of some.
      WELINK_FAULT_ACTION_DELAY_MS: '400',
      LOG_LEVEL: 'warn',
    };
  });

  after(async () => {
    await stopAll(procs);
    await store?.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('SIGTERM: the worker finishes what it runs, exits 0, and the other worker does the rest; nothing is lost or run twice', async () => {
    const key = await createKey(store.db, { name: 'shutdown', now: Date.now() });
    if ('error' in key) throw new Error(key.error);
    const [apiProc, first] = await Promise.all([startServe({ role: 'api', env }), startServe({ role: 'worker', env })]);
    procs.push(apiProc, first);
    const api = apiClient(apiProc.url, key);

    const accountIds: string[] = [];
    for (let i = 0; i < 6; i++) accountIds.push((await api.post('login_v2', { email: `term.${i}@example.com`, password: 'pw' })).body.accountId);
    assert.ok(await waitFor(async () => (await store.db.selectFrom('accounts').select('id').where('status', '=', 'ACTIVE').execute()).length === 6, 20000));
    const firstOwner = (await store.db.selectFrom('requests').select('ran_by').limit(1).executeTakeFirstOrThrow()).ran_by!;

    const second = await startServe({ role: 'worker', env });
    procs.push(second);

    const ids: string[] = [];
    for (let j = 0; j < 6; j++) {
      for (const accountId of accountIds) {
        const res = await api.post('connect', { accountId, profile_id: `ACoAAterm${ids.length}` });
        assert.equal(res.status, 200);
        ids.push(res.body.requestId);
      }
    }
    // Wait for the first worker to be mid-action, then ask it to stop.
    let runningAtTerm: string[] = [];
    assert.ok(
      await waitFor(async () => {
        const rows = await store.db.selectFrom('requests').select('id').where('status', '=', 'RUNNING').where('lease_owner', '=', firstOwner).execute();
        runningAtTerm = rows.map((r) => r.id);
        return rows.length > 0;
      }, 20000, 20),
      'the first worker runs something',
    );
    first.kill('SIGTERM');
    const exit = await first.exited;
    assert.equal(exit.code, 0, first.stderr());

    // It finished what it was running (the grace period is longer than an action) and holds nothing.
    const held = await store.db.selectFrom('requests').select('id').where('lease_owner', '=', firstOwner).execute();
    assert.equal(held.length, 0);
    const lanes = await store.db.selectFrom('accounts').select('id').where('lease_owner', '=', firstOwner).execute();
    assert.equal(lanes.length, 0);
    const atTerm = await store.db.selectFrom('requests').select(['id', 'status', 'ran_by']).where('id', 'in', runningAtTerm).execute();
    for (const r of atTerm) {
      assert.equal(r.status, 'SUCCESS');
      assert.equal(r.ran_by, firstOwner);
    }

    const leftOver = (await store.db.selectFrom('requests').select('id').where('status', '=', 'QUEUED').execute()).map((r) => r.id);
    assert.ok(
      await waitFor(async () => (await store.db.selectFrom('requests').select('id').where('status', 'in', ['QUEUED', 'RUNNING']).execute()).length === 0, 40000, 200),
      'the second worker finished the rest',
    );
    const rows = await store.db.selectFrom('requests').select(['id', 'action', 'status', 'attempts', 'ran_by']).where('id', 'in', ids).execute();
    assert.equal(rows.length, ids.length);
    for (const r of rows) {
      assert.equal(r.status, 'SUCCESS');
      assert.equal(Number(r.attempts), 1, `${r.id} ran ${r.attempts} times`);
    }
    assert.ok(leftOver.length > 0, 'work was left when the first worker stopped');
    for (const r of rows.filter((x) => leftOver.includes(x.id))) assert.notEqual(r.ran_by, firstOwner, 'the second worker took over');
    const effects = await store.db.selectFrom('sandbox_effects').select('request_id').where('request_id', 'in', ids).execute();
    assert.equal(effects.length, ids.length);
    assert.equal(new Set(effects.map((e) => e.request_id)).size, ids.length);
  });
});

forEachDialect('engine.stop hands back what outlives the grace period', (env) => {
  let app: App;
  let release: (o: Outcome<unknown>) => void = () => {};
  let hang = true;
  before(async () => {
    const config = loadConfig({}, { databaseUrl: env().databaseUrl, dataDir: env().dataDir, pacing: 'off', logLevel: 'silent', pollMs: 20 });
    const clock = new ManualClock();
    const logger = createLogger('silent');
    // The real sandbox, except that visit_profile hangs while `hang` is set.
    let sandbox: ProviderHandlers | null = null;
    const real = () => (sandbox ??= createSandboxProvider({ db: app.store.db, seed: 'welink' }));
    const provider: ProviderHandlers = {
      run: new Proxy({} as ProviderHandlers['run'], {
        get: (_t, name: ActionName) => (ctx: RunContext, input: unknown) =>
          name === 'visit_profile' && hang ? new Promise<Outcome<unknown>>((r) => (release = r)) : runAction(real(), name, ctx, input),
      }),
      verify: new Proxy({} as ProviderHandlers['verify'], { get: (_t, name: SideEffectActionName) => (ctx: RunContext, input: unknown) => verifyAction(real(), name, ctx, input) }),
    };
    app = await createApp({ config, clock, random: seededRandom(1), logger, providers: { sandbox: provider } });
  });
  after(() => app.close());

  it('a running request past the grace period goes back to QUEUED, and the next run checks before acting', async () => {
    const db = app.store.db;
    const key = await createKey(db, { name: 'stop', now: Date.now() });
    if ('error' in key) throw new Error(key.error);
    const post = async (path: string, body: unknown) => {
      const res = await app.server.inject({ method: 'POST', url: `/api/v1/${path}`, headers: { 'x-api-key': key.apiKey, 'x-api-secret': key.apiSecret }, payload: body as object });
      return res.json();
    };
    const login = await post('login_v2', { email: 'stop.me@example.com', password: 'pw' });
    await app.engine.drain();
    const ack = await post('visit_profile', { accountId: login.accountId, profile_id: 'ACoAAhang' });

    await app.engine.start();
    assert.ok(
      await waitFor(async () => (await db.selectFrom('requests').select('status').where('id', '=', ack.requestId).executeTakeFirstOrThrow()).status === 'RUNNING', 10000, 10),
    );
    await app.engine.stop(100);
    const back = await db.selectFrom('requests').selectAll().where('id', '=', ack.requestId).executeTakeFirstOrThrow();
    assert.equal(back.status, 'QUEUED');
    assert.equal(back.lease_owner, null);
    assert.notEqual(back.effect_started_at, null, 'the interrupted attempt is remembered');
    const lane = await db.selectFrom('accounts').select('lease_owner').where('id', '=', login.accountId).executeTakeFirstOrThrow();
    assert.equal(lane.lease_owner, null);

    // The abandoned call ends late: its outcome must not be recorded over the handed-back request.
    release({ ok: false, code: 'PROVIDER_TIMEOUT', message: 'late' });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await db.selectFrom('requests').select('status').where('id', '=', ack.requestId).executeTakeFirstOrThrow()).status, 'QUEUED');

    hang = false;
    assert.equal(await app.engine.drain(), 1);
    const done = await db.selectFrom('requests').selectAll().where('id', '=', ack.requestId).executeTakeFirstOrThrow();
    assert.equal(done.status, 'SUCCESS');
    assert.equal(Number(done.attempts), 2);
    const effects = await db.selectFrom('sandbox_effects').select('id').where('request_id', '=', ack.requestId).execute();
    assert.equal(effects.length, 1);
    assert.ok(actionByName('visit_profile')?.sideEffect);
  });
});

