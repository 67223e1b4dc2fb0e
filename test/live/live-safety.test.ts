import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { TestApp, Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import type { FakeLinkedIn } from '../helpers/fake-linkedin/server.ts';
import { liveApp } from '../helpers/live-app.ts';
import { ADA, BOB, CAROL, DAN, ERIN, connectAda } from '../helpers/live-world.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * What LinkedIn sees when it pushes back on a live account: after a 429 or a 999 nothing at all of
 * that account until the hold ends, then its queued requests in acceptance order; after the weekly
 * invitation limit no invitation while the account's other work goes on.
 */
forEachDialect('live account safety against the fake LinkedIn', (env) => {
  let t: TestApp;
  let fake: FakeLinkedIn;
  let tenant: Tenant;
  liveApp(env, {}, (w) => ({ t, fake, tenant } = w));

  const accept = async (action: string, body: Record<string, unknown>) => {
    const ack = await tenant.post(action, body);
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    return ack.body.requestId as string;
  };
  const rows = (ids: string[]) =>
    Promise.all(ids.map((id) => t.app.store.db.selectFrom('requests').select(['status', 'started_at']).where('id', '=', id).executeTakeFirstOrThrow()));

  for (const [status, kind, holdMs] of [
    [429, 'LINKEDIN_THROTTLED', 15 * MIN],
    [999, 'LINKEDIN_BOT_SUSPICION', 6 * HOUR],
  ] as const) {
    it(`after a ${status}, the fake receives no call from the account until the hold ends; then its queued requests run in acceptance order`, async () => {
      const { accountId } = await connectAda(t, tenant, fake);
      fake.failNext(/identity\/dash\/profiles/, { status, body: { status } });
      const ids = [
        await accept('visit_profile', { accountId, profile_id: CAROL }),
        await accept('visit_profile', { accountId, profile_id: DAN }),
        await accept('get_profile_details', { accountId, profile_id: ERIN }),
      ];
      await t.app.engine.drain();
      const callsAt = fake.calls().length;
      assert.equal((await tenant.post('get_response', { request_id: ids[0] })).body.waitingFor.code, kind);

      t.clock.advance(holdMs - 1);
      await t.app.engine.drain();
      await tenant.post('send_message_to_profile_id', { accountId, profile_id: BOB, message: 'Still there?' });
      await t.app.engine.drain();
      assert.equal(fake.calls().length, callsAt, 'nothing of the held account reached LinkedIn');

      t.clock.advance(1);
      await t.app.engine.drain();
      const done = await rows(ids);
      assert.deepEqual(done.map((r) => r.status), ['SUCCESS', 'SUCCESS', 'SUCCESS']);
      // The manual clock stands still during a drain, so started_at cannot tell the order: LinkedIn's log can.
      const after = fake.calls().slice(callsAt).map((c) => `${c.path}${c.search}${c.body}`);
      const firstCall = [CAROL, DAN, ERIN].map((id) => after.findIndex((c) => c.includes(id)));
      assert.ok(firstCall.every((i, n) => i >= 0 && (n === 0 || i > firstCall[n - 1])), `acceptance order: ${firstCall}`);
    });
  }

  it("a Retry-After longer than the computed hold lengthens it; a shorter one does not shorten it", async () => {
    const { accountId } = await connectAda(t, tenant, fake);
    fake.failNext(/identity\/dash\/profiles/, { status: 429, body: { status: 429 }, headers: { 'retry-after': String(60 * 60) } });
    const id = await accept('visit_profile', { accountId, profile_id: CAROL });
    await t.app.engine.drain();
    const heldAt = t.clock.now();
    const until = new Date(heldAt + 60 * MIN).toISOString();
    assert.deepEqual((await tenant.post('get_ln_account_details', { accountId })).body.holds, [{ scope: 'account', code: 'LINKEDIN_THROTTLED', until }]);
    assert.equal((await tenant.post('get_response', { request_id: id })).body.waitingFor.until, until);
    const callsAt = fake.calls().length;
    t.clock.set(heldAt + 60 * MIN - 1);
    await t.app.engine.drain();
    assert.equal(fake.calls().length, callsAt, 'nothing reached LinkedIn after the 15 minutes a 429 holds by default');
    t.clock.set(heldAt + 60 * MIN);
    await t.app.engine.drain();
    assert.equal((await rows([id]))[0].status, 'SUCCESS');

    // A day later (no repeat counted): LinkedIn asks for 1 minute, the hold stays 15.
    t.clock.advance(25 * HOUR);
    fake.failNext(/identity\/dash\/profiles/, { status: 429, body: { status: 429 }, headers: { 'retry-after': '60' } });
    await accept('visit_profile', { accountId, profile_id: DAN });
    await t.app.engine.drain();
    assert.deepEqual((await tenant.post('get_ln_account_details', { accountId })).body.holds, [
      { scope: 'account', code: 'LINKEDIN_THROTTLED', until: new Date(t.clock.now() + 15 * MIN).toISOString() },
    ]);
  });

  it('after the weekly invitation limit, no invitation reaches the fake while a queued visit_profile still runs', async () => {
    const { accountId } = await connectAda(t, tenant, fake);
    fake.state.invitations.length = 0;
    fake.state.inviteBudget.set(ADA, 0);
    const limited = await accept('connect', { accountId, profile_id: CAROL });
    await t.app.engine.drain();
    const invitationsAt = fake.calls(/verifyQuotaAndCreateV2/).length;
    assert.equal(invitationsAt, 1, 'LinkedIn was asked once and said no');

    const later = await accept('connect', { accountId, profile_id: DAN });
    const visit = await accept('visit_profile', { accountId, profile_id: ERIN });
    await t.app.engine.drain();
    t.clock.advance(2 * 24 * HOUR);
    await t.app.engine.drain();

    assert.equal(fake.calls(/verifyQuotaAndCreateV2/).length, invitationsAt, 'no invitation was sent while held');
    const [a, b, v] = await rows([limited, later, visit]);
    assert.deepEqual([a.status, b.status, v.status], ['QUEUED', 'QUEUED', 'SUCCESS']);
    const w = (await tenant.post('get_response', { request_id: later })).body.waitingFor;
    assert.equal(w.code, 'WEEKLY_INVITATION_LIMIT');
  });
});
