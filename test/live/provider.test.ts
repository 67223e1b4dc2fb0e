import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { originToken } from '../../src/providers/live/restli.ts';
import { ProviderError } from '../../src/actions/outcome.ts';
import { FakeLinkedIn } from '../helpers/fake-linkedin/server.ts';
import { harness } from '../helpers/live-harness.ts';
import { ADA, BOB, CAROL, DAN, ERIN, seed } from '../helpers/live-world.ts';

let fake: FakeLinkedIn;
before(async () => {
  fake = await FakeLinkedIn.start();
});
after(() => fake.close());
beforeEach(() => {
  fake.reset();
  seed(fake);
});

for (const envelope of ['normalized', 'plain'] as const) {
  describe(`live provider reads (${envelope} envelope)`, () => {
    const h = () => harness(fake, { envelope });

    it('get_profile_details by URL and by id, PROFILE_NOT_FOUND for an unknown one', async () => {
      const { provider, ctx } = h();
      const byUrl = await provider.run.get_profile_details(ctx(), { profile_url: 'https://www.linkedin.com/in/bob-builder/?trk=x' });
      assert.equal(byUrl.ok, true);
      assert.deepEqual((byUrl as any).result, {
        profile_id: BOB,
        public_identifier: 'bob-builder',
        profile_url: 'https://www.linkedin.com/in/bob-builder',
        first_name: 'Bob',
        last_name: 'Builder',
        full_name: 'Bob Builder',
        headline: 'Builder at Yard',
        occupation: 'Builder at Yard',
        title: '',
        company: { company_id: '', name: 'Yard' },
        company_name: 'Yard',
        location: 'Leeds, United Kingdom',
        country_code: '',
        industry: '',
        skills: [],
        about: '',
        premium: false,
        open_profile: false,
        image: `https://media.example/${BOB}-400.jpg`,
        connection_count: 1,
        follower_count: 120,
        experience: [{ title: '', company: 'Yard', company_id: '', current: true }],
        degree: 1,
        connection_status: 'ALREADY_CONNECTED',
        connected_at: Date.UTC(2025, 5, 1),
        following: false,
      });
      const pending = await provider.run.get_profile_details(ctx(), { profile_id: DAN });
      assert.equal((pending as any).result.connection_status, 'PENDING');
      assert.equal((pending as any).result.invitation_id, '501');
      const missing = await provider.run.get_profile_details(ctx(), { profile_url: 'https://www.linkedin.com/in/nobody' });
      assert.deepEqual(missing, { ok: false, code: 'PROFILE_NOT_FOUND', message: 'Profile not found' });
    });

    it('get_connection_status answers ALREADY_CONNECTED, PENDING with the invitation, NOT_CONNECTED', async () => {
      const { provider, ctx } = h();
      const st = async (slug: string) => ((await provider.run.get_connection_status(ctx(), { profile_url: `https://www.linkedin.com/in/${slug}` })) as any).result;
      assert.deepEqual(await st('bob-builder'), { connection_status: 'ALREADY_CONNECTED', profile_id: BOB });
      assert.deepEqual(await st('dan-brown'), { connection_status: 'PENDING', profile_id: DAN, invitation_id: '501' });
      assert.deepEqual(await st('carol-danvers'), { connection_status: 'NOT_CONNECTED', profile_id: CAROL });
    });

    it('search_people with keywords and network filter, with paging', async () => {
      const { provider, ctx } = h();
      const all = (await provider.run.search_people(ctx(), { keywords: 'builder' })) as any;
      assert.equal(all.ok, true);
      assert.equal(all.result.total, 2);
      assert.deepEqual(
        all.result.results.map((r: any) => [r.profile_id, r.public_identifier, r.full_name, r.degree]),
        [
          [BOB, 'bob-builder', 'Bob Builder', 1],
          [ERIN, 'erin-builder', 'Erin Builder', 2],
        ],
      );
      assert.equal(all.result.results[0].headline, 'Builder at Yard');
      assert.equal(all.result.results[0].location, 'Leeds, United Kingdom');
      const first = (await provider.run.search_people(ctx(), { keywords: 'builder', network: ['F'] })) as any;
      assert.deepEqual(first.result.results.map((r: any) => r.profile_id), [BOB]);
      const paged = (await provider.run.search_people(ctx(), { count: 2, start: 0 })) as any;
      assert.equal(paged.result.results.length, 2);
      assert.equal(paged.result.next_start, 2);
      // variables go out Rest.li-encoded: syntax literal, values percent-encoded.
      const call = fake.calls(/voyagerSearchDashClusters/).at(-1)!;
      assert.match(call.search, /variables=\(start:0,count:2,origin:GLOBAL_SEARCH_HEADER,query:\(flagshipSearchIntent:SEARCH_SRP,queryParameters:List\(\(key:resultType,value:List\(PEOPLE\)\)\)/);
    });

    it('personal_message_threads and personal_messages', async () => {
      const { provider, ctx } = h();
      const threads = (await provider.run.personal_message_threads(ctx(), {})) as any;
      assert.equal(threads.ok, true, JSON.stringify(threads));
      assert.deepEqual(threads.result, {
        threads: [
          {
            thread_id: '2-adabob',
            created_at: Date.UTC(2025, 6, 1),
            last_activity_at: Date.UTC(2025, 6, 2),
            read: true,
            unread_count: 0,
            profile_id: BOB,
            first_name: 'Bob',
            last_name: 'Builder',
            full_name: 'Bob Builder',
            degree: 1,
            image: null,
            last_message_body: 'Hello Ada!',
            last_message_at: Date.UTC(2025, 6, 2),
            last_message_id: '2-m1',
          },
        ],
        next_cursor: null,
      });
      const msgs = (await provider.run.personal_messages(ctx(), { thread_id: '2-adabob' })) as any;
      assert.deepEqual(msgs.result.messages, [
        { message_id: '2-m1', thread_id: '2-adabob', sender_profile_id: BOB, sender_name: 'Bob Builder', text: 'Hello Ada!', sent_at: Date.UTC(2025, 6, 2), is_from_me: false },
      ]);
      const none = await provider.run.personal_messages(ctx(), { thread_id: '2-nothere' });
      assert.equal((none as any).code, 'THREAD_NOT_FOUND');
      // The messaging GraphQL path refuses includeWebMetadata, and wants URNs percent-encoded.
      const call = fake.calls(/messengerMessages/).at(-1)!;
      assert.ok(!call.search.includes('includeWebMetadata'));
      assert.match(call.search, /queryId=messengerMessages\.d8ea76885a52fd5dc5c317078ab7c977&variables=\(deliveredAt:\d+,conversationUrn:urn%3Ali%3Amsg_conversation%3A%28urn%3Ali%3Afsd_profile%3A[^,]+%2C2-nothere%29,countBefore:20,countAfter:0\)$/);
    });

    it('connections, pending_invites and received_invitations', async () => {
      const { provider, ctx } = h();
      const c = (await provider.run.connections(ctx(), {})) as any;
      assert.deepEqual(c.result.connections.map((x: any) => [x.profile_id, x.full_name, x.connected_at]), [[BOB, 'Bob Builder', Date.UTC(2025, 5, 1)]]);
      const p = (await provider.run.pending_invites(ctx(), {})) as any;
      assert.deepEqual(p.result.invitations, [{ invitation_id: '501', profile_id: DAN, first_name: 'Dan', last_name: 'Brown', public_identifier: 'dan-brown', sent_at: Date.UTC(2025, 11, 1), has_note: false, message: null }]);
      assert.equal(p.result.total, 1);
      assert.equal(c.result.total, 1);
      const r = (await provider.run.received_invitations(ctx(), {})) as any;
      assert.deepEqual(r.result.invitations, [
        { invitation_id: '502', profile_id: ERIN, first_name: 'Erin', last_name: 'Builder', headline: 'Builder at Tower', public_identifier: 'erin-builder', sent_at: Date.UTC(2025, 11, 2), message: 'Hi Ada' },
      ]);
      assert.equal(r.result.total, 1);
    });

    it('get_profile_posts, get_company_details, get_profile_contact_details, profile_views, me', async () => {
      const { provider, ctx } = h();
      const posts = (await provider.run.get_profile_posts(ctx(), { profile_id: BOB })) as any;
      assert.deepEqual(posts.result.posts.map((x: any) => [x.post_id, x.text, x.like_count]), [['urn:li:activity:7300000000000000001', 'Built a shed today.', 3]]);
      assert.equal(typeof posts.result.posts[0].posted_at, 'number');
      const company = (await provider.run.get_company_details(ctx(), { company_url: 'https://www.linkedin.com/company/analytical-engines/' })) as any;
      assert.equal(company.result.company_id, '4242');
      assert.equal(company.result.name, 'Analytical Engines Ltd');
      assert.equal(company.result.follower_count, 5000);
      assert.equal((await provider.run.get_company_details(ctx(), { company_url: 'nope' }) as any).code, 'COMPANY_NOT_FOUND');
      const contact = (await provider.run.get_profile_contact_details(ctx(), { profile_url: 'https://www.linkedin.com/in/bob-builder' })) as any;
      assert.equal(contact.result.email, 'bob-builder@mail.example');
      assert.equal(contact.result.phone, '+44 20 7946 0000');
      const hidden = (await provider.run.get_profile_contact_details(ctx(), { profile_id: CAROL })) as any;
      assert.equal(hidden.result.email, null);
      await provider.run.visit_profile(ctx(), { profile_id: CAROL });
      fake.state.login(CAROL);
      const me = (await provider.checkSession!(ctx())) as any;
      assert.deepEqual(me.result, { first_name: 'Ada', last_name: 'Lovelace', full_name: 'Ada Lovelace', headline: 'Analyst at Engines', location: '', is_premium: false, profile_id: ADA, public_identifier: 'ada-lovelace' });
      const views = (await provider.run.profile_views(ctx(), {})) as any;
      assert.equal(views.result.total, 0);
    });
  });
}

describe('live provider writes and their verifications', () => {
  it('send_message_to_thread carries the request-derived token; verify finds it; LinkedIn deduplicates a resend', async () => {
    const { provider, ctx } = harness(fake);
    const c = ctx({ requestId: 'req_thread_1' });
    assert.deepEqual(await provider.verify.send_message_to_thread(c, { thread_id: '2-adabob', message: 'Ping' }), { happened: false });
    const sent = (await provider.run.send_message_to_thread(c, { thread_id: '2-adabob', message: 'Ping' })) as any;
    assert.equal(sent.ok, true);
    assert.equal(sent.result.thread_id, '2-adabob');
    const again = (await provider.run.send_message_to_thread(c, { thread_id: '2-adabob', message: 'Ping' })) as any;
    assert.equal(again.result.message_id, sent.result.message_id);
    assert.equal(fake.state.messagesFrom(ADA).length, 1);
    assert.equal(fake.state.messagesFrom(ADA)[0].originToken, originToken('req_thread_1'));
    const v = await provider.verify.send_message_to_thread(c, { thread_id: '2-adabob', message: 'Ping' });
    assert.deepEqual(v, { happened: true, result: sent.result });
    assert.equal((await provider.run.send_message_to_thread(ctx(), { thread_id: '2-other', message: 'x' }) as any).code, 'THREAD_NOT_FOUND');
  });

  it('send_message_to_profile_id verify finds the message in a conversation it opened', async () => {
    const { provider, ctx } = harness(fake);
    fake.state.connect(ADA, CAROL);
    const c = ctx({ requestId: 'req_new_conv' });
    const sent = (await provider.run.send_message_to_profile_id(c, { profile_id: CAROL, message: 'New thread' })) as any;
    assert.equal(sent.ok, true);
    const v = (await provider.verify.send_message_to_profile_id(c, { profile_id: CAROL, message: 'New thread' })) as any;
    assert.equal(v.happened, true);
    assert.equal(v.result.message_id, sent.result.message_id);
    assert.deepEqual(await provider.verify.send_message_to_profile_id(ctx({ requestId: 'req_other' }), { profile_id: CAROL, message: 'x' }), { happened: false });
  });

  it('send_inmail_message, group/event member messages and greetings', async () => {
    const { provider, ctx } = harness(fake);
    assert.equal((await provider.run.send_inmail_message(ctx(), { profile_id: CAROL, message: 'InMail' }) as any).code, 'PREMIUM_REQUIRED');
    const inmail = (await provider.run.send_inmail_message(ctx({ premium: true }), { profile_id: CAROL, subject: 'Hello', message: 'InMail' })) as any;
    assert.equal(inmail.ok, true);
    assert.equal(fake.state.messagesFrom(ADA, CAROL)[0].subtype, 'INMAIL');
    assert.equal(JSON.parse(fake.calls(/createMessage/).at(-1)!.body).message.subject, 'Hello');
    assert.equal((await provider.run.send_message_to_group_member(ctx(), { group_id: '1', profile_id: ERIN, message: 'Hi group' }) as any).ok, true);
    assert.equal((await provider.run.send_message_to_event_member(ctx(), { event_id: '2', profile_id: DAN, message: 'Hi event' }) as any).ok, true);
    assert.equal((await provider.run.wish_birthday(ctx(), { profile_id: BOB, message: 'Happy birthday!', greetings_context: 'bday' }) as any).ok, true);
    assert.equal((await provider.run.wish_work_anniversary(ctx(), { thread_id: '2-adabob', message: 'Congrats!', greetings_context: 'x' }) as any).ok, true);
    assert.equal((await provider.run.wish_job_change(ctx(), { profile_id: CAROL, message: 'Congrats', greetings_context: 'x' }) as any).code, 'NOT_CONNECTED');
  });

  it('connect verify reads the sent invitations', async () => {
    const { provider, ctx } = harness(fake);
    const c = ctx();
    assert.deepEqual(await provider.verify.connect(c, { profile_id: CAROL }), { happened: false });
    const r = (await provider.run.connect(c, { profile_id: CAROL })) as any;
    assert.deepEqual(await provider.verify.connect(c, { profile_id: CAROL }), { happened: true, result: r.result });
    const long = await provider.run.connect(c, { profile_id: ERIN, message: 'x'.repeat(201) });
    assert.deepEqual(long, { ok: false, code: 'NOTE_TOO_LONG', message: 'The note is 201 characters; LinkedIn accepts at most 200 on free accounts.', result: { profile_id: ERIN } });
    assert.equal((await provider.run.connect(ctx({ premium: true }), { profile_id: ERIN, message: 'x'.repeat(301) }) as any).code, 'NOTE_TOO_LONG');
  });

  it('withdraw_invite by profile and by id, with verification', async () => {
    const { provider, ctx } = harness(fake);
    const c = ctx();
    assert.deepEqual(await provider.verify.withdraw_invite(c, { profile_id: DAN }), { happened: false });
    const w = (await provider.run.withdraw_invite(c, { profile_id: DAN })) as any;
    assert.deepEqual(w.result, { withdrawn: true, invitation_id: '501', profile_id: DAN });
    assert.equal(fake.state.invitations.find((i) => i.id === '501')!.state, 'WITHDRAWN');
    assert.equal((await provider.verify.withdraw_invite(c, { profile_id: DAN }) as any).happened, true);
    assert.equal((await provider.run.withdraw_invite(c, { invitation_id: '999' }) as any).code, 'INVITATION_NOT_FOUND');
  });

  it('accept_invitation with the shared secret from the received list', async () => {
    const { provider, ctx } = harness(fake);
    const c = ctx();
    assert.deepEqual(await provider.verify.accept_invitation(c, { invitation_id: '502' }), { happened: false });
    const a = (await provider.run.accept_invitation(c, { invitation_id: '502' })) as any;
    assert.deepEqual(a.result, { accepted: true, invitation_id: '502', profile_id: ERIN });
    assert.ok(fake.state.connectedAt(ADA, ERIN));
    assert.equal((await provider.verify.accept_invitation(c, { invitation_id: '502' }) as any).happened, true);
    assert.equal(JSON.parse(fake.calls(/action=accept/)[0].body).sharedSecret, 's502');
  });

  it('disconnect and follow_profile, each verified; endorse is NOT_SUPPORTED without a call', async () => {
    const { provider, ctx } = harness(fake);
    const c = ctx();
    assert.deepEqual(await provider.verify.follow_profile(c, { profile_id: CAROL }), { happened: false });
    assert.deepEqual(((await provider.run.follow_profile(c, { profile_id: CAROL })) as any).result, { followed: true, profile_id: CAROL });
    assert.equal((await provider.verify.follow_profile(c, { profile_id: CAROL }) as any).happened, true);

    const before = fake.calls().length;
    const e = (await provider.run.endorse(c, { profile_id: BOB })) as any;
    assert.equal(e.code, 'NOT_SUPPORTED');
    assert.match(e.message, /server-driven web UI/);
    assert.deepEqual(await provider.verify.endorse(c, { profile_id: BOB }), { happened: false });
    assert.equal(fake.calls().length, before, 'endorse calls nothing, least of all the retired legacy tree');

    assert.equal((await provider.verify.disconnect(c, { profile_id: BOB }) as any).happened, false);
    assert.deepEqual(((await provider.run.disconnect(c, { profile_id: BOB })) as any).result, { disconnected: true, profile_id: BOB });
    assert.equal(fake.state.connectedAt(ADA, BOB), undefined);
    assert.equal((await provider.verify.disconnect(c, { profile_id: BOB }) as any).happened, true);
    assert.equal((await provider.run.disconnect(c, { profile_id: BOB }) as any).code, 'NOT_CONNECTED');
  });

  it('like_post and comment_post, each verified; an unknown post is POST_NOT_FOUND', async () => {
    // No public capture gives the comment list's query id: here an operator imported one from a HAR.
    const comments = { family: 'voyagerSocialDashComments', hash: '0123456789abcdef0123456789abcdef', required: ['socialDetailUrn'], optional: ['count', 'start', 'sortOrder'], path: 'graphql' as const, answers: 'comments' as const, source: 'a test' };
    fake.queries.push(comments);
    const { provider, ctx } = harness(fake, { queryIds: { socialComments: `${comments.family}.${comments.hash}` } });
    const c = ctx();
    const post = 'urn:li:activity:7300000000000000001';
    assert.deepEqual(await provider.verify.like_post(c, { post_id: post }), { happened: false });
    assert.deepEqual(((await provider.run.like_post(c, { post_url: `https://www.linkedin.com/feed/update/${post}/` })) as any).result, { liked: true, post_id: post, reaction: 'LIKE' });
    assert.equal(fake.calls(/voyagerSocialDashReactions/).at(-1)!.search, '?threadUrn=urn%3Ali%3Aactivity%3A7300000000000000001');
    assert.deepEqual(await provider.verify.like_post(c, { post_id: post }), { happened: true, result: { liked: true, post_id: post, reaction: 'LIKE' } });
    assert.equal((await provider.run.like_post(c, { post_id: 'urn:li:activity:1' }) as any).code, 'POST_NOT_FOUND');

    assert.deepEqual(await provider.verify.comment_post(c, { post_id: post, message: 'Nice shed' }), { happened: false });
    const cm = (await provider.run.comment_post(c, { post_id: post, message: 'Nice shed' })) as any;
    assert.equal(cm.ok, true);
    assert.match(cm.result.comment_id, /^urn:li:fsd_comment:/);
    assert.deepEqual(await provider.verify.comment_post(c, { post_id: post, message: 'Nice shed' }), { happened: true, result: cm.result });
  });
});

describe('live provider sessions, errors and transport', () => {
  it('credential login without a challenge stores cookies and answers the profile', async () => {
    const { provider, ctx } = harness(fake);
    const c = ctx({ secrets: { password: 'pw' }, profile: null });
    const r = (await provider.run.login_v2(c, { email: 'ada@example.com' })) as any;
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.result.profile_id, ADA);
    assert.ok(c.saved.cookies?.li_at);
    assert.match(String(c.saved.cookies?.JSESSIONID), /^ajax:/);
    assert.match(String(c.saved.userAgent), /Chrome/);
    assert.equal(c.saved.locale, 'en_US');
  });

  it('a query id LinkedIn does not serve answers ENDPOINT_GONE; after a deploy the old default does too', async () => {
    const { provider, ctx } = harness(fake, { queryIds: { searchClusters: 'voyagerSearchDashClusters.00000000000000000000000000000000' } });
    const r = (await provider.run.search_people(ctx(), { keywords: 'bob' })) as any;
    assert.equal(r.code, 'ENDPOINT_GONE');
    assert.match(r.message, /import-har/);
    const ok = harness(fake);
    assert.equal((await ok.provider.run.search_people(ok.ctx(), { keywords: 'bob' }) as any).ok, true);
    fake.rotate('voyagerSearchDashClusters.e438ab99259203e9c1cd3f358e217282', 'ffffffffffffffffffffffffffffffff');
    assert.equal(((await ok.provider.run.search_people(ok.ctx(), { keywords: 'bob' })) as any).code, 'ENDPOINT_GONE');
  });

  // How LinkedIn's answers read before any action-specific parsing: one answer per test.
  const profiles = /identity\/dash\/profiles/;

  it('401: the session is dead, the account pauses (SESSION_EXPIRED)', async () => {
    const { provider, ctx } = harness(fake);
    fake.failNext(profiles, { status: 401, body: { status: 401 } });
    assert.deepEqual(pick(await provider.run.get_profile_details(ctx(), { profile_id: BOB })), { code: 'SESSION_EXPIRED', pauseAccount: true });
  });

  it('an HTML page where JSON was expected is a challenge: the account pauses (CHECKPOINT_REQUIRED)', async () => {
    const { provider, ctx } = harness(fake);
    fake.failNext(profiles, { status: 200, html: '<html>challenge</html>' });
    assert.deepEqual(pick(await provider.run.get_profile_details(ctx(), { profile_id: BOB })), { code: 'CHECKPOINT_REQUIRED', pauseAccount: true });
  });

  it('451: the account pauses (CHECKPOINT_REQUIRED)', async () => {
    const { provider, ctx } = harness(fake);
    fake.failNext(profiles, { status: 451, body: { status: 451 } });
    assert.deepEqual(pick(await provider.run.get_profile_details(ctx(), { profile_id: BOB })), { code: 'CHECKPOINT_REQUIRED', pauseAccount: true });
  });

  it('999 without Retry-After: RATE_LIMITED holding the account for bot suspicion, the duration left to the engine', async () => {
    const { provider, ctx } = harness(fake);
    fake.failNext(profiles, { status: 999, body: {} });
    const limited = (await provider.run.get_profile_details(ctx(), { profile_id: BOB })) as any;
    assert.equal(limited.code, 'RATE_LIMITED');
    assert.equal(limited.accountHold, 'BOT_SUSPICION');
    assert.equal(limited.retryAt, undefined);
  });

  it('a 200 whose body says 404: PROFILE_NOT_FOUND', async () => {
    const { provider, ctx } = harness(fake);
    fake.failNext(profiles, { status: 200, body: { status: 404 } });
    assert.equal(((await provider.run.get_profile_details(ctx(), { profile_id: BOB })) as any).code, 'PROFILE_NOT_FOUND');
  });

  it('an account without cookies: SESSION_EXPIRED without calling LinkedIn', async () => {
    const { provider, ctx } = harness(fake);
    const before = fake.calls().length;
    assert.deepEqual(pick(await provider.run.get_profile_details(ctx({ secrets: {} }), { profile_id: BOB })), { code: 'SESSION_EXPIRED', pauseAccount: true });
    assert.equal(fake.calls().length, before);
  });

  it('5xx: a retryable LINKEDIN_UNAVAILABLE error, not a verdict', async () => {
    const { provider, ctx } = harness(fake);
    fake.failNext(profiles, { status: 503, body: { status: 503 } });
    await assert.rejects(provider.run.get_profile_details(ctx(), { profile_id: BOB }), (e: unknown) => e instanceof ProviderError && e.retryable && e.code === 'LINKEDIN_UNAVAILABLE');
  });

  it('a send whose answer is lost: a retryable error', async () => {
    const { provider, ctx } = harness(fake);
    fake.dropNext.add('createMessage');
    await assert.rejects(provider.run.send_message_to_thread(ctx(), { thread_id: '2-adabob', message: 'x' }), (e: unknown) => e instanceof ProviderError && e.retryable);
  });

  it('answers 403 on a wrong csrf-token (fake) and the provider sends the right one', async () => {
    const cookies = fake.state.login(ADA);
    const res = await fetch(`${fake.url}/voyager/api/me`, { headers: { cookie: `li_at=${cookies.li_at}; JSESSIONID=${cookies.JSESSIONID}`, 'csrf-token': 'ajax:wrong' }, redirect: 'manual' });
    assert.equal(res.status, 403);
    const expired = await fetch(`${fake.url}/voyager/api/me`, { headers: { cookie: 'li_at=nope; JSESSIONID="ajax:1"', 'csrf-token': 'ajax:1' }, redirect: 'manual' });
    assert.equal(expired.status, 302);
    assert.match(String(expired.headers.get('location')), /\/uas\/login/);
  });

  describe('proxies', () => {
    let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
    before(async () => {
      proxy = await startConnectProxy();
    });
    after(() => proxy.close());

    it('a proxy on a private address is refused (PROXY_ERROR) unless the operator allows it, before any tunnel opens', async () => {
      const guarded = harness(fake);
      const before = proxy.tunnels.length;
      const refused = (await guarded.provider.run.get_profile_details(guarded.ctx({ proxy: { host: '127.0.0.1', port: proxy.port } }), { profile_id: BOB })) as any;
      assert.equal(refused.code, 'PROXY_ERROR');
      assert.match(refused.message, /private, loopback or link-local/);
      assert.equal(proxy.tunnels.length, before);
    });

    it('an allowed HTTP proxy carries the call through a CONNECT tunnel, with its credentials', async () => {
      const { provider, ctx } = harness(fake, { allowPrivateProxy: true });
      const before = proxy.tunnels.length;
      const r = (await provider.run.get_profile_details(ctx({ proxy: { host: '127.0.0.1', port: proxy.port, username: 'u', password: 'p' } }), { profile_id: BOB })) as any;
      assert.equal(r.ok, true);
      assert.equal(proxy.tunnels.length, before + 1);
      assert.equal(proxy.tunnels.at(-1)!.auth, `Basic ${Buffer.from('u:p').toString('base64')}`);
    });

    it('a SOCKS proxy is PROXY_ERROR (not supported)', async () => {
      const { provider, ctx } = harness(fake, { allowPrivateProxy: true });
      assert.equal(((await provider.run.get_profile_details(ctx({ proxy: { host: '127.0.0.1', port: 1080, protocol: 'socks5' } }), { profile_id: BOB })) as any).code, 'PROXY_ERROR');
    });

    it('a proxy given only by a location is PROXY_ERROR', async () => {
      const { provider, ctx } = harness(fake, { allowPrivateProxy: true });
      assert.equal(((await provider.run.get_profile_details(ctx({ proxy: { location: 'US' } }), { profile_id: BOB })) as any).code, 'PROXY_ERROR');
    });

    it('a proxy that refuses connections is PROXY_ERROR', async () => {
      const { provider, ctx } = harness(fake, { allowPrivateProxy: true });
      assert.equal(((await provider.run.get_profile_details(ctx({ proxy: { host: '127.0.0.1', port: proxy.deadPort } }), { profile_id: BOB })) as any).code, 'PROXY_ERROR');
    });
  });

  it('times out a call that never answers, as a retryable error', async () => {
    const { createServer } = await import('node:net');
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as any).port;
    try {
      const { provider, ctx } = harness(fake, { baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 200 });
      await assert.rejects(provider.run.get_profile_details(ctx(), { profile_id: BOB }), (e: unknown) => e instanceof ProviderError && e.retryable && /200 ms/.test(e.message));
    } finally {
      silent.close();
    }
  });

  it('never logs cookies or passwords', async () => {
    const { provider, ctx, logs } = harness(fake);
    const c = ctx();
    await provider.run.send_message_to_profile_id(c, { profile_id: BOB, message: 'secret-free' });
    await provider.run.login_v2(ctx({ secrets: { password: 'pw-very-secret' }, profile: null }), { email: 'ada@example.com' });
    const text = logs();
    assert.ok(text.includes('linkedin call'));
    assert.ok(!text.includes(String(c.account.secrets.cookies!.li_at)));
    assert.ok(!text.includes('ajax:'));
    assert.ok(!text.includes('pw-very-secret'));
  });
});

function pick(o: any) {
  return { code: o.code, pauseAccount: o.pauseAccount };
}

/** A minimal HTTP CONNECT proxy on 127.0.0.1 that records its tunnels. */
async function startConnectProxy() {
  const http = await import('node:http');
  const net = await import('node:net');
  const tunnels: { target: string; auth: string | undefined }[] = [];
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, socket, head) => {
    tunnels.push({ target: String(req.url), auth: req.headers['proxy-authorization'] });
    const [host, port] = String(req.url).split(':');
    const up = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const dead = net.createServer();
  await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
  const deadPort = (dead.address() as any).port;
  await new Promise<void>((r) => dead.close(() => r()));
  return {
    port: (server.address() as any).port as number,
    deadPort,
    tunnels,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
