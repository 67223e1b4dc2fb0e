import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { onPostgres, processCluster, type ProcessCluster } from '../helpers/cluster.ts';
import { apiClient, type HttpAnswer, type ServeProcess } from '../helpers/processes.ts';

/**
 * Two API processes receive the same call with the same Idempotency-Key at the same moment. Both
 * look the key up before either has committed it; the one that commits second hits the key's
 * unique index and must recognise that as "accepted by someone else": it answers the first
 * acceptance (a replay) or 409 IDEMPOTENCY_KEY_IN_USE, never a second request and never a 500.
 */
onPostgres('Idempotency-Key across API processes', { timeout: 120000 }, () => {
  let c: ProcessCluster;
  let procs: ServeProcess[];
  before(async () => {
    c = await processCluster('postgres');
    procs = await Promise.all([c.start('api'), c.start('api')]);
  });
  after(() => c?.close());

  it('the same key and body sent to both processes at once: exactly one request, the other answer a replay or 409', async () => {
    const key = await c.key('idem');
    const [a, b] = procs.map((p) => apiClient(p.url, key));
    // A connecting account already takes requests: no worker is needed for acceptance.
    const login = await a.post('login_v2', { email: 'twice@example.com', password: 'pw' });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const accountId: string = login.body.accountId;

    const KEYS = 40;
    const answers = new Map<string, HttpAnswer[]>();
    // One key at a time, so each process's acceptance is alone in its group-commit batch: a conflict
    // cannot hide behind the batch's own retry of each operation.
    for (let i = 0; i < KEYS; i++) {
      const body = { accountId, profile_id: `ACoAAtwice${i}` };
      const headers = { 'idempotency-key': `twice-${i}` };
      answers.set(`twice-${i}`, await Promise.all([a.post('connect', body, headers), b.post('connect', body, headers)]));
    }

    let replays = 0;
    let inUse = 0;
    for (const [k, pair] of answers) {
      for (const res of pair) {
        assert.ok(res.status === 200 || res.status === 409, `${k}: ${res.status} ${JSON.stringify(res.body)}`);
        if (res.status === 409) {
          assert.equal(res.body.code, 'IDEMPOTENCY_KEY_IN_USE', JSON.stringify(res.body));
          inUse++;
        }
        if (res.headers.get('idempotent-replayed') === 'true') replays++;
      }
      const ids = new Set(pair.filter((r) => r.status === 200).map((r) => r.body.requestId));
      assert.equal(ids.size, 1, `${k}: one request id among the answers: ${[...ids]}`);
    }
    const stored = await c.store.db.selectFrom('requests').select(['id', 'input']).where('account_id', '=', accountId).where('action', '=', 'connect').execute();
    assert.equal(stored.length, KEYS, 'one request per key');
    assert.equal(new Set(stored.map((r) => JSON.parse(r.input).profile_id)).size, KEYS);
    assert.equal(replays + inUse, KEYS, 'each key: one acceptance, and one replay or 409');
  });
});
