import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachDialect } from '../helpers/dialects.ts';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';

forEachDialect('pacing and active hours', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  before(async () => {
    t = await testApp(env(), { pacing: 'on', pacingMinSeconds: 60, pacingMaxSeconds: 600, rateLimit: 1000 });
    tenant = await t.tenant();
  });
  after(() => t.close());

  const account = (id: string) => t.app.store.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const request = (id: string) => t.app.store.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('a second request of the same account starts only after the drawn delay', async () => {
    const accountId = await loggedInAccount(t, tenant, 'paced.one@example.com');
    // The login itself is not paced: the account may act at once.
    assert.ok(Number((await account(accountId)).next_run_at) <= t.clock.now());

    const first = await tenant.post('visit_profile', { accountId, profile_id: 'ACoAApace1' });
    const second = await tenant.post('visit_profile', { accountId, profile_id: 'ACoAApace2' });
    assert.equal(second.body.queuePosition, 2);
    assert.equal(await t.app.engine.runDue(), 1);
    const done = await request(first.body.requestId);
    assert.equal(done.status, 'SUCCESS');

    const nextRunAt = Number((await account(accountId)).next_run_at);
    const delay = nextRunAt - Number(done.finished_at);
    assert.ok(delay >= 60000 && delay <= 600000, `drawn delay ${delay} ms`);

    // Anything before next_run_at runs nothing of this account.
    assert.equal(await t.app.engine.drain(), 0);
    t.clock.set(nextRunAt - 1);
    assert.equal(await t.app.engine.runDue(), 0);
    assert.equal((await request(second.body.requestId)).status, 'QUEUED');

    // Exactly at next_run_at it runs.
    t.clock.set(nextRunAt);
    assert.equal(await t.app.engine.runDue(), 1);
    const ran = await request(second.body.requestId);
    assert.equal(ran.status, 'SUCCESS');
    assert.equal(Number(ran.started_at), nextRunAt);

    // A new pause was drawn after the second one (a different one: the draws are random).
    const again = Number((await account(accountId)).next_run_at) - nextRunAt;
    assert.ok(again >= 60000 && again <= 600000);
    assert.notEqual(again, delay);
  });

  it('another account is not held by the first one\'s pause', async () => {
    const a = await loggedInAccount(t, tenant, 'paced.two@example.com');
    const b = await loggedInAccount(t, tenant, 'paced.three@example.com');
    await tenant.post('visit_profile', { accountId: a, profile_id: 'ACoAAp1' });
    await tenant.post('visit_profile', { accountId: a, profile_id: 'ACoAAp2' });
    await tenant.post('visit_profile', { accountId: b, profile_id: 'ACoAAp3' });
    // Both lanes run their head now; a's second waits for its pause.
    assert.equal(await t.app.engine.drain(), 2);
    t.clock.advance(600000);
    assert.equal(await t.app.engine.drain(), 1);
  });

  it('a request accepted outside the active hours waits until the window opens', async () => {
    const accountId = await loggedInAccount(t, tenant, 'paced.hours@example.com');
    const set = await tenant.post('update_account_settings', {
      accountId,
      timezone: 'Europe/Paris',
      active_hours: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
    });
    assert.equal(set.status, 200);

    // Saturday 2026-01-10, 13:00 in Paris.
    t.clock.set(Date.UTC(2026, 0, 10, 12, 0));
    const ack = await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAweekend' });
    assert.equal(ack.status, 200);
    assert.equal(await t.app.engine.drain(), 0); // the lane is looked at and put to sleep, nothing runs
    assert.equal((await request(ack.body.requestId)).status, 'QUEUED');
    const opens = Date.UTC(2026, 0, 12, 8, 0); // Monday 09:00 in Paris
    assert.equal(Number((await account(accountId)).next_run_at), opens);

    t.clock.set(opens - 1);
    assert.equal(await t.app.engine.runDue(), 0);
    assert.equal((await request(ack.body.requestId)).status, 'QUEUED');
    t.clock.set(opens);
    assert.equal(await t.app.engine.runDue(), 1);
    const ran = await request(ack.body.requestId);
    assert.equal(ran.status, 'SUCCESS');
    assert.equal(Number(ran.started_at), opens);

    // A pause that would end after 18:00 moves to the next morning.
    t.clock.set(Date.UTC(2026, 0, 12, 16, 59)); // 17:59 Paris
    const late = await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAlate' });
    const later = await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAlater' });
    assert.equal(await t.app.engine.runDue(), 1);
    assert.equal((await request(late.body.requestId)).status, 'SUCCESS');
    assert.equal(Number((await account(accountId)).next_run_at), Date.UTC(2026, 0, 13, 8, 0));
    assert.equal((await request(later.body.requestId)).status, 'QUEUED');
  });
});
