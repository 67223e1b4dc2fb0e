import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { loggedInAccount, type TestApp, type Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { sandboxApp } from '../helpers/sandbox.ts';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** The time (ms) in a welink id: the first ten Crockford base32 characters after the prefix. */
function idTime(id: string): number {
  const body = id.slice(id.indexOf('_') + 1, id.indexOf('_') + 11);
  return [...body].reduce((t, c) => t * 32 + ALPHABET.indexOf(c), 0);
}

const YEAR = 365 * 24 * 3_600_000;

// One tenant's simulated clock used to move every tenant's ids (a process-wide monotonic generator
// fed with simulated time), and an unbounded offset overflowed the id's time field.
forEachDialect('sandbox time stays in its workspace', (env) => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  before(async () => {
    t = await sandboxApp(env());
    a = await t.tenant();
    b = await t.tenant();
  });
  after(() => t.close());

  const effectIds = (accountId: string) => t.app.store.db.selectFrom('sandbox_effects').select('id').where('account_id', '=', accountId).execute();

  it("a workspace years ahead in simulated time leaves ids in real time: its own and every other tenant's", async () => {
    const accA = await loggedInAccount(t, a, 'time.a@example.com');
    const accB = await loggedInAccount(t, b, 'time.b@example.com');
    for (let i = 0; i < 3; i++) assert.equal((await a.post('sandbox_advance_time', { hours: 8760 })).status, 200);
    await a.post('visit_profile', { accountId: accA, profile_id: 'ACoAAtime-a' });
    await t.app.engine.drain();
    await b.post('visit_profile', { accountId: accB, profile_id: 'ACoAAtime-b' });
    await t.app.engine.drain();
    const now = Math.max(Date.now(), t.clock.now());
    for (const { id } of [...(await effectIds(accA)), ...(await effectIds(accB))]) {
      assert.ok(idTime(id) <= now + 60_000, `${id} is dated ${new Date(idTime(id)).toISOString()}, in the future`);
    }
    // The state still says where the simulated clock is.
    assert.equal((await a.post('sandbox_state', { accountId: accA })).body.clock_offset_hours, 3 * 8760);
  });

  it('the simulated clock runs at most 5 years ahead: a step past it is refused and changes nothing', async () => {
    const tenant = await t.tenant();
    for (let i = 0; i < 5; i++) assert.equal((await tenant.post('sandbox_advance_time', { hours: 8760 })).status, 200);
    const refused = await tenant.post('sandbox_advance_time', { hours: 1 });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 'VALIDATION_FAILED');
    assert.match(refused.body.message, /at most 5 years ahead/);
    const accountId = await loggedInAccount(t, tenant, 'time.c@example.com');
    assert.ok((await tenant.post('sandbox_state', { accountId })).body.clock_offset_hours * 3_600_000 <= 5 * YEAR);
  });
});
