import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { TestApp, Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import type { FakeLinkedIn } from '../helpers/fake-linkedin/server.ts';
import { liveApp } from '../helpers/live-app.ts';
import { ADA, CAROL } from '../helpers/live-world.ts';

const DAY = 86_400_000;

/**
 * welink's own budgets of a live account as it gets them by default: the simulated LinkedIn's caps
 * at a fraction while the account is new (docs/live.md "Ramp-up"), in full from its seventh day, and
 * back to the defaults when its owner drops their own. The invitation-note budget (5 per 30 days on a
 * free account) shows each step: 1 on days 0-1, 2 on days 2-3, 3 on days 4-6, 5 from day 7.
 */
forEachDialect('live budgets of a new account, ramped up', (env) => {
  let t: TestApp;
  let fake: FakeLinkedIn;
  let tenant: Tenant;
  const guests = ['1', '2', '3', '4', '5', '6', '7'].map((n) => `ACoAAGuest${n.padStart(29, '0')}`);
  liveApp(
    env,
    { config: { rateLimit: 1000 }, seed: (f) => guests.forEach((id, i) => f.state.addMember({ id, firstName: 'Guest', lastName: `Number${i + 1}` })) },
    (w) => ({ t, fake, tenant } = w),
  );

  /** Ada's account as a new user connects it: no caps of its own. */
  const connect = async () => {
    const res = await tenant.post('connect_account_cookies', { email: 'ada@example.com', ...fake.state.login(ADA) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.accountId as string;
  };
  const accept = async (action: string, body: Record<string, unknown>) => {
    const ack = await tenant.post(action, body);
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    return ack.body.requestId as string;
  };
  const invite = (accountId: string, guest: number) => accept('connect', { accountId, profile_id: guests[guest], message: 'Hello from Ada' });
  const response = async (id: string) => (await tenant.post('get_response', { request_id: id })).body;
  const details = async (accountId: string) => (await tenant.post('get_ln_account_details', { accountId })).body;
  const noteBudget = async (accountId: string) => (await details(accountId)).budgets.find((b: { name: string }) => b.name === 'invitation_notes_monthly');
  const invited = (guest: number) => fake.state.invitations.some((i) => i.from === ADA && i.to === guests[guest]);

  it('a new account has a quarter of the default caps: the second note waits (BUDGET_SPENT) while a visit runs; each ramp step raises the cap, and from day 7 the full cap applies', async () => {
    const accountId = await connect();
    const activatedAt = t.clock.now();
    assert.deepEqual((await details(accountId)).rampUp, { factor: 0.25, fullFrom: new Date(activatedAt + 7 * DAY).toISOString() });
    assert.equal((await noteBudget(accountId)).limit, 1);

    const first = await invite(accountId, 0);
    await t.app.engine.drain();
    assert.equal((await response(first)).state, 'SUCCESS');
    const second = await invite(accountId, 1);
    const visit = await accept('visit_profile', { accountId, profile_id: CAROL });
    await t.app.engine.drain();

    const waiting = await response(second);
    assert.equal(waiting.state, 'QUEUED');
    // The note budget's window is 30 days, but the ramp-up raises the cap on day 2: it waits until then.
    assert.deepEqual([waiting.waitingFor.code, waiting.waitingFor.until], ['BUDGET_SPENT', new Date(activatedAt + 2 * DAY).toISOString()]);
    assert.equal((await response(visit)).state, 'SUCCESS', 'another category goes on');
    assert.equal(invited(1), false, 'nothing of the held category reached LinkedIn');
    const held = await t.app.store.db.selectFrom('events').select('payload').where('account_id', '=', accountId).where('type', '=', 'ACCOUNT_HELD').execute();
    assert.deepEqual(held.map((e) => JSON.parse(e.payload).scope), ['invitation_notes']);

    t.clock.set(activatedAt + 2 * DAY - 1);
    await t.app.engine.drain();
    assert.equal((await response(second)).state, 'QUEUED');
    t.clock.set(activatedAt + 2 * DAY);
    await t.app.engine.drain();
    assert.equal((await response(second)).state, 'SUCCESS', 'day 2: half the cap, two notes');
    assert.equal((await noteBudget(accountId)).limit, 2);

    const third = await invite(accountId, 2);
    await t.app.engine.drain();
    assert.equal((await response(third)).waitingFor.until, new Date(activatedAt + 4 * DAY).toISOString());
    t.clock.set(activatedAt + 4 * DAY);
    await t.app.engine.drain();
    assert.equal((await response(third)).state, 'SUCCESS', 'day 4: three quarters, three notes');

    const fourth = await invite(accountId, 3);
    await t.app.engine.drain();
    assert.equal((await response(fourth)).waitingFor.until, new Date(activatedAt + 7 * DAY).toISOString());
    t.clock.set(activatedAt + 7 * DAY);
    const fifth = await invite(accountId, 4);
    const sixth = await invite(accountId, 5);
    await t.app.engine.drain();
    const full = await details(accountId);
    assert.equal(full.rampUp, null);
    assert.deepEqual(await Promise.all([fourth, fifth].map(async (id) => (await response(id)).state)), ['SUCCESS', 'SUCCESS'], 'day 7: the full cap of five');
    const over = await response(sixth);
    // Ramped up in full: the sixth waits for the first note to leave the 30-day window.
    assert.deepEqual([over.state, over.waitingFor.code, over.waitingFor.until], ['QUEUED', 'BUDGET_SPENT', new Date(activatedAt + 30 * DAY).toISOString()]);
    assert.deepEqual([(await noteBudget(accountId)).used, (await noteBudget(accountId)).limit], [5, 5]);
  });

  it("an owner's caps are taken without ramp-up; budgets: null goes back to the ramped defaults", async () => {
    const accountId = await connect();
    const set = await tenant.post('update_account_settings', { accountId, budgets: { invitation_notes: { monthly: 3 } } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal((await noteBudget(accountId)).limit, 3, 'not ramped');
    const own = [await invite(accountId, 0), await invite(accountId, 1)];
    await t.app.engine.drain();
    assert.deepEqual(await Promise.all(own.map(async (id) => (await response(id)).state)), ['SUCCESS', 'SUCCESS'], 'two notes on day one, within the owner’s cap');

    const reset = await tenant.post('update_account_settings', { accountId, budgets: null });
    assert.equal(reset.status, 200, JSON.stringify(reset.body));
    assert.equal(reset.body.budgets, null);
    const back = await noteBudget(accountId);
    assert.equal(back.limit, 1, 'the default cap, ramped to a quarter');
    assert.notEqual(back.resetsAt, null, 'and spent');
    const third = await invite(accountId, 2);
    await t.app.engine.drain();
    const w = await response(third);
    assert.deepEqual([w.state, w.waitingFor.code], ['QUEUED', 'BUDGET_SPENT']);
    assert.equal(invited(2), false);
  });
});
