import assert from 'node:assert/strict';
import { beforeEach, it } from 'node:test';
import { loggedInAccount, type TestApp, type Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import type { FakeLinkedIn } from '../helpers/fake-linkedin/server.ts';
import { liveApp } from '../helpers/live-app.ts';
import { ADA, BOB, CAROL, DAN, connectAda } from '../helpers/live-world.ts';
import { stampEvents } from '../../src/store/event-seq.ts';
import { expectDeclaredEvent } from '../helpers/declared.ts';

const MIN = 60_000;

/**
 * The live accounts' sync (src/engine/sync): what happens on LinkedIn (a contact writes, an
 * invitation is accepted) reaches the tenant as MESSAGE_RECEIVED, MESSAGE_REPLY and
 * CONNECTION_ACCEPTED, each once, at a human pace, and never while LinkedIn pushes back.
 */
forEachDialect('live sync against the fake LinkedIn', (env) => {
  let t: TestApp;
  let fake: FakeLinkedIn;
  let tenant: Tenant;
  liveApp(env, {}, (w) => ({ t, fake, tenant } = w));
  beforeEach(async () => {
    // Each test watches its own account: the earlier tests' accounts leave the sync.
    await t.app.store.db.updateTable('accounts').set({ status: 'DISCONNECTED' }).execute();
  });

  const events = async (type?: string) => {
    await stampEvents(t.app.store.db);
    let q = t.app.store.db.selectFrom('events').select(['type', 'payload', 'account_id']).where('workspace_id', '=', tenant.workspaceId).orderBy('seq');
    if (type) q = q.where('type', '=', type);
    // Every event the sync (or a hold) emits has the payload its type declares, the sandbox's shapes.
    return (await q.execute()).map((e) => (expectDeclaredEvent(e.type, JSON.parse(e.payload)), { type: e.type, data: JSON.parse(e.payload).result }));
  };
  const account = (id: string) => t.app.store.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** Moves the clock to the account's next sync and runs it. */
  const nextSync = async (accountId: string) => {
    const a = await account(accountId);
    if (a.next_sync_at !== null && a.next_sync_at > t.clock.now()) t.clock.set(Number(a.next_sync_at));
    return t.app.sync.runDue();
  };
  /** Connects Ada and runs the first sync, which only sets where the account starts reading. */
  const connected = async () => {
    const { accountId } = await connectAda(t, tenant, fake);
    assert.equal(await t.app.sync.runDue(), 1);
    return accountId;
  };

  it('the first sync reports none of the account history; a message received afterwards arrives once as MESSAGE_RECEIVED', async () => {
    const accountId = await connected();
    assert.deepEqual(await events('MESSAGE_RECEIVED'), [], "Bob's old 'Hello Ada!' is history, not news");

    t.clock.advance(MIN);
    const m = fake.state.receive(BOB, ADA, 'Coffee next week?');
    await nextSync(accountId);
    const got = await events('MESSAGE_RECEIVED');
    assert.equal(got.length, 1);
    assert.equal(got[0].data.message_id, m.id);
    assert.equal(got[0].data.thread_id, '2-adabob');
    assert.equal(got[0].data.profile_id, BOB);
    assert.equal(got[0].data.text, 'Coffee next week?');

    // Even read again from the start (a lost cursor, an overlapping sync), it is never reported twice.
    await t.app.store.db.updateTable('accounts').set({ sync_cursor: null, next_sync_at: t.clock.now() }).where('id', '=', accountId).execute();
    assert.equal(await t.app.sync.runDue(), 1);
    assert.equal((await events('MESSAGE_RECEIVED')).length, 1);
  });

  it('an account syncs every 10 to 20 minutes by default, and not before', async () => {
    const accountId = await connected();
    const gaps: number[] = [];
    for (let n = 0; n < 12; n++) {
      const before = t.clock.now();
      const a = await account(accountId);
      gaps.push(Number(a.next_sync_at) - before);
      t.clock.set(Number(a.next_sync_at) - 1);
      assert.equal(await t.app.sync.runDue(), 0, 'not due yet');
      t.clock.advance(1);
      assert.equal(await t.app.sync.runDue(), 1);
    }
    for (const g of gaps) assert.ok(g >= 10 * MIN && g <= 20 * MIN, `gap ${g / MIN} min`);
    assert.ok(new Set(gaps).size > 1, 'randomized, not a fixed beat');
  });

  it('CONNECTION_ACCEPTED comes for the account’s own invitation sent through welink, with its request id; not for others', async () => {
    const accountId = await connected();
    const ack = await tenant.post('connect', { accountId, profile_id: 'carol-danvers' });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    await t.app.engine.drain();
    const invitation = fake.state.pendingBetween(ADA, CAROL);
    assert.ok(invitation, 'the invitation reached LinkedIn');

    t.clock.advance(MIN);
    fake.state.acceptInvitation(invitation.id);
    fake.state.acceptInvitation('501'); // Dan accepts an invitation Ada sent outside welink
    await nextSync(accountId);
    const got = await events('CONNECTION_ACCEPTED');
    assert.equal(got.length, 1);
    assert.equal(got[0].data.profile_id, CAROL);
    assert.equal(got[0].data.connect_request_id, ack.body.requestId);
    assert.equal(got[0].data.invitation_id, invitation.id);
    assert.ok(!got.some((e) => e.data.profile_id === DAN));

    await t.app.store.db.updateTable('accounts').set({ sync_cursor: null, next_sync_at: t.clock.now() }).where('id', '=', accountId).execute();
    await t.app.sync.runDue();
    assert.equal((await events('CONNECTION_ACCEPTED')).length, 1, 'once');
  });

  it('a live send with track_reply gets a tracker_id, and the reply arrives as MESSAGE_REPLY (and MESSAGE_RECEIVED); the tracker stops', async () => {
    const accountId = await connected();
    const ack = await tenant.post('send_message_to_profile_id', { accountId, profile_id: BOB, message: 'Shall we talk?', track_reply: true });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    await t.app.engine.drain();
    const sent = await tenant.post('get_response', { request_id: ack.body.requestId });
    assert.equal(sent.body.status, 'SUCCESS', JSON.stringify(sent.body));
    const trackerId = sent.body.result.tracker_id;
    assert.match(String(trackerId), /\S/);
    const active = await tenant.post('get_active_tracker', { accountId });
    assert.equal(active.status, 200, JSON.stringify(active.body));
    assert.ok(JSON.stringify(active.body).includes(trackerId));

    t.clock.advance(MIN);
    const reply = fake.state.receive(BOB, ADA, 'Yes, Tuesday works.');
    await nextSync(accountId);
    const replies = await events('MESSAGE_REPLY');
    assert.equal(replies.length, 1);
    assert.equal(replies[0].data.tracker_id, trackerId);
    assert.equal(replies[0].data.message_id, reply.id);
    assert.equal(replies[0].data.sent_request_id, ack.body.requestId);
    assert.equal((await events('MESSAGE_RECEIVED')).length, 1);

    t.clock.advance(MIN);
    fake.state.receive(BOB, ADA, 'Or Wednesday.');
    await nextSync(accountId);
    assert.equal((await events('MESSAGE_REPLY')).length, 1, 'the tracker stopped at the first reply');
    assert.equal((await events('MESSAGE_RECEIVED')).length, 2);
  });

  it('a 429 on a sync holds the account like an action’s would: no sync and no action reaches LinkedIn until the hold ends', async () => {
    const accountId = await connected();
    await t.app.store.db.updateTable('accounts').set({ next_sync_at: t.clock.now() }).where('id', '=', accountId).execute();
    fake.failNext(/messengerConversations/, { status: 429, body: { status: 429 } });
    assert.equal(await t.app.sync.runDue(), 1);
    const held = await account(accountId);
    assert.equal(held.hold_reason, 'LINKEDIN_THROTTLED');
    assert.equal(Number(held.hold_until) - t.clock.now(), 15 * MIN);
    assert.equal((await events('ACCOUNT_HELD')).length, 1);

    const callsAt = fake.calls().length;
    t.clock.advance(MIN);
    fake.state.receive(BOB, ADA, 'Anyone there?');
    await tenant.post('visit_profile', { accountId, profile_id: CAROL });
    for (let n = 0; n < 3; n++) {
      t.clock.advance(4 * MIN);
      await t.app.sync.runDue();
      await t.app.engine.drain();
    }
    assert.equal(fake.calls().length, callsAt, 'nothing of the held account reached LinkedIn');

    t.clock.advance(60 * MIN);
    await t.app.engine.drain();
    await nextSync(accountId);
    assert.equal((await events('MESSAGE_RECEIVED')).length, 1, 'the sync after the hold finds the message');
  });

  it('an expired session found by a sync pauses the account (ACCOUNT_PAUSED) and the sync stops', async () => {
    const accountId = await connected();
    for (const s of fake.state.sessions.values()) if (s.memberId === ADA) s.expired = true;
    await t.app.store.db.updateTable('accounts').set({ next_sync_at: t.clock.now() }).where('id', '=', accountId).execute();
    assert.equal(await t.app.sync.runDue(), 1);
    assert.equal((await account(accountId)).status, 'PAUSED');
    assert.equal((await events('ACCOUNT_PAUSED')).length, 1);
    t.clock.advance(60 * MIN);
    assert.equal(await t.app.sync.runDue(), 0, 'a paused account is not synced');
  });

  it('sandbox accounts are not synced against LinkedIn', async () => {
    const sandbox = await t.tenant();
    await loggedInAccount(t, sandbox);
    const callsAt = fake.calls().length;
    t.clock.advance(60 * MIN);
    assert.equal(await t.app.sync.runDue(), 0);
    assert.equal(fake.calls().length, callsAt);
  });
});

/** With pacing on (the default), an account's active hours bound its syncs as they bound its actions. */
forEachDialect('live sync inside active hours', (env) => {
  let t: TestApp;
  let fake: FakeLinkedIn;
  liveApp(env, { config: { pacing: 'on' }, world: 'once', tenant: 'none' }, (w) => ({ t, fake } = w));

  it('no sync read reaches LinkedIn outside the active hours; the first sync inside them reads once and reports what came meanwhile', async () => {
    const tenant = await t.tenant({ mode: 'live' });
    const { accountId } = await connectAda(t, tenant, fake);
    // The manual clock starts at 09:00 UTC: the account acts from 13:00 to 14:00 UTC only.
    const set = await tenant.post('update_account_settings', { accountId, timezone: 'UTC', active_hours: { start: '13:00', end: '14:00' } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const opens = Date.UTC(2026, 0, 5, 13, 0, 0);
    assert.ok(t.clock.now() < opens);

    const callsAt = fake.calls().length;
    assert.equal(await t.app.sync.runDue(), 1, 'due, but outside the hours');
    assert.equal(fake.calls().length, callsAt, 'no read outside the active hours');
    const row = () => t.app.store.db.selectFrom('accounts').select('next_sync_at').where('id', '=', accountId).executeTakeFirstOrThrow();
    assert.equal(Number((await row()).next_sync_at), opens, 'put off to the start of the hours');

    t.clock.advance(MIN);
    const m = fake.state.receive(BOB, ADA, 'Written before the hours open');
    t.clock.set(opens - 1);
    assert.equal(await t.app.sync.runDue(), 0);
    assert.equal(fake.calls().length, callsAt);

    t.clock.set(opens);
    assert.equal(await t.app.sync.runDue(), 1);
    const reads = fake.calls(/messengerConversations/).length;
    assert.ok(fake.calls().length > callsAt, 'the sync read LinkedIn inside the hours');
    assert.equal(await t.app.sync.runDue(), 0, 'once, then not again before its interval');
    assert.equal(fake.calls(/messengerConversations/).length, reads);
    const received = await t.app.store.db.selectFrom('events').select(['type', 'payload']).where('account_id', '=', accountId).where('type', '=', 'MESSAGE_RECEIVED').execute();
    assert.deepEqual(received.map((e) => JSON.parse(e.payload).result.message_id), [m.id]);
    for (const e of received) expectDeclaredEvent(e.type, JSON.parse(e.payload));
    const next = Number((await row()).next_sync_at);
    assert.ok(next >= opens + 10 * MIN && next <= opens + 20 * MIN, 'the next one inside the hours, at the usual pace');
  });
});
