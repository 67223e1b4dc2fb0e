import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { emitEvent } from '../../src/events/emit.ts';
import { onPostgres, processCluster, type ProcessCluster } from '../helpers/cluster.ts';
import { inParallel } from '../helpers/parallel.ts';
import { apiClient, type ServeProcess } from '../helpers/processes.ts';
import { waitFor } from '../helpers/wait.ts';

// On PostgreSQL events are numbered after they commit (store/event-seq.ts). A reader paging with
// `after` must still see every event exactly once, in one gap-free sequence, while two worker
// processes emit events and one event commits long after later ones were numbered.
onPostgres('the event log read with after, while two workers emit', { timeout: 180000 }, () => {
  let c: ProcessCluster;
  let procs: ServeProcess[];

  before(async () => {
    c = await processCluster('postgres', { WELINK_WORKER_CONCURRENCY: '4', WELINK_POLL_MS: '200' });
    procs = await Promise.all([c.start('api'), c.start('worker'), c.start('worker')]);
  });

  after(() => c?.close());

  it('misses no event and repeats none, including one that commits late with an early id', async () => {
    const key = await c.key('event-log');
    const api = apiClient(procs[0].url, key);
    const seen: { seq: number; eventId: string }[] = [];
    let after = 0;
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const page = await api.post('get_events', { after, limit: 50 });
        assert.equal(page.status, 200, JSON.stringify(page.body));
        for (const e of page.body.events) seen.push({ seq: e.seq, eventId: e.eventId });
        after = page.body.nextAfter;
      }
    })();

    const logins = await inParallel(
      Array.from({ length: 8 }, (_, i) => i),
      8,
      (i) => api.post('login_v2', { email: `log.${i}@example.com`, password: 'pw' }),
    );
    assert.ok(logins.every((l) => l.status === 200), JSON.stringify(logins.find((l) => l.status !== 200)?.body));
    const accountIds = logins.map((l) => l.body.accountId as string);
    await waitFor('every account logged in', async () => (await c.store.db.selectFrom('accounts').select('id').where('status', '=', 'ACTIVE').execute()).length === 8, 30000);

    // An event inserted now (its id sorts before everything emitted after it) and committed only
    // after the workers' later events are in the log.
    const late = await c.store.db.transaction().execute(async (trx) => {
      const emitted = await emitEvent(trx, { workspaceId: key.workspaceId, accountId: null, requestId: null, type: 'ACCOUNT_PAUSED', payload: { event: 'ACCOUNT_PAUSED' } }, Date.now());
      const calls = accountIds.flatMap((accountId) => Array.from({ length: 5 }, (_, j) => ({ accountId, profile_id: `ACoAAlog${j}` })));
      const acks = await inParallel(calls, 8, (b) => api.post('visit_profile', b));
      assert.ok(acks.every((a) => a.status === 200), JSON.stringify(acks.find((a) => a.status !== 200)?.body));
      await waitFor('later events read', () => seen.length >= 20, 60000);
      return emitted.event.id;
    });

    await waitFor('every request finished', async () => (await c.store.db.selectFrom('requests').select('id').where('status', 'in', ['QUEUED', 'RUNNING']).limit(1).execute()).length === 0, 60000);
    const total = (await c.store.db.selectFrom('events').select('id').where('workspace_id', '=', key.workspaceId).execute()).length;
    assert.ok(total >= 8 * 5 + 1, `${total} events`);
    await waitFor('every event read', () => seen.length >= total, 60000);
    reading = false;
    await reader;

    assert.equal(seen.length, total, 'no event read twice');
    assert.deepEqual(
      seen.map((e) => e.seq),
      Array.from({ length: total }, (_, i) => i + 1),
      'one gap-free sequence, read in order',
    );
    assert.equal(new Set(seen.map((e) => e.eventId)).size, total);
    const lateAt = seen.findIndex((e) => e.eventId === late);
    assert.ok(lateAt >= 20, `the late event is numbered after the events read before it committed (at ${lateAt})`);
    const stored = await c.store.db.selectFrom('events').select(['id', 'seq']).where('workspace_id', '=', key.workspaceId).orderBy('seq').execute();
    assert.deepEqual(
      stored.map((e) => e.id),
      seen.map((e) => e.eventId),
    );
    const runners = await c.store.db.selectFrom('requests').select('ran_by').distinct().where('workspace_id', '=', key.workspaceId).execute();
    assert.equal(runners.length, 2, 'both workers emitted events');
    for (const p of procs) assert.doesNotMatch(p.stderr(), /Error/, `stderr of ${p.role} ${p.pid}`);
  });
});
