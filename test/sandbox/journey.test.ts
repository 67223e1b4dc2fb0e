import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachDialect } from '../helpers/dialects.ts';
import type { TestApp, Tenant } from '../helpers/app.ts';
import { eventsOf, HOUR, sandboxApp } from '../helpers/sandbox.ts';

/**
 * What a new integrator does on the sandbox: log in through the PIN flow, find people, invite one
 * with a note, see the acceptance, message them with reply tracking and receive the reply.
 */
forEachDialect('sandbox: an integrator journey', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  before(async () => {
    t = await sandboxApp(env());
    tenant = await t.tenant();
  });
  after(() => t.close());

  const result = async (requestId: string) => {
    await t.app.engine.drain();
    return (await tenant.post('get_response', { request_id: requestId })).body;
  };
  const state = async (accountId: string) => (await tenant.post('sandbox_state', { accountId })).body;

  it('login with PIN, search, connect with a note, acceptance, tracked message, MESSAGE_REPLY', async () => {
    // 1. Log in: the "+pin" email asks for the code LinkedIn "sent" (always 123456 in the sandbox).
    const login = await tenant.post('login_v2', { email: 'rosalind.franklin+pin@example.com', password: 'correct horse' });
    assert.equal(login.status, 200);
    const accountId = login.body.accountId;
    assert.equal((await result(login.body.requestId)).status, 'PIN_REQUIRED');
    assert.equal((await tenant.post('login_code', { accountId, requestId: login.body.requestId, code: '123456' })).status, 200);
    const logged = await result(login.body.requestId);
    assert.equal(logged.status, 'SUCCESS');
    assert.equal(logged.result.first_name, 'Rosalind');
    assert.deepEqual((await eventsOf(t, { requestId: login.body.requestId })).map((e) => e.type), ['LOGIN_PIN_REQUIRED', 'LOGIN_SUCCESS']);

    // 2. Find 2nd-degree people.
    const search = await tenant.post('search_people', { accountId, network: ['S'], count: 20 });
    const found = await result(search.body.requestId);
    assert.equal(found.status, 'SUCCESS');
    assert.equal(found.result.results.length, 20);
    assert.equal((await eventsOf(t, { requestId: search.body.requestId }))[0].type, 'SEARCH_COMPLETED');

    // 3. Invite them with a note until one will accept (sandbox_state tells what each invitee will do).
    let target: { profile_id: string; at: string } | null = null;
    for (const [i, person] of found.result.results.slice(0, 10).entries()) {
      // Free accounts have 5 noted invitations a month: only the first carries a note.
      const note = i === 0 ? { message: `Hi ${person.first_name}, great to meet you!` } : {};
      const ack = await tenant.post('connect', { accountId, profile_id: person.profile_id, ...note });
      const sent = await result(ack.body.requestId);
      assert.equal(sent.status, 'SUCCESS');
      assert.equal((await eventsOf(t, { requestId: ack.body.requestId }))[0].type, 'CONNECTION_SENT');
      const inv = (await state(accountId)).invitations.sent.find((i: any) => i.profile_id === person.profile_id);
      assert.equal(inv.status, 'PENDING');
      if (inv.will === 'ACCEPT') {
        target = { profile_id: person.profile_id, at: inv.at };
        break;
      }
    }
    assert.ok(target, 'one of the first invitees accepts');

    // 4. Simulated time passes: the acceptance arrives as an unsolicited event.
    const hours = Math.ceil((Date.parse(target.at) - t.clock.now()) / HOUR);
    assert.equal((await tenant.post('sandbox_advance_time', { hours })).status, 200);
    const accepted = (await eventsOf(t, { type: 'CONNECTION_ACCEPTED' })).filter((e) => e.payload.result.profile_id === target!.profile_id);
    assert.equal(accepted.length, 1);
    assert.equal(accepted[0].payload.event_type, '/api/v1/connection_accepted');
    assert.equal(accepted[0].account_id, accountId);

    // 5. Message them with reply tracking.
    const msg = await tenant.post('send_message_to_profile_id', { accountId, profile_id: target.profile_id, message: 'Thanks for connecting!', track_reply: true, frequency: 1 });
    const sent = await result(msg.body.requestId);
    assert.equal(sent.status, 'SUCCESS', JSON.stringify(sent));
    assert.ok(sent.result.tracker_id);
    assert.equal((await eventsOf(t, { requestId: msg.body.requestId }))[0].type, 'MESSAGE_SENT');
    assert.deepEqual((await tenant.post('get_active_tracker', { accountId })).body, [{ accountId, thread_id: sent.result.thread_id, tracker_id: sent.result.tracker_id }]);

    // 6. The contact replies: when the sandbox plans it (see sandbox_state), else on demand.
    const thread = (await state(accountId)).threads.find((x: any) => x.thread_id === sent.result.thread_id);
    const planned = thread.messages.at(-1).contact_replies_at as string | undefined;
    if (planned) t.clock.set(Date.parse(planned) - (Date.parse((await state(accountId)).simulated_now) - t.clock.now()));
    else t.clock.advance(10 * 60_000);
    if (!planned) assert.equal((await tenant.post('sandbox_reply', { accountId, thread_id: sent.result.thread_id, message: 'Hi! Happy to chat.' })).status, 200);
    await t.app.ticker.tick();
    const received = (await eventsOf(t, { type: 'MESSAGE_RECEIVED' })).filter((e) => e.payload.result.thread_id === sent.result.thread_id);
    assert.equal(received.length, 1);

    // 7. The tracker sees the reply at its next hourly poll: MESSAGE_REPLY, and it stops.
    t.clock.advance(HOUR);
    await t.app.ticker.tick();
    const replies = (await eventsOf(t, { type: 'MESSAGE_REPLY' })).filter((e) => e.payload.result.tracker_id === sent.result.tracker_id);
    assert.equal(replies.length, 1);
    assert.equal(replies[0].payload.result.text, received[0].payload.result.text);
    assert.equal(replies[0].payload.result.profile_id, target.profile_id);
    assert.deepEqual((await tenant.post('get_active_tracker', { accountId })).body, { message: 'No active message tracker found' });

    // The inbox shows the conversation with the reply.
    const msgs = await tenant.post('personal_messages', { accountId, thread_id: sent.result.thread_id });
    const list = (await result(msgs.body.requestId)).result.messages;
    assert.deepEqual(list.map((m: any) => m.is_from_me), [true, false]);
    // Ticking again changes nothing: every event was emitted once.
    await t.app.ticker.tick();
    assert.equal((await eventsOf(t, { type: 'MESSAGE_REPLY' })).length, 1);
  });
});
