import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachDialect } from '../helpers/dialects.ts';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';

/**
 * A worker asks for at most n lanes (its free concurrency) and must get at most n, however the
 * database plans the claim: on PostgreSQL a locking subquery re-run inside `IN (...)` takes more.
 */
forEachDialect('lane claims', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  before(async () => {
    t = await testApp(env());
    tenant = await t.tenant();
  });
  after(() => t.close());

  /** `n` logged-in accounts, each with one queued visit; answers the visits' request ids. */
  async function lanesWithWork(prefix: string, n: number): Promise<string[]> {
    const accounts: string[] = [];
    // Every login first: each one drains the engine, which would run visits queued before it.
    for (let i = 0; i < n; i++) accounts.push(await loggedInAccount(t, tenant, `${prefix}${i}@example.com`));
    const ids: string[] = [];
    for (const [i, accountId] of accounts.entries()) ids.push((await tenant.post('visit_profile', { accountId, profile_id: `ACoAA${prefix}${i}` })).body.requestId);
    return ids;
  }
  const statuses = async (ids: string[]) => t.app.store.db.selectFrom('requests').select(['id', 'status', 'attempts', 'ran_by']).where('id', 'in', ids).execute();

  it('a claim for 3 lanes out of 10 due runs exactly 3 requests; the others stay queued', async () => {
    const ids = await lanesWithWork('claim', 10);
    assert.equal(await t.app.engine.runDue(3), 3);
    const rows = await statuses(ids);
    assert.equal(rows.filter((r) => r.status === 'SUCCESS').length, 3);
    assert.equal(rows.filter((r) => r.status === 'QUEUED').length, 7);
    assert.equal(await t.app.engine.drain(), 7);
  });

  it('PostgreSQL: two workers claiming at the same moment take at most 3 lanes each, never the same one', async (tc) => {
    if (env().dialect !== 'postgres') return tc.skip('one SQLite process runs every lane');
    const other = await testApp(env());
    try {
      other.clock.set(t.clock.now());
      const ids = await lanesWithWork('pair', 10);
      const [x, y] = await Promise.all([t.app.engine.runDue(3), other.app.engine.runDue(3)]);
      assert.ok(x <= 3 && y <= 3, `claimed ${x} and ${y}`);
      const rows = await statuses(ids);
      const ran = rows.filter((r) => r.status === 'SUCCESS');
      assert.equal(ran.length, x + y);
      assert.equal(rows.filter((r) => r.status === 'QUEUED').length, 10 - x - y);
      for (const r of ran) assert.equal(Number(r.attempts), 1, `${r.id} ran once`);
      assert.equal(await t.app.engine.drain(), 10 - x - y);
    } finally {
      await other.close();
    }
  });
});
