import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { receiver } from './support.ts';

const profile = (n: number) => `ACoAAmy-test-${n}`;

forEachDialect('console read operations and account controls', (env) => {
  let t: TestApp;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let status = 200;
  before(async () => {
    hook = await receiver(() => status);
    t = await testApp(env(), { webhookRetrySchedule: [0] });
  });
  after(async () => {
    await t.close();
    await hook.close();
  });

  async function workspace(): Promise<{ tenant: Tenant; accountId: string }> {
    const tenant = await t.tenant();
    const accountId = await loggedInAccount(t, tenant);
    return { tenant, accountId };
  }

  it('list_requests: newest first, filters by state, action and account, pages with a cursor', async () => {
    const { tenant, accountId } = await workspace();
    const other = await loggedInAccount(t, tenant, 'grace.hopper@example.com');
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push((await tenant.post('connect', { accountId, profile_id: profile(n) })).body.requestId);
    const visit = (await tenant.post('visit_profile', { accountId: other, profile_id: 'not-found-1' })).body.requestId;
    await t.app.engine.drain();

    const all = await tenant.post('list_requests', {});
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.requests.slice(0, 4).map((r: { requestId: string }) => r.requestId), [visit, ...ids.slice().reverse()]);
    assert.deepEqual(Object.keys(all.body.requests[0]).sort(), ['acceptedAt', 'accountId', 'action', 'attempts', 'errorCode', 'errorMessage', 'finishedAt', 'requestId', 'startedAt', 'state', 'waitingFor'].sort());

    const failed = await tenant.post('list_requests', { status: 'FAILED' });
    assert.deepEqual(failed.body.requests.map((r: { requestId: string; errorCode: string }) => [r.requestId, r.errorCode]), [[visit, 'PROFILE_NOT_FOUND']]);
    const byAction = await tenant.post('list_requests', { action: 'connect', accountId });
    assert.deepEqual(byAction.body.requests.map((r: { requestId: string }) => r.requestId), ids.slice().reverse());
    const several = await tenant.post('list_requests', { status: ['SUCCESS', 'FAILED'], accountId: other });
    assert.equal(several.body.requests.length, 2, 'login and visit');

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await tenant.post('list_requests', { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.body.requests.map((r: { requestId: string }) => r.requestId));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    assert.deepEqual(seen, all.body.requests.map((r: { requestId: string }) => r.requestId));

    const stranger = await t.tenant();
    assert.deepEqual((await stranger.post('list_requests', {})).body, { requests: [], nextCursor: null });
    const foreign = await stranger.post('list_requests', { accountId });
    const missing = await stranger.post('list_requests', { accountId: 'acc_missing' });
    assert.equal(foreign.status, 404);
    assert.deepEqual(foreign.body, missing.body);
    assert.deepEqual(foreign.body, { statusCode: 404, error: 'Not Found', code: 'ACCOUNT_NOT_FOUND', message: 'No LinkedIn account with this accountId in this workspace.' });
  });

  it('list_events: newest first, older pages with `before`, a type filter, and the seq to follow', async () => {
    const { tenant, accountId } = await workspace();
    for (const n of [1, 2]) await tenant.post('connect', { accountId, profile_id: profile(n) });
    await t.app.engine.drain();
    const page = await tenant.post('list_events', { limit: 2 });
    assert.equal(page.status, 200);
    assert.deepEqual(page.body.events.map((e: { seq: number; type: string }) => [e.seq, e.type]), [
      [3, 'CONNECTION_SENT'],
      [2, 'CONNECTION_SENT'],
    ]);
    assert.equal(page.body.lastSeq, 3);
    assert.equal(page.body.nextBefore, 2);
    const older = await tenant.post('list_events', { before: 2 });
    assert.deepEqual(older.body.events.map((e: { type: string }) => e.type), ['LOGIN_SUCCESS']);
    assert.equal(older.body.nextBefore, null);
    const logins = await tenant.post('list_events', { type: 'LOGIN_SUCCESS' });
    assert.deepEqual(logins.body.events.map((e: { seq: number }) => e.seq), [1]);
    // The same events as get_events, in the other order.
    const forward = await tenant.post('get_events', { after: 0 });
    assert.deepEqual(page.body.events.concat(older.body.events).reverse(), forward.body.events);
  });

  it('get_request_timeline: accepted, started, finished, the event, and every webhook attempt with status and duration', async () => {
    const { tenant, accountId } = await workspace();
    const endpoint = (await tenant.post('create_webhook', { url: hook.url, events: ['CONNECTION_SENT'] })).body.webhookId;
    const requestId = (await tenant.post('connect', { accountId, profile_id: profile(7) })).body.requestId;
    const queued = await tenant.post('get_request_timeline', { request_id: requestId });
    assert.deepEqual(queued.body.timeline.map((e: { kind: string }) => e.kind), ['ACCEPTED']);
    await t.app.engine.drain();
    status = 500;
    await t.app.dispatcher.runDue();
    status = 200;
    const replay = await tenant.post('list_webhook_deliveries', { request_id: requestId });
    await tenant.post('replay_webhook_delivery', { deliveryId: replay.body.deliveries[0].deliveryId });
    t.clock.advance(1000);
    await t.app.dispatcher.runDue();

    const res = await tenant.post('get_request_timeline', { requestId });
    assert.equal(res.status, 200);
    assert.equal(res.body.state, 'SUCCESS');
    const kinds = res.body.timeline.map((e: { kind: string }) => e.kind);
    assert.deepEqual(kinds, ['ACCEPTED', 'STARTED', 'FINISHED', 'EVENT', 'WEBHOOK_ATTEMPT', 'WEBHOOK_ATTEMPT']);
    const attempts = res.body.timeline.filter((e: { kind: string }) => e.kind === 'WEBHOOK_ATTEMPT');
    assert.deepEqual(attempts.map((a: { statusCode: number; outcome: string; webhookId: string }) => [a.statusCode, a.outcome, a.webhookId]), [
      [500, 'HTTP_ERROR', endpoint],
      [200, 'DELIVERED', endpoint],
    ]);
    for (const a of attempts) assert.equal(typeof a.durationMs, 'number');
    assert.equal(res.body.timeline[2].state, 'SUCCESS');
    assert.equal(res.body.timeline[3].eventType, 'CONNECTION_SENT');

    const stranger = await t.tenant();
    const foreign = await stranger.post('get_request_timeline', { request_id: requestId });
    const missing = await stranger.post('get_request_timeline', { request_id: 'req_missing' });
    assert.equal(foreign.status, 404);
    assert.deepEqual(foreign.body, missing.body);
    assert.equal(foreign.body.code, 'REQUEST_NOT_FOUND');
  });

  it('list_ln_account_details: get_ln_account_details for every account, disconnected ones on request', async () => {
    const { tenant, accountId } = await workspace();
    const gone = await loggedInAccount(t, tenant, 'alan.turing@example.com');
    await tenant.post('connect', { accountId, profile_id: profile(1) });
    assert.equal((await tenant.post('disconnect_account', { accountId: gone })).status, 200);
    const list = await tenant.post('list_ln_account_details', {});
    assert.equal(list.status, 200);
    const details = await tenant.post('get_ln_account_details', { accountId });
    assert.deepEqual(list.body, { accounts: [details.body], nextCursor: null });
    assert.equal(list.body.accounts[0].queue.queued, 1);
    assert.equal(list.body.accounts[0].rateLimit.remaining, 29); // the connect (the login does not count)
    const withGone = await tenant.post('list_ln_account_details', { includeDisconnected: true, limit: 1 });
    assert.equal(withGone.body.accounts.length, 1);
    const second = await tenant.post('list_ln_account_details', { includeDisconnected: true, cursor: withGone.body.nextCursor });
    assert.deepEqual(second.body.accounts, [{ accountId: gone, email: 'alan.turing@example.com', status: 'DISCONNECTED', statusReason: 'DISCONNECTED' }]);
    assert.deepEqual((await (await t.tenant()).post('list_ln_account_details', {})).body, { accounts: [], nextCursor: null });
  });

  it('get_account_queue: the lane in order, each request with its earliest start and what it waits for', async () => {
    const { tenant, accountId } = await workspace();
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push((await tenant.post('connect', { accountId, profile_id: profile(n) })).body.requestId);
    const q = await tenant.post('get_account_queue', { accountId });
    assert.equal(q.status, 200);
    assert.equal(q.body.total, 3);
    assert.deepEqual(q.body.requests.map((r: { requestId: string; position: number }) => [r.requestId, r.position]), ids.map((id, i) => [id, i + 1]));
    assert.equal(q.body.requests[0].waitingFor, null, 'the head is due now (pacing off)');
    assert.deepEqual(q.body.requests[2].waitingFor, { code: 'QUEUE', message: "2 requests ahead in this account's lane.", until: null });
    assert.equal(q.body.requests[0].earliestStartAt, new Date(t.clock.now()).toISOString());

    await tenant.post('pause_account', { accountId });
    const paused = await tenant.post('get_account_queue', { accountId });
    assert.deepEqual(paused.body.requests[0].waitingFor, { code: 'ACCOUNT_PAUSED', message: 'The account is paused (PAUSED_BY_OWNER): it runs again once reconnected or resumed.', until: null });
    assert.equal(paused.body.requests[0].earliestStartAt, null);

    const foreign = await (await t.tenant()).post('get_account_queue', { accountId });
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.code, 'ACCOUNT_NOT_FOUND');
  });

  it('pause_account holds the lane and resume_account lets it run, each with its event; wrong states answer 409', async () => {
    const { tenant, accountId } = await workspace();
    const requestId = (await tenant.post('connect', { accountId, profile_id: profile(4) })).body.requestId;
    const paused = await tenant.post('pause_account', { accountId });
    assert.equal(paused.status, 200);
    assert.deepEqual(paused.body, { accountId, status: 'PAUSED', statusReason: 'PAUSED_BY_OWNER' });
    assert.equal(await t.app.engine.drain(), 0, 'nothing runs while paused');
    assert.equal((await tenant.post('get_response', { request_id: requestId })).body.state, 'QUEUED');
    // New requests are still accepted while paused.
    assert.equal((await tenant.post('visit_profile', { accountId, profile_id: profile(5) })).status, 200);

    const again = await tenant.post('pause_account', { accountId });
    assert.equal(again.status, 409);
    assert.deepEqual(again.body, { statusCode: 409, error: 'Conflict', code: 'ACCOUNT_STATE_CONFLICT', message: 'The account is PAUSED (PAUSED_BY_OWNER); only an ACTIVE account can be paused.' });

    const resumed = await tenant.post('resume_account', { accountId });
    assert.deepEqual(resumed.body, { accountId, status: 'ACTIVE', statusReason: null });
    await t.app.engine.drain();
    assert.equal((await tenant.post('get_response', { request_id: requestId })).body.status, 'SUCCESS');
    const conflict = await tenant.post('resume_account', { accountId });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.message, 'The account is ACTIVE; only a PAUSED account can be resumed.');

    const events = (await tenant.post('get_events', {})).body.events.filter((e: { type: string }) => e.type.startsWith('ACCOUNT_'));
    assert.deepEqual(events.map((e: { type: string; accountId: string; payload: { status: string } }) => [e.type, e.accountId, e.payload.status]), [
      ['ACCOUNT_PAUSED', accountId, 'PAUSED_BY_OWNER'],
      ['ACCOUNT_RESUMED', accountId, 'SUCCESS'],
    ]);

    const stranger = await t.tenant();
    for (const op of ['pause_account', 'resume_account']) {
      const foreign = await stranger.post(op, { accountId });
      const missing = await stranger.post(op, { accountId: 'acc_missing' });
      assert.equal(foreign.status, 404, op);
      assert.deepEqual(foreign.body, missing.body, op);
    }
    assert.equal((await tenant.post('get_ln_account_details', { accountId })).body.status, 'ACTIVE');
  });

  it('resume_account also resumes an account LinkedIn paused (expired session)', async () => {
    const tenant = await t.tenant();
    const accountId = await loggedInAccount(t, tenant, 'edsger+expire1@example.com');
    await tenant.post('visit_profile', { accountId, profile_id: profile(1) });
    const waiting = (await tenant.post('visit_profile', { accountId, profile_id: profile(2) })).body.requestId;
    await t.app.engine.drain();
    const d = await tenant.post('get_ln_account_details', { accountId });
    assert.deepEqual([d.body.status, d.body.statusReason], ['PAUSED', 'SESSION_EXPIRED']);
    assert.equal((await tenant.post('resume_account', { accountId })).status, 200);
    await t.app.engine.drain();
    // The simulated session is still expired: the account pauses again and the request keeps waiting.
    assert.equal((await tenant.post('get_response', { request_id: waiting })).body.state, 'QUEUED');
    assert.equal((await tenant.post('get_ln_account_details', { accountId })).body.status, 'PAUSED');
  });

  it('get_ln_account_details shows the owner\'s budget caps and the defaults beside the caps in force', async () => {
    const { tenant, accountId } = await workspace();
    const fresh = (await tenant.post('get_ln_account_details', { accountId })).body;
    assert.equal(fresh.budgetOverrides, null);
    assert.deepEqual(fresh.budgets, [], 'a sandbox account has no welink budgets until its owner sets some');
    assert.deepEqual(fresh.budgetDefaults.invitations, { daily: 20, weekly: 100 });
    assert.deepEqual(fresh.budgetDefaults.invitation_notes, { monthly: 5 });
    assert.deepEqual(Object.keys(fresh.budgetDefaults), ['invitations', 'invitation_notes', 'messages', 'inmails', 'profile_views', 'searches', 'engagement']);

    assert.equal((await tenant.post('update_account_settings', { accountId, budgets: { invitations: { daily: 7 } } })).status, 200);
    const set = (await tenant.post('get_ln_account_details', { accountId })).body;
    assert.deepEqual(set.budgetOverrides, { invitations: { daily: 7 } });
    assert.deepEqual(set.budgetDefaults, fresh.budgetDefaults, 'the defaults stay what they are');
    assert.deepEqual(
      set.budgets.filter((b: { category: string }) => b.category === 'invitations').map((b: { name: string; limit: number }) => [b.name, b.limit]),
      [['invitations_daily', 7]],
      'the owner\'s caps replace the category\'s defaults: no weekly cap left',
    );
    assert.deepEqual(set.budgets.find((b: { name: string }) => b.name === 'messages_daily')?.limit, 150, 'other categories keep their defaults');

    assert.equal((await tenant.post('update_account_settings', { accountId, budgets: { invitations: null } })).status, 200);
    const back = (await tenant.post('get_ln_account_details', { accountId })).body;
    assert.equal(back.budgetOverrides, null);
    assert.deepEqual(back.budgets, []);
  });

  it('keys: list without secrets, create with the secret once, revoke; a restricted key cannot grant more than it has', async () => {
    const tenant = await t.tenant();
    const listed = await tenant.post('list_api_keys');
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.keys, [
      { apiKey: tenant.apiKey, name: 'test', createdAt: new Date(t.clock.now()).toISOString(), revokedAt: null, allowedActions: null, allowedIps: null, current: true },
    ]);

    const made = await tenant.post('create_api_key', { name: 'reporting', allowedActions: ['get_response', 'list_requests'], allowedIps: ['127.0.0.1', '10.0.0.0/8'] });
    assert.equal(made.status, 200);
    assert.match(made.body.apiSecret, /^wl_secret_/);
    assert.deepEqual(made.body.allowedActions, ['get_response', 'list_requests']);
    const child = { 'x-api-key': made.body.apiKey, 'x-api-secret': made.body.apiSecret };
    assert.equal((await tenant.post('list_requests', {}, child)).status, 200);
    assert.equal((await tenant.post('list_api_keys', {}, child)).status, 403);
    const after = await tenant.post('list_api_keys');
    assert.equal(after.body.keys.length, 2);
    assert.ok(!JSON.stringify(after.body).includes(made.body.apiSecret), 'a secret is never listed');
    assert.ok(!JSON.stringify(after.body).includes('secret_hash'));

    const bad = await tenant.post('create_api_key', { name: 'x', allowedActions: ['no_such_operation'] });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.details, [{ field: 'allowedActions', problem: 'names operations that do not exist: no_such_operation' }]);
    assert.equal((await tenant.post('create_api_key', { name: 'x', allowedIps: ['300.1.1.1'] })).status, 400);

    // A key that may create keys but only call a few operations hands on no more than those.
    const narrow = await t.tenant({ allowedActions: ['create_api_key', 'get_response'] });
    const escalate = await narrow.post('create_api_key', { name: 'wider', allowedActions: ['get_response', 'disconnect_account'] });
    assert.equal(escalate.status, 400);
    assert.deepEqual(escalate.body.details, [{ field: 'allowedActions', problem: 'grants operations your own key may not call: disconnect_account' }]);
    const inherited = await narrow.post('create_api_key', { name: 'same' });
    assert.deepEqual(inherited.body.allowedActions, ['create_api_key', 'get_response']);

    const revoked = await tenant.post('revoke_api_key', { apiKey: made.body.apiKey });
    assert.deepEqual(revoked.body, { apiKey: made.body.apiKey, revokedAt: new Date(t.clock.now()).toISOString(), current: false });
    assert.equal((await tenant.post('list_requests', {}, child)).status, 401);
    assert.equal((await tenant.post('revoke_api_key', { apiKey: made.body.apiKey })).status, 200, 'revoking twice is harmless');

    const stranger = await t.tenant();
    const foreign = await stranger.post('revoke_api_key', { apiKey: tenant.apiKey });
    const missing = await stranger.post('revoke_api_key', { apiKey: 'wl_key_missing' });
    assert.equal(foreign.status, 404);
    assert.deepEqual(foreign.body, missing.body);
    assert.deepEqual(foreign.body, { statusCode: 404, error: 'Not Found', code: 'API_KEY_NOT_FOUND', message: 'No API key with this value in this workspace.' });
    assert.equal((await tenant.post('list_requests', {})).status, 200, "the other workspace's attempt changed nothing");
  });
});
