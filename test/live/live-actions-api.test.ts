import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionByName, actions } from '../../src/actions/catalogue.ts';
import { ManualClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createLiveProvider } from '../../src/providers/live/provider.ts';
import type { TestApp, Tenant } from '../helpers/app.ts';
import { expectDeclaredEvent, expectDeclaredOutcome } from '../helpers/declared.ts';
import type { FakeLinkedIn } from '../helpers/fake-linkedin/server.ts';
import { liveApp } from '../helpers/live-app.ts';
import { ADA, BOB, CAROL, DAN, ERIN, connectAda, seed } from '../helpers/live-world.ts';

const POST = 'urn:li:activity:7300000000000000001';

describe('the live provider covers the catalogue', () => {
  it('has a handler for every action and a verification for every side-effecting one', () => {
    const live = createLiveProvider({ baseUrl: 'http://127.0.0.1:9', clock: new ManualClock(), logger: createLogger('silent') });
    assert.deepEqual(Object.keys(live.run).sort(), actions.map((a) => a.name).sort());
    assert.deepEqual(Object.keys(live.verify).sort(), actions.filter((a) => a.sideEffect).map((a) => a.name).sort());
    for (const f of [...Object.values(live.run), ...Object.values(live.verify)]) assert.equal(typeof f, 'function');
  });
});

/**
 * Every live action with an implementation, end to end: the real API and engine in a live
 * workspace on SQLite, the fake LinkedIn over HTTP. Each success is checked against the action's
 * declared result schema, and each finish against its declared events.
 */
describe('every live action through the API [sqlite]', () => {
  let t: TestApp;
  let fake: FakeLinkedIn;
  let tenant: Tenant;
  let accountId: string;
  // Each test makes its world afresh (fresh below): the clock moves first.
  liveApp('sqlite', { world: 'none', tenant: 'once' }, (w) => ({ t, fake, tenant } = w));

  /** A fresh fake world and Ada's account (re)connected to it. */
  const fresh = async (o: { premium?: boolean } = {}) => {
    // A new hour: the account's hourly request limit (30) starts over.
    t.clock.advance(3_600_001);
    fake.reset();
    seed(fake);
    if (o.premium) fake.state.members.get(ADA)!.premium = true;
    accountId = (await connectAda(t, tenant, fake)).accountId;
  };

  /** Runs one action to its end and checks its event and, on success, its result schema. */
  const run = async (action: string, body: Record<string, unknown>) => {
    const ack = await tenant.post(action, { accountId, ...body });
    assert.equal(ack.status, 200, `${action}: ${JSON.stringify(ack.body)}`);
    await t.app.engine.drain();
    const res = (await tenant.post('get_response', { request_id: ack.body.requestId })).body;
    const decl = actionByName(action)!;
    const events = await t.app.store.db.selectFrom('events').select(['type', 'payload']).where('request_id', '=', ack.body.requestId).execute();
    expectDeclaredOutcome(action, res);
    for (const e of events) expectDeclaredEvent(e.type, JSON.parse(e.payload));
    if (res.status === 'SUCCESS') {
      assert.deepEqual(events.map((e) => e.type), [decl.events.success]);
    } else if (res.state === 'FAILED') {
      assert.deepEqual(events.map((e) => e.type), [decl.events.failure]);
    }
    return res;
  };
  const ok = async (action: string, body: Record<string, unknown>) => {
    const res = await run(action, body);
    assert.equal(res.status, 'SUCCESS', `${action}: ${JSON.stringify(res)}`);
    return res.result;
  };
  const failed = async (action: string, body: Record<string, unknown>, code: string) => {
    const res = await run(action, body);
    assert.equal(res.status, code, `${action}: ${JSON.stringify(res)}`);
    assert.equal(res.state, 'FAILED');
    return res;
  };

  it('Sales Navigator and Recruiter actions fail with NOT_SUPPORTED, touching nothing', async () => {
    await fresh();
    const before = fake.calls().length;
    const r = await failed('recruiter_contracts', {}, 'NOT_SUPPORTED');
    assert.match(r.message, /not supported in live workspaces/);
    await failed('send_message_to_sales_navigator_thread', { thread_id: '2-adabob', message: 'Hi' }, 'NOT_SUPPORTED');
    await failed('send_recruiter_message', { contract_id: '1', profile_id: BOB, subject: 'S', signature: 'G', message: 'Hi' }, 'NOT_SUPPORTED');
    assert.equal(fake.calls().length, before);
  });

  it('profile reads: get_profile_details, get_profile_contact_details, get_connection_status, visit_profile', async () => {
    await fresh();
    const details = await ok('get_profile_details', { profile_url: 'https://www.linkedin.com/in/bob-builder/' });
    assert.equal(details.profile_id, BOB);
    assert.equal(details.company_name, 'Yard');
    assert.equal(details.connection_status, 'ALREADY_CONNECTED');
    assert.equal(details.degree, 1);
    await failed('get_profile_details', { profile_url: 'https://www.linkedin.com/in/nobody' }, 'PROFILE_NOT_FOUND');

    const contact = await ok('get_profile_contact_details', { profile_id: BOB });
    assert.equal(contact.email, 'bob-builder@mail.example');
    assert.deepEqual(contact.phones, ['+44 20 7946 0000']);
    assert.deepEqual(contact.birthday, { month: 12, day: 10 });
    await failed('get_profile_contact_details', { profile_url: 'https://www.linkedin.com/in/nobody' }, 'PROFILE_NOT_FOUND');

    assert.deepEqual(await ok('get_connection_status', { profile_url: 'https://www.linkedin.com/in/dan-brown' }), { connection_status: 'PENDING', invitation_id: '501', profile_id: DAN });
    await failed('get_connection_status', { profile_id: 'ACoAAnobody' }, 'PROFILE_NOT_FOUND');

    assert.deepEqual(await ok('visit_profile', { profile_url: 'https://www.linkedin.com/in/carol-danvers' }), { viewed: true, profile_id: CAROL, public_identifier: 'carol-danvers' });
    await failed('visit_profile', { profile_id: 'ACoAAnobody' }, 'PROFILE_NOT_FOUND');
  });

  it('profile writes: follow_profile, disconnect; endorse is NOT_SUPPORTED', async () => {
    await fresh();
    assert.deepEqual(await ok('follow_profile', { profile_url: 'https://www.linkedin.com/in/carol-danvers' }), { followed: true, profile_id: CAROL });
    assert.ok(fake.state.follows.has(`${ADA}|${CAROL}`));
    await failed('follow_profile', { profile_id: CAROL }, 'ALREADY_FOLLOWING');
    await failed('follow_profile', { profile_id: 'ACoAAnobody' }, 'PROFILE_NOT_FOUND');

    const before = fake.calls().length;
    await failed('endorse', { profile_id: BOB }, 'NOT_SUPPORTED');
    assert.equal(fake.calls().length, before);

    assert.deepEqual(await ok('disconnect', { profile_id: BOB }), { disconnected: true, profile_id: BOB });
    assert.equal(fake.state.connectedAt(ADA, BOB), undefined);
    const again = await failed('disconnect', { profile_id: BOB }, 'NOT_CONNECTED');
    assert.equal(again.result.profile_id, BOB);
  });

  it('invitations: withdraw_invite, accept_invitation and the three lists', async () => {
    await fresh();
    const pending = await ok('pending_invites', {});
    assert.deepEqual(pending, {
      invitations: [{ invitation_id: '501', profile_id: DAN, first_name: 'Dan', last_name: 'Brown', public_identifier: 'dan-brown', sent_at: Date.UTC(2025, 11, 1), has_note: false, message: null }],
      total: 1,
      start: 0,
      next_start: null,
    });
    const received = await ok('received_invitations', { count: 10 });
    assert.equal(received.invitations[0].invitation_id, '502');
    assert.equal(received.invitations[0].message, 'Hi Ada');
    assert.equal(received.total, 1);
    const conns = await ok('connections', { start: 0, count: 40 });
    assert.deepEqual(conns.connections.map((c: any) => c.profile_id), [BOB]);
    assert.equal(conns.total, 1);
    assert.equal(conns.next_start, null);

    assert.deepEqual(await ok('withdraw_invite', { invitation_id: '501' }), { withdrawn: true, invitation_id: '501', profile_id: DAN });
    assert.equal(fake.state.invitations.find((i) => i.id === '501')!.state, 'WITHDRAWN');
    await failed('withdraw_invite', { invitation_id: '501' }, 'INVITATION_NOT_FOUND');
    await failed('withdraw_invite', { profile_id: 'ACoAAnobody' }, 'PROFILE_NOT_FOUND');

    assert.deepEqual(await ok('accept_invitation', { profile_id: ERIN }), { accepted: true, invitation_id: '502', profile_id: ERIN });
    assert.ok(fake.state.connectedAt(ADA, ERIN));
    const none = await failed('accept_invitation', { invitation_id: '502' }, 'INVITATION_NOT_FOUND');
    assert.equal(none.result.invitation_id, '502');

    // A list whose endpoint LinkedIn retired fails with ENDPOINT_GONE (the lists' main failure besides a dead session).
    fake.failNext(/relationships\/dash\/connections/, { status: 410, body: { status: 410 } });
    await failed('connections', {}, 'ENDPOINT_GONE');
    fake.failNext(/sentInvitationViewsV2/, { status: 410, body: { status: 410 } });
    await failed('pending_invites', {}, 'ENDPOINT_GONE');
    fake.failNext(/invitationViews/, { status: 410, body: { status: 410 } });
    await failed('received_invitations', {}, 'ENDPOINT_GONE');
  });

  it('connect: success, and a note too long for a free account', async () => {
    await fresh();
    const r = await ok('connect', { profile_id: CAROL });
    assert.equal(r.invitation_id, fake.state.pendingBetween(ADA, CAROL)!.id);
    const long = await failed('connect', { profile_id: ERIN, message: 'x'.repeat(201) }, 'NOTE_TOO_LONG');
    assert.equal(long.result.profile_id, ERIN);
  });

  it('messages: to a thread, InMail, group and event members', async () => {
    await fresh({ premium: true });
    const thread = await ok('send_message_to_thread', { thread_id: '2-adabob', message: 'In the thread' });
    assert.equal(thread.thread_id, '2-adabob');
    assert.equal(fake.state.messagesFrom(ADA, BOB)[0].text, 'In the thread');
    const lost = await failed('send_message_to_thread', { thread_id: '2-nothere', message: 'x' }, 'THREAD_NOT_FOUND');
    assert.equal(lost.result.thread_id, '2-nothere');

    await ok('send_inmail_message', { profile_id: CAROL, subject: 'A question', message: 'Hello Carol' });
    const inmail = fake.state.messagesFrom(ADA, CAROL)[0];
    assert.equal(inmail.subtype, 'INMAIL');
    await failed('send_inmail_message', { profile_id: 'ACoAAnobody', message: 'x' }, 'PROFILE_NOT_FOUND');

    await ok('send_message_to_group_member', { group_id: '875834', profile_id: ERIN, message: 'From the group' });
    assert.equal(fake.state.messagesFrom(ADA, ERIN)[0].text, 'From the group');
    await failed('send_message_to_group_member', { group_id: '875834', profile_id: 'ACoAAnobody', message: 'x' }, 'PROFILE_NOT_FOUND');
    await ok('send_message_to_event_member', { event_id: '7262237727129635594', profile_id: DAN, message: 'See you there' });
    await failed('send_message_to_event_member', { event_id: '7262237727129635594', profile_id: 'ACoAAnobody', message: 'x' }, 'PROFILE_NOT_FOUND');

    await fresh();
    await failed('send_inmail_message', { profile_id: CAROL, message: 'x' }, 'PREMIUM_REQUIRED');
    assert.equal(fake.state.messagesFrom(ADA).length, 0);
  });

  it('greetings by profile and by thread', async () => {
    await fresh();
    const bday = await ok('wish_birthday', { profile_id: BOB, greetings_context: 'Birthday today', message: 'Happy birthday, Bob!' });
    assert.equal(bday.thread_id, '2-adabob');
    await ok('wish_work_anniversary', { thread_id: '2-adabob', greetings_context: '5 years at Yard', message: 'Congrats on 5 years!' });
    await ok('wish_job_change', { profile_id: BOB, greetings_context: 'New job', message: 'Congrats on the new job!' });
    assert.equal(fake.state.messagesFrom(ADA, BOB).length, 3);
    await failed('wish_job_change', { profile_id: CAROL, greetings_context: 'New job', message: 'x' }, 'NOT_CONNECTED');
    await failed('wish_birthday', { thread_id: '2-nothere', greetings_context: 'x', message: 'x' }, 'THREAD_NOT_FOUND');
    await failed('wish_work_anniversary', { profile_id: 'ACoAAnobody', greetings_context: 'x', message: 'x' }, 'PROFILE_NOT_FOUND');
  });

  it('inbox: personal_message_threads paged by count and cursor, personal_messages', async () => {
    await fresh();
    fake.state.conversations.push({ threadId: '2-adacarol', participants: [ADA, CAROL], createdAt: Date.UTC(2025, 7, 1), lastActivityAt: Date.UTC(2025, 7, 2) });
    const first = await ok('personal_message_threads', { count: 1 });
    assert.deepEqual(first.threads.map((x: any) => x.thread_id), ['2-adacarol']);
    assert.equal(typeof first.next_cursor, 'string');
    const second = await ok('personal_message_threads', { count: 1, cursor: first.next_cursor });
    assert.deepEqual(second.threads.map((x: any) => [x.thread_id, x.profile_id, x.last_message_body]), [['2-adabob', BOB, 'Hello Ada!']]);
    assert.equal(second.next_cursor, null);
    await failed('personal_message_threads', { cursor: 'not-a-cursor' }, 'INVALID_CURSOR');

    const msgs = await ok('personal_messages', { thread_id: '2-adabob' });
    assert.deepEqual(msgs.messages.map((m: any) => [m.sender_profile_id, m.text, m.is_from_me]), [[BOB, 'Hello Ada!', false]]);
    await failed('personal_messages', { thread_id: '2-nothere' }, 'THREAD_NOT_FOUND');
  });

  it('posts: get_profile_posts, like_post, comment_post', async () => {
    await fresh();
    const posts = await ok('get_profile_posts', { profile_url: 'https://www.linkedin.com/in/bob-builder', count: 10 });
    assert.deepEqual(posts.posts.map((p: any) => p.post_id), [POST]);
    assert.equal(posts.profile_id, BOB);
    await failed('get_profile_posts', { profile_id: 'ACoAAnobody' }, 'PROFILE_NOT_FOUND');
    fake.failNext(/voyagerFeedDashProfileUpdates/, { status: 400, body: { status: 400 } });
    await failed('get_profile_posts', { profile_id: BOB, cursor: 'stale-token' }, 'INVALID_CURSOR');

    assert.deepEqual(await ok('like_post', { post_url: `https://www.linkedin.com/feed/update/${POST}/`, reaction: 'PRAISE' }), { liked: true, post_id: POST, reaction: 'PRAISE' });
    assert.deepEqual(fake.state.reactions, [{ activityId: '7300000000000000001', memberId: ADA, type: 'PRAISE' }]);
    const missing = await failed('like_post', { post_id: 'urn:li:activity:1' }, 'POST_NOT_FOUND');
    assert.equal(missing.result.post_id, 'urn:li:activity:1');

    const c = await ok('comment_post', { post_id: POST, message: 'Lovely shed' });
    assert.equal(c.commented, true);
    assert.deepEqual(fake.state.comments.map((x) => x.text), ['Lovely shed']);
    await failed('comment_post', { post_url: 'https://www.linkedin.com/feed/update/urn:li:activity:1/', message: 'x' }, 'POST_NOT_FOUND');
  });

  it('search_people, get_company_details and profile_views', async () => {
    await fresh();
    const found = await ok('search_people', { keywords: 'builder', network: ['F', 2], count: 50 });
    assert.deepEqual(found.results.map((r: any) => [r.profile_id, r.degree]), [[BOB, 1], [ERIN, 2]]);
    assert.equal(found.total, 2);
    assert.equal(found.next_start, null);
    assert.match(fake.calls(/voyagerSearchDashClusters/).at(-1)!.search, /count:49/);
    fake.failNext(/voyagerSearchDashClusters/, { status: 410, body: { status: 410 } });
    await failed('search_people', { keywords: 'builder' }, 'ENDPOINT_GONE');

    const company = await ok('get_company_details', { company_url: 'https://www.linkedin.com/company/analytical-engines/' });
    assert.equal(company.company_id, '4242');
    assert.equal(company.size, '51-200');
    assert.equal(company.headquarters, 'London, GB');
    assert.equal((await ok('get_company_details', { universal_name: 'analytical-engines' })).name, 'Analytical Engines Ltd');
    const nope = await failed('get_company_details', { universal_name: 'no-such-company' }, 'COMPANY_NOT_FOUND');
    assert.equal(nope.result.company, 'no-such-company');

    fake.views.push({ viewer: CAROL, viewee: ADA, at: Date.UTC(2026, 0, 5) });
    const views = await ok('profile_views', {});
    assert.equal(views.total, 1);
    assert.deepEqual(views.data.map((v: any) => [v.profile_id, v.full_name, v.time]), [[CAROL, 'Carol Danvers', Date.UTC(2026, 0, 5)]]);
    fake.failNext(/wvmpCards/, { status: 410, body: { status: 410 } });
    await failed('profile_views', {}, 'ENDPOINT_GONE');
  });
});
