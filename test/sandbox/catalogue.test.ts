import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { actions, type SideEffectActionName } from '../../src/actions/catalogue.ts';
import { verifyAction } from '../../src/actions/provider-contract.ts';
import { eventCatalogue } from '../../src/events/catalogue.ts';
import type { TestApp, Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { account, eventsOf, ok, run, sandboxApp } from '../helpers/sandbox.ts';
import { byDegree, firstConnection, world } from '../helpers/sandbox-world.ts';

/** The actions welink-api.md lists (plus welink's own), which must all be declared. */
const EXPECTED = [
  'login_v2', 'profile_views', 'recruiter_contracts', 'send_recruiter_message', 'connect', 'get_connection_status', 'disconnect', 'withdraw_invite',
  'connections', 'pending_invites', 'received_invitations', 'accept_invitation', 'get_profile_details', 'get_profile_contact_details', 'visit_profile',
  'endorse', 'follow_profile', 'send_message_to_profile_id', 'send_message_to_thread', 'send_message_to_sales_navigator_thread', 'send_inmail_message',
  'send_message_to_group_member', 'send_message_to_event_member', 'personal_message_threads', 'personal_messages', 'wish_work_anniversary',
  'wish_birthday', 'wish_job_change', 'get_profile_posts', 'like_post', 'comment_post', 'search_people', 'get_company_details',
];

forEachDialect('sandbox: the action catalogue', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  let acc: string;
  before(async () => {
    t = await sandboxApp(env());
    tenant = await t.tenant();
    acc = await account(t, tenant, 'cat.alogue@example.com');
  });
  after(() => t.close());

  it('declares every action, each with a sandbox handler, and a verification for each side-effecting one', () => {
    assert.deepEqual(actions.map((a) => a.name).sort(), [...EXPECTED].sort());
    const sandbox = t.app.services.providers('sandbox');
    assert.deepEqual(Object.keys(sandbox.run).sort(), [...EXPECTED].sort());
    assert.deepEqual(Object.keys(sandbox.verify).sort(), actions.filter((a) => a.sideEffect).map((a) => a.name).sort());
    for (const a of actions) {
      assert.equal(typeof sandbox.run[a.name], 'function', `run ${a.name}`);
      assert.ok(a.summary && a.description && a.errors.length > 0 && a.events.success && a.events.failure, a.name);
    }
  });

  it('runs every action to SUCCESS at least once, each result as its action declares', async () => {
    // One account with every seat (premium, Sales Navigator, Recruiter), so no action is refused for want of one.
    const email = 'every.action+salesnav+recruiter@example.com';
    const succeeded = new Set<string>();
    const done = async (action: string, body: Record<string, unknown>) => {
      // ok() reads get_response through run(), which checks the result against the declaration.
      const result = await ok(t, tenant, action, body);
      succeeded.add(action);
      return result;
    };
    const login = await run(t, tenant, 'login_v2', { email, password: 'pw' });
    assert.equal(login.res.body.status, 'SUCCESS', JSON.stringify(login.res.body));
    succeeded.add('login_v2');
    const accountId = login.ack.body.accountId;
    const call = (action: string, body: Record<string, unknown> = {}) => done(action, { accountId, ...body });
    const adhoc = (what: string) => `ACoAAevery-${what}`;
    const post = world().postsOf(world().profiles.find((p) => world().postsOf(p.profile_id).length > 0)!.profile_id)[0];

    await call('profile_views');
    const contract = await call('recruiter_contracts');
    await call('connect', { profile_id: adhoc('invitee'), message: 'Hello!' });
    await call('get_connection_status', { profile_id: adhoc('invitee') });
    await call('pending_invites');
    await call('withdraw_invite', { profile_id: adhoc('invitee') });
    await call('disconnect', { profile_id: adhoc('contact') });
    await call('connections', { count: 5 });
    const received = await call('received_invitations');
    await call('accept_invitation', { invitation_id: received.invitations[0].invitation_id });
    await call('get_profile_details', { profile_id: adhoc('contact') });
    await call('get_profile_contact_details', { profile_id: adhoc('contact') });
    await call('visit_profile', { profile_id: adhoc('contact') });
    await call('endorse', { profile_id: adhoc('contact') });
    await call('follow_profile', { profile_id: adhoc('contact') });
    await call('send_message_to_profile_id', { profile_id: adhoc('contact'), message: 'Hi' });
    const threads = await call('personal_message_threads', { count: 10 });
    const thread = threads.threads[0].thread_id;
    await call('personal_messages', { thread_id: thread });
    await call('send_message_to_thread', { thread_id: thread, message: 'Hi again' });
    await call('send_message_to_sales_navigator_thread', { thread_id: thread, message: 'Hi from Sales Navigator' });
    await call('send_inmail_message', { profile_id: adhoc('inmail'), subject: 'Hello', message: 'An InMail' });
    await call('send_message_to_group_member', { group_id: world().groups[0].group_id, profile_id: adhoc('grouped'), message: 'Hi, fellow member' });
    await call('send_message_to_event_member', { event_id: world().events[0].event_id, profile_id: adhoc('attendee'), message: 'Hi, fellow attendee' });
    await call('send_recruiter_message', { contract_id: contract.contract_id, profile_id: adhoc('candidate'), subject: 'A role', message: 'Hello', signature: 'Grace' });
    for (const greeting of ['wish_work_anniversary', 'wish_birthday', 'wish_job_change']) {
      await call(greeting, { profile_id: adhoc('contact'), greetings_context: 'Today', message: 'Congratulations!' });
    }
    await call('get_profile_posts', { profile_id: post.author_profile_id });
    await call('like_post', { post_id: post.post_id });
    await call('comment_post', { post_id: post.post_id, message: 'Well said' });
    await call('search_people', { keywords: 'engineer', count: 5 });
    await call('get_company_details', { company_id: world().companies[0].company_id });

    assert.deepEqual([...succeeded].sort(), actions.map((a) => a.name).sort());
  });

  it('a cancelled request and a test webhook emit their declared events', async () => {
    const ack = await tenant.post('visit_profile', { accountId: acc, profile_id: 'ACoAAcancel-me' });
    assert.equal((await tenant.post('cancel_request', { request_id: ack.body.requestId })).status, 200);
    assert.deepEqual((await eventsOf(t, { requestId: ack.body.requestId })).map((e) => e.type), ['REQUEST_CANCELLED']);
    const hook = await tenant.post('create_webhook', { url: 'http://127.0.0.1:9/never-listening' });
    assert.equal((await tenant.post('test_webhook', { webhookId: hook.body.webhookId })).status, 200);
    assert.equal((await eventsOf(t, { type: 'WEBHOOK_TEST' })).length, 1);
  });

  it('answers 400 naming each missing required field of every action', async () => {
    for (const a of actions) {
      const schema = a.input as any;
      const example: Record<string, unknown> = { ...(a.example as Record<string, unknown>), ...(a.name === 'login_v2' ? {} : { accountId: acc }) };
      for (const field of schema.required ?? []) {
        const body = { ...example };
        delete body[field];
        const res = await tenant.post(a.name, body);
        assert.equal(res.status, 400, `${a.name} without ${field}`);
        assert.equal(res.body.code, 'VALIDATION_FAILED');
        assert.ok(res.body.details.some((d: any) => d.field === field && d.problem === 'is required'), `${a.name} names ${field}: ${JSON.stringify(res.body)}`);
      }
      for (const alt of schema.anyOf ?? []) {
        // One of several alternatives is required: without any of them, every alternative is named.
        const body = { ...example };
        for (const o of schema.anyOf) delete body[o.required[0]];
        const res = await tenant.post(a.name, body);
        assert.equal(res.status, 400, `${a.name} without ${alt.required[0]}`);
        assert.ok(res.body.details.some((d: any) => d.field === alt.required[0]), `${a.name}: ${JSON.stringify(res.body)}`);
      }
    }
  });

  it('accepts every documented example request (202-style acknowledgement)', async () => {
    for (const a of actions) {
      if (a.name === 'login_v2') continue;
      const res = await tenant.post(a.name, { ...(a.example as object), accountId: acc });
      assert.equal(res.status, 200, `${a.name}: ${JSON.stringify(res.body)}`);
    }
    await t.app.engine.drain();
  });

  it('sandbox inspection answers 404 SANDBOX_ONLY in a live workspace', async () => {
    const live = await t.tenant({ mode: 'live' });
    for (const [op, body] of [
      ['sandbox_state', { accountId: acc }],
      ['sandbox_advance_time', { hours: 1 }],
      ['sandbox_reply', { accountId: acc, thread_id: 'x' }],
    ] as const) {
      const res = await live.post(op, body);
      assert.equal(res.status, 404, op);
      assert.deepEqual(res.body, { statusCode: 404, error: 'Not Found', code: 'SANDBOX_ONLY', message: 'This operation exists only in sandbox workspaces.' });
    }
  });

  it('sandbox_state shows budgets, invitations with their fate, threads and effects', async () => {
    await ok(t, tenant, 'connect', { accountId: acc, profile_id: byDegree('cat.alogue@example.com', 2).profile_id });
    const s = await tenant.post('sandbox_state', { accountId: acc });
    assert.equal(s.status, 200);
    assert.equal(s.body.budgets.invitations.limit, 100);
    assert.ok(s.body.budgets.invitations.used >= 1);
    const inv = s.body.invitations.sent[0];
    assert.ok(['ACCEPT', 'IGNORE'].includes(inv.will) && inv.at);
    assert.ok(s.body.threads.length >= 1);
    assert.ok(s.body.effects.length >= 1);
    assert.ok(s.body.world.groups[0].member_profile_ids.length > 0);
    assert.equal((await tenant.post('sandbox_state', { accountId: 'acc_nope' })).status, 404);
    assert.equal((await tenant.post('sandbox_advance_time', { hours: 0 })).status, 400);
  });

  it('verifies each side effect by request id: the same result for its request, nothing for another', async () => {
    const sandbox = t.app.services.providers('sandbox');
    const email = 'cat.alogue@example.com';
    const c = firstConnection(email, 7);
    const post = world().postsOf(world().profiles.find((p) => world().postsOf(p.profile_id).length > 0)!.profile_id)[0];
    const cases: Array<[SideEffectActionName, Record<string, unknown>]> = [
      ['connect', { profile_id: 'ACoAAverify-connect' }],
      ['visit_profile', { profile_id: 'ACoAAverify-visit' }],
      ['send_message_to_profile_id', { profile_id: c.profile_id, message: 'verify' }],
      ['follow_profile', { profile_id: 'ACoAAverify-follow' }],
      ['endorse', { profile_id: c.profile_id }],
      ['like_post', { post_id: post.post_id }],
      ['comment_post', { post_id: post.post_id, message: 'verify' }],
    ];
    for (const [name, input] of cases) {
      const r = await run(t, tenant, name, { accountId: acc, ...input });
      assert.equal(r.res.body.status, 'SUCCESS', `${name}: ${JSON.stringify(r.res.body)}`);
      const row = await t.app.store.db.selectFrom('accounts').selectAll().where('id', '=', acc).executeTakeFirstOrThrow();
      const ctx = (requestId: string) => ({
        account: { id: acc, workspaceId: tenant.workspaceId, email: row.email, premium: false, profile: JSON.parse(row.profile!), secrets: {}, proxy: null },
        requestId,
        now: t.clock.now(),
        saveSecrets: async () => {},
      });
      assert.deepEqual(await verifyAction(sandbox, name, ctx(r.requestId), input), { happened: true, result: r.res.body.result }, name);
      assert.deepEqual(await verifyAction(sandbox, name, ctx('req_other'), input), { happened: false }, name);
    }
  });

  it('documents every action in OpenAPI with its example, result, events and codes, and every event type in webhooks', async () => {
    const doc = (await tenant.get('/openapi.json')).body;
    for (const a of actions) {
      const op = doc.paths[`/api/v1/${a.name}`]?.post;
      assert.ok(op, a.name);
      assert.deepEqual(op.requestBody.content['application/json'].example, a.example);
      assert.deepEqual(op['x-welink-failure-codes'], a.errors);
      assert.ok(op['x-welink-result']);
      assert.ok(doc.webhooks[a.events.success] && doc.webhooks[a.events.failure], a.name);
    }
    assert.deepEqual(Object.keys(doc.webhooks).sort(), eventCatalogue.map((e) => e.type).sort());
    for (const type of ['ACCOUNT_PAUSED', 'ACCOUNT_CONNECTED', 'REQUEST_CANCELLED', 'LOGIN_PIN_REQUIRED', 'CONNECTION_ACCEPTED', 'MESSAGE_RECEIVED', 'MESSAGE_REPLY', 'WEBHOOK_TEST']) {
      assert.equal(doc.webhooks[type].post.requestBody.content['application/json'].example.event, type);
    }
    for (const p of ['/api/v1/get_active_tracker', '/api/v1/update_message_tracker', '/api/v1/sandbox_state', '/api/v1/sandbox_advance_time', '/api/v1/sandbox_reply']) assert.ok(doc.paths[p], p);
  });

  it('every event this suite emitted has the payload the event catalogue declares', async () => {
    // eventsOf checks each payload as it reads it.
    const all = await eventsOf(t, {});
    assert.ok(all.length > 40);
  });
});
