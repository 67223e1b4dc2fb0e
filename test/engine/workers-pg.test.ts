import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { actionByName } from '../../src/actions/catalogue.ts';
import { migrate, openStore, type Store } from '../../src/store/open.ts';
import { createKey } from '../../src/tenancy/keys.ts';
import { freshPostgres, pgRequired, postgresUnavailable } from '../helpers/pg.ts';
import { apiClient, startServe, stopAll, waitFor, type ServeProcess } from '../helpers/processes.ts';

/** Runs `fn` over `items` with at most `n` in flight. */
export async function inParallel<T, R>(items: T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

const why = await postgresUnavailable();
if (why && pgRequired) throw new Error(why);

describe('several worker processes on PostgreSQL', { skip: why ?? false, timeout: 180000 }, () => {
  const ACCOUNTS = 20;
  const PER_ACCOUNT = 15;
  let drop: () => Promise<void>;
  let store: Store;
  let dataDir: string;
  const procs: ServeProcess[] = [];

  before(async () => {
    const fresh = await freshPostgres();
    drop = fresh.drop;
    dataDir = mkdtempSync(join(tmpdir(), 'welink-workers-'));
    store = await openStore({ databaseUrl: fresh.url, dataDir, sqliteSynchronous: 'FULL' });
    await migrate(store);
    const env = {
      DATABASE_URL: fresh.url,
      WELINK_DATA_DIR: dataDir,
      WELINK_MASTER_KEY: randomBytes(32).toString('base64'),
      WELINK_PACING: 'off',
      WELINK_RATE_LIMIT: '1000',
      // Fewer lanes per worker than accounts, so no single worker can hold them all.
      WELINK_WORKER_CONCURRENCY: '4',
      WELINK_POLL_MS: '200',
      LOG_LEVEL: 'warn',
    };
    procs.push(
      ...(await Promise.all([
        startServe({ role: 'api', env }),
        startServe({ role: 'worker', env }),
        startServe({ role: 'worker', env }),
        startServe({ role: 'worker', env }),
      ])),
    );
  });

  after(async () => {
    await stopAll(procs);
    await store?.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('share the lanes: every request runs once, one at a time per account, each effect once', async () => {
    const key = await createKey(store.db, { name: 'workers', now: Date.now() });
    if ('error' in key) throw new Error(key.error);
    const api = apiClient(procs[0].url, key);

    const logins = await inParallel(
      Array.from({ length: ACCOUNTS }, (_, i) => i),
      8,
      (i) => api.post('login_v2', { email: `worker.${i}@example.com`, password: 'pw' }),
    );
    assert.ok(logins.every((l) => l.status === 200), JSON.stringify(logins.find((l) => l.status !== 200)?.body));
    const accountIds = logins.map((l) => l.body.accountId as string);
    const active = await waitFor(async () => {
      const rows = await store.db.selectFrom('accounts').select('status').where('status', '=', 'ACTIVE').execute();
      return rows.length === ACCOUNTS;
    }, 30000);
    assert.ok(active, 'every account logged in');

    const actions = ['connect', 'send_message_to_profile_id', 'visit_profile'];
    const calls = accountIds.flatMap((accountId, a) =>
      Array.from({ length: PER_ACCOUNT }, (_, j) => {
        const action = actions[(a + j) % actions.length];
        const body: Record<string, unknown> = { accountId, profile_id: `ACoAAw${a}x${j}` };
        if (action === 'send_message_to_profile_id') body.message = `hello ${a}/${j}`;
        return { action, body };
      }),
    );
    const acks = await inParallel(calls, 16, (c) => api.post(c.action, c.body));
    assert.ok(acks.every((a) => a.status === 200), JSON.stringify(acks.find((a) => a.status !== 200)?.body));
    const ids = new Set(acks.map((a) => a.body.requestId as string));
    assert.equal(ids.size, ACCOUNTS * PER_ACCOUNT);

    const finished = await waitFor(async () => {
      const open = await store.db.selectFrom('requests').select('id').where('status', 'in', ['QUEUED', 'RUNNING']).limit(1).execute();
      return open.length === 0;
    }, 90000, 250);
    assert.ok(finished, 'every request reached a terminal state in time');

    const rows = await store.db
      .selectFrom('requests')
      .select(['id', 'account_id', 'action', 'status', 'error_code', 'attempts', 'started_at', 'finished_at', 'ran_by'])
      .execute();
    assert.equal(rows.length, ACCOUNTS * (PER_ACCOUNT + 1));
    for (const r of rows) {
      assert.equal(r.status, 'SUCCESS', `${r.id} ${r.action}: ${r.status} ${r.error_code}`);
      assert.equal(Number(r.attempts), 1, `${r.id} ran ${r.attempts} times`);
    }

    // No account ever had two requests running at once: its run intervals do not overlap.
    const byAccount = new Map<string, typeof rows>();
    for (const r of rows) byAccount.set(r.account_id, [...(byAccount.get(r.account_id) ?? []), r]);
    assert.equal(byAccount.size, ACCOUNTS);
    for (const [accountId, list] of byAccount) {
      list.sort((x, y) => Number(x.started_at) - Number(y.started_at) || Number(x.finished_at) - Number(y.finished_at));
      for (let i = 1; i < list.length; i++) {
        assert.ok(
          Number(list[i].started_at) >= Number(list[i - 1].finished_at),
          `account ${accountId}: ${list[i].id} started at ${list[i].started_at} before ${list[i - 1].id} finished at ${list[i - 1].finished_at}`,
        );
      }
    }

    // The work was shared: every worker ran some of it, and nothing ran in the API process.
    const runners = new Map<string, number>();
    for (const r of rows) runners.set(String(r.ran_by), (runners.get(String(r.ran_by)) ?? 0) + 1);
    assert.equal(runners.size, 3, `runners: ${JSON.stringify([...runners])}`);

    // Exactly one simulated effect per side-effecting request, and none for anything else.
    const effects = await store.db.selectFrom('sandbox_effects').select(['request_id']).execute();
    const perRequest = new Map<string, number>();
    for (const e of effects) perRequest.set(String(e.request_id), (perRequest.get(String(e.request_id)) ?? 0) + 1);
    const sideEffecting = rows.filter((r) => actionByName(r.action)?.sideEffect);
    assert.equal(sideEffecting.length, ACCOUNTS * PER_ACCOUNT);
    for (const r of sideEffecting) assert.equal(perRequest.get(r.id), 1, `effects of ${r.id}`);
    assert.equal(effects.length, sideEffecting.length);

    for (const p of procs) assert.doesNotMatch(p.stderr(), /Error/, `stderr of ${p.role} ${p.pid}`);
  });
});
