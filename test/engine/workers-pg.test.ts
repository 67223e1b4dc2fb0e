import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { actionByName } from '../../src/actions/catalogue.ts';
import { onPostgres, processCluster, type ProcessCluster } from '../helpers/cluster.ts';
import { inParallel } from '../helpers/parallel.ts';
import { apiClient, type ServeProcess } from '../helpers/processes.ts';
import { waitFor } from '../helpers/wait.ts';

onPostgres('several worker processes', { timeout: 180000 }, () => {
  const ACCOUNTS = 20;
  const PER_ACCOUNT = 15;
  let c: ProcessCluster;
  let procs: ServeProcess[];

  before(async () => {
    c = await processCluster('postgres', {
      WELINK_RATE_LIMIT: '1000',
      // Fewer lanes per worker than accounts, so no single worker can hold them all.
      WELINK_WORKER_CONCURRENCY: '4',
      WELINK_POLL_MS: '200',
    });
    procs = await Promise.all([c.start('api'), c.start('worker'), c.start('worker'), c.start('worker')]);
  });

  after(() => c?.close());

  it('share the lanes: every request runs once, one at a time per account, each effect once', async () => {
    const key = await c.key('workers');
    const api = apiClient(procs[0].url, key);

    const logins = await inParallel(
      Array.from({ length: ACCOUNTS }, (_, i) => i),
      8,
      (i) => api.post('login_v2', { email: `worker.${i}@example.com`, password: 'pw' }),
    );
    assert.ok(logins.every((l) => l.status === 200), JSON.stringify(logins.find((l) => l.status !== 200)?.body));
    const accountIds = logins.map((l) => l.body.accountId as string);
    await waitFor('every account logged in', async () => {
      const rows = await c.store.db.selectFrom('accounts').select('status').where('status', '=', 'ACTIVE').execute();
      return rows.length === ACCOUNTS;
    }, 30000);

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

    await waitFor('every request terminal', async () => {
      const open = await c.store.db.selectFrom('requests').select('id').where('status', 'in', ['QUEUED', 'RUNNING']).limit(1).execute();
      return open.length === 0;
    }, 90000, 250);

    const rows = await c.store.db
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
    const effects = await c.store.db.selectFrom('sandbox_effects').select(['request_id']).execute();
    const perRequest = new Map<string, number>();
    for (const e of effects) perRequest.set(String(e.request_id), (perRequest.get(String(e.request_id)) ?? 0) + 1);
    const sideEffecting = rows.filter((r) => actionByName(r.action)?.sideEffect);
    assert.equal(sideEffecting.length, ACCOUNTS * PER_ACCOUNT);
    for (const r of sideEffecting) assert.equal(perRequest.get(r.id), 1, `effects of ${r.id}`);
    assert.equal(effects.length, sideEffecting.length);

    for (const p of procs) assert.doesNotMatch(p.stderr(), /Error/, `stderr of ${p.role} ${p.pid}`);
  });
});
