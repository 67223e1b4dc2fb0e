import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { TestApp, Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { account, assertEvent, eventsOf, fails, ok, run, sandboxApp } from '../helpers/sandbox.ts';
import { byDegree, firstConnection, world } from '../helpers/sandbox-world.ts';

forEachDialect('sandbox: messaging, inbox and reply tracking', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  let acc: string;
  const email = 'alan.turing@example.com';
  before(async () => {
    t = await sandboxApp(env());
    tenant = await t.tenant();
    acc = await account(t, tenant, email);
  });
  after(() => t.close());

  it('send_message_to_profile_id reaches a connection (MESSAGE_SENT) and fails NOT_CONNECTED / PROFILE_NOT_FOUND otherwise', async () => {
    const c = firstConnection(email);
    const r = await run(t, tenant, 'send_message_to_profile_id', { accountId: acc, profile_id: c.profile_id, message: 'Hello!' });
    assert.equal(r.res.body.status, 'SUCCESS');
    assert.match(r.res.body.result.thread_id, /^2-/);
    assert.match(r.res.body.result.message_id, /^msg_/);
    assert.equal(r.res.body.result.sent_at, t.clock.now());
    await assertEvent(t, r.requestId, 'MESSAGE_SENT', r.res.body.result);
    const f = await fails(t, tenant, 'send_message_to_profile_id', { accountId: acc, profile_id: byDegree(email, 2).profile_id, message: 'Hi' }, 'NOT_CONNECTED');
    assert.equal(f.event, 'MESSAGE_FAILED');
    await fails(t, tenant, 'send_message_to_profile_id', { accountId: acc, profile_id: 'not-found-3', message: 'Hi' }, 'PROFILE_NOT_FOUND');
    await ok(t, tenant, 'send_message_to_profile_id', { accountId: acc, profile_id: 'already-connected-9', message: 'Hi' });
  });

  it('personal_message_threads pages with a cursor; personal_messages lists a thread; send_message_to_thread replies in it', async () => {
    const first = await run(t, tenant, 'personal_message_threads', { accountId: acc, count: 2 });
    await assertEvent(t, first.requestId, 'MESSAGE_THREADS_FETCHED');
    const page1 = first.res.body.result;
    assert.equal(page1.threads.length, 2);
    assert.ok(page1.next_cursor);
    const page2 = await ok(t, tenant, 'personal_message_threads', { accountId: acc, count: 2, cursor: page1.next_cursor });
    assert.ok(page2.threads.length >= 1);
    assert.ok(!page2.threads.some((x: any) => page1.threads.some((y: any) => y.thread_id === x.thread_id)));
    await fails(t, tenant, 'personal_message_threads', { accountId: acc, cursor: '!!!' }, 'INVALID_CURSOR');
    const th = page1.threads[0];
    for (const k of ['thread_id', 'created_at', 'last_activity_at', 'read', 'unread_count', 'profile_id', 'first_name', 'last_name', 'full_name', 'degree', 'image', 'last_message_body', 'last_message_at', 'last_message_id']) assert.ok(k in th, k);

    const sent = await ok(t, tenant, 'send_message_to_thread', { accountId: acc, thread_id: th.thread_id, message: 'Following up' });
    assert.equal(sent.thread_id, th.thread_id);
    const msgs = await run(t, tenant, 'personal_messages', { accountId: acc, thread_id: th.thread_id });
    await assertEvent(t, msgs.requestId, 'MESSAGES_FETCHED');
    const last = msgs.res.body.result.messages.at(-1);
    assert.deepEqual({ text: last.text, is_from_me: last.is_from_me, message_id: last.message_id }, { text: 'Following up', is_from_me: true, message_id: sent.message_id });
    await fails(t, tenant, 'send_message_to_thread', { accountId: acc, thread_id: '2-nope', message: 'x' }, 'THREAD_NOT_FOUND');
    await fails(t, tenant, 'personal_messages', { accountId: acc, thread_id: '2-nope' }, 'THREAD_NOT_FOUND');
  });

  it('Sales Navigator threads need a seat (SALES_SEAT_REQUIRED)', async () => {
    const threads = await ok(t, tenant, 'personal_message_threads', { accountId: acc });
    await fails(t, tenant, 'send_message_to_sales_navigator_thread', { accountId: acc, thread_id: threads.threads[0].thread_id, message: 'x' }, 'SALES_SEAT_REQUIRED');
    const sn = await account(t, tenant, 'alan.turing+salesnav@example.com');
    const own = await ok(t, tenant, 'personal_message_threads', { accountId: sn });
    const r = await ok(t, tenant, 'send_message_to_sales_navigator_thread', { accountId: sn, thread_id: own.threads[0].thread_id, message: 'Hi from Sales Navigator' });
    assert.equal(r.thread_id, own.threads[0].thread_id);
    await fails(t, tenant, 'send_message_to_sales_navigator_thread', { accountId: sn, thread_id: '2-nope', message: 'x' }, 'THREAD_NOT_FOUND');
  });

  it('InMail: premium only (PREMIUM_REQUIRED), spends credits (NO_INMAIL_CREDITS after 5), free to Open Profiles', async () => {
    const stranger = byDegree(email, 3);
    await fails(t, tenant, 'send_inmail_message', { accountId: acc, profile_id: stranger.profile_id, message: 'x' }, 'PREMIUM_REQUIRED');
    const premium = await account(t, tenant, 'alan.turing+premium@example.com');
    const w = world();
    const closed = w.profiles.filter((p) => !p.open_profile).slice(0, 6);
    for (let i = 0; i < 5; i++) {
      const r = await run(t, tenant, 'send_inmail_message', { accountId: premium, profile_id: closed[i].profile_id, subject: 'Hello', message: `InMail ${i}` });
      assert.equal(r.res.body.status, 'SUCCESS');
      if (i === 0) await assertEvent(t, r.requestId, 'MESSAGE_SENT');
    }
    await fails(t, tenant, 'send_inmail_message', { accountId: premium, profile_id: closed[5].profile_id, message: 'x' }, 'NO_INMAIL_CREDITS');
    const open = w.profiles.find((p) => p.open_profile)!;
    await ok(t, tenant, 'send_inmail_message', { accountId: premium, profile_id: open.profile_id, message: 'Open profile' });
    await fails(t, tenant, 'send_inmail_message', { accountId: premium, profile_id: 'not-found-1', message: 'x' }, 'PROFILE_NOT_FOUND');
  });

  it('group and event members can be messaged without a connection; others fail with stable codes', async () => {
    const w = world();
    const g = w.groups[0];
    const member = g.member_profile_ids[0];
    const r = await run(t, tenant, 'send_message_to_group_member', { accountId: acc, group_id: g.group_id, profile_id: member, message: 'Hi fellow member' });
    assert.equal(r.res.body.status, 'SUCCESS');
    await assertEvent(t, r.requestId, 'MESSAGE_SENT');
    const outsider = w.profiles.find((p) => !g.member_profile_ids.includes(p.profile_id))!;
    await fails(t, tenant, 'send_message_to_group_member', { accountId: acc, group_id: g.group_id, profile_id: outsider.profile_id, message: 'x' }, 'NOT_GROUP_MEMBER');
    await fails(t, tenant, 'send_message_to_group_member', { accountId: acc, group_id: '1', profile_id: member, message: 'x' }, 'GROUP_NOT_FOUND');
    await fails(t, tenant, 'send_message_to_group_member', { accountId: acc, group_id: g.group_id, profile_id: 'not-found-2', message: 'x' }, 'PROFILE_NOT_FOUND');

    const e = w.events[0];
    await ok(t, tenant, 'send_message_to_event_member', { accountId: acc, event_id: e.event_id, profile_id: e.member_profile_ids[0], message: 'See you there', frequency: 2 });
    const absent = w.profiles.find((p) => !e.member_profile_ids.includes(p.profile_id))!;
    await fails(t, tenant, 'send_message_to_event_member', { accountId: acc, event_id: e.event_id, profile_id: absent.profile_id, message: 'x' }, 'NOT_EVENT_ATTENDEE');
    await fails(t, tenant, 'send_message_to_event_member', { accountId: acc, event_id: '1', profile_id: absent.profile_id, message: 'x' }, 'EVENT_NOT_FOUND');
  });

  it('Recruiter: contracts and messages with a seat; RECRUITER_* codes otherwise', async () => {
    await fails(t, tenant, 'recruiter_contracts', { accountId: acc }, 'RECRUITER_SEAT_REQUIRED');
    const rec = await account(t, tenant, 'alan.turing+recruiter@example.com');
    const c = await run(t, tenant, 'recruiter_contracts', { accountId: rec });
    await assertEvent(t, c.requestId, 'RECRUITER_CONTRACTS_FETCHED');
    const contract = c.res.body.result;
    assert.deepEqual(Object.keys(contract).sort(), ['category', 'contract_id', 'contracts', 'name', 'sso_enabled']);
    const body = { accountId: rec, contract_id: contract.contract_id, profile_id: byDegree(email, 3).profile_id, subject: 'Role', signature: 'Alan', message: 'We are hiring' };
    const sent = await ok(t, tenant, 'send_recruiter_message', body);
    assert.equal(sent.message, 'Message sent');
    assert.match(sent.thread_id, /^2-/);
    await fails(t, tenant, 'send_recruiter_message', { ...body, contract_id: '1' }, 'CONTRACT_NOT_FOUND');
    await fails(t, tenant, 'send_recruiter_message', { ...body, profile_id: 'not-found-1' }, 'PROFILE_NOT_FOUND');
    await fails(t, tenant, 'send_recruiter_message', { ...body, accountId: acc }, 'RECRUITER_SEAT_REQUIRED');
    for (const [tag, code] of [
      ['recruiter-ack', 'RECRUITER_ACKNOWLEDGEMENT_REQUIRED'],
      ['recruiter-auth', 'RECRUITER_AUTH_REQUIRED'],
      ['recruiter-loginfail', 'RECRUITER_LOGIN_SUBMISSION_FAILED'],
    ]) {
      const a = await account(t, tenant, `alan.turing+${tag}@example.com`);
      await fails(t, tenant, 'recruiter_contracts', { accountId: a }, code);
      await fails(t, tenant, 'send_recruiter_message', { ...body, accountId: a }, code);
    }
  });

  it('greetings go to a connection by profile or to a thread; a stranger fails NOT_CONNECTED', async () => {
    const c = firstConnection(email, 2);
    for (const action of ['wish_work_anniversary', 'wish_birthday', 'wish_job_change']) {
      const r = await run(t, tenant, action, { accountId: acc, profile_id: c.profile_id, greetings_context: 'context', message: 'Congratulations!' });
      assert.equal(r.res.body.status, 'SUCCESS', JSON.stringify(r.res.body));
      await assertEvent(t, r.requestId, 'MESSAGE_SENT', r.res.body.result);
      const again = await ok(t, tenant, action, { accountId: acc, thread_id: r.res.body.result.thread_id, greetings_context: 'context', message: 'And again' });
      assert.equal(again.thread_id, r.res.body.result.thread_id);
      await fails(t, tenant, action, { accountId: acc, profile_id: byDegree(email, 2).profile_id, greetings_context: 'c', message: 'x' }, 'NOT_CONNECTED');
      await fails(t, tenant, action, { accountId: acc, profile_id: 'not-found-5', greetings_context: 'c', message: 'x' }, 'PROFILE_NOT_FOUND');
      await fails(t, tenant, action, { accountId: acc, thread_id: '2-none', greetings_context: 'c', message: 'x' }, 'THREAD_NOT_FOUND');
    }
  });

  it('reply tracking: tracker_id, get_active_tracker, MESSAGE_RECEIVED then MESSAGE_REPLY at the next poll, then the tracker stops', async () => {
    const none = await tenant.post('get_active_tracker', { accountId: acc });
    assert.deepEqual(none.body, { message: 'No active message tracker found' });
    // Ad-hoc test profiles answer every message two simulated hours later.
    const sent = await ok(t, tenant, 'send_message_to_profile_id', { accountId: acc, profile_id: 'ACoAAtracked', message: 'Tracked', track_reply: true, frequency: 3 });
    assert.match(sent.tracker_id, /^trk_/);
    const active = await tenant.post('get_active_tracker', { accountId: acc });
    assert.deepEqual(active.body, [{ accountId: acc, thread_id: sent.thread_id, tracker_id: sent.tracker_id }]);

    await tenant.post('sandbox_advance_time', { hours: 2 });
    const received = (await eventsOf(t, { type: 'MESSAGE_RECEIVED' })).filter((e) => e.payload.result.thread_id === sent.thread_id);
    assert.equal(received.length, 1);
    assert.equal(received[0].payload.event_type, '/api/v1/message_received');
    assert.equal(received[0].payload.accountId, acc);
    assert.equal((await eventsOf(t, { type: 'MESSAGE_REPLY' })).length, 0, 'detected at the next poll, 3 hours after the send');

    await tenant.post('sandbox_advance_time', { hours: 1 });
    const replies = await eventsOf(t, { type: 'MESSAGE_REPLY' });
    assert.equal(replies.length, 1);
    assert.equal(replies[0].payload.event_type, '/api/v1/message_reply');
    assert.equal(replies[0].payload.result.tracker_id, sent.tracker_id);
    assert.equal(replies[0].payload.result.thread_id, sent.thread_id);
    assert.equal(replies[0].payload.result.message_id, received[0].payload.result.message_id);
    assert.deepEqual((await tenant.post('get_active_tracker', { accountId: acc })).body, { message: 'No active message tracker found' });
    const again = await tenant.post('update_message_tracker', { tracker_id: sent.tracker_id });
    assert.deepEqual(again.body, { message: 'Message tracker already stopped', tracker_id: sent.tracker_id, status: 'REPLIED' });
  });

  it('update_message_tracker disables a tracker; an unknown one answers 404 TRACKER_NOT_FOUND', async () => {
    const sent = await ok(t, tenant, 'send_message_to_profile_id', { accountId: acc, profile_id: firstConnection(email, 3).profile_id, message: 'x', track_reply: true });
    const off = await tenant.post('update_message_tracker', { tracker_id: sent.tracker_id });
    assert.deepEqual(off.body, { message: 'Message tracker disabled', tracker_id: sent.tracker_id, status: 'DISABLED' });
    assert.deepEqual((await tenant.post('get_active_tracker', { accountId: acc })).body, { message: 'No active message tracker found' });
    const missing = await tenant.post('update_message_tracker', { tracker_id: 'trk_nope' });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { statusCode: 404, error: 'Not Found', code: 'TRACKER_NOT_FOUND', message: 'No message tracker with this id in this workspace.' });
    const other = await t.tenant();
    assert.equal((await other.post('update_message_tracker', { tracker_id: sent.tracker_id })).status, 404);
    assert.equal((await other.post('get_active_tracker', { accountId: acc })).status, 404);
  });

  it('sandbox_reply makes the contact write now (MESSAGE_RECEIVED); unknown threads answer 404', async () => {
    const threads = await ok(t, tenant, 'personal_message_threads', { accountId: acc });
    const th = threads.threads[0].thread_id;
    const before = (await eventsOf(t, { type: 'MESSAGE_RECEIVED' })).length;
    const r = await tenant.post('sandbox_reply', { accountId: acc, thread_id: th, message: 'Replying now' });
    assert.equal(r.status, 200);
    const evs = await eventsOf(t, { type: 'MESSAGE_RECEIVED' });
    assert.equal(evs.length, before + 1);
    assert.equal(evs.at(-1)!.payload.result.text, 'Replying now');
    assert.equal(evs.at(-1)!.payload.result.message_id, r.body.message_id);
    assert.equal((await tenant.post('sandbox_reply', { accountId: acc, thread_id: '2-none' })).status, 404);
  });
});
