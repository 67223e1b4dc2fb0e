import assert from 'node:assert/strict';
import { it } from 'node:test';
import { originToken } from '../../src/providers/live/restli.ts';
import type { TestApp, Tenant } from '../helpers/app.ts';
import { expectDeclaredEvent } from '../helpers/declared.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import type { FakeLinkedIn } from '../helpers/fake-linkedin/server.ts';
import { liveApp } from '../helpers/live-app.ts';
import { ADA, BOB, CAROL, DAN, ERIN, connectAda } from '../helpers/live-world.ts';

/** The live provider end to end: a live workspace, the real API and engine, the fake LinkedIn over HTTP. */
forEachDialect('live provider through the API', (env) => {
  let t: TestApp;
  let fake: FakeLinkedIn;
  let tenant: Tenant;
  // A new fake world per test keeps tests independent (same ids, fresh state).
  liveApp(env, {}, (w) => ({ t, fake, tenant } = w));

  const result = async (requestId: string) => (await tenant.post('get_response', { request_id: requestId })).body;
  const run = async (action: string, body: Record<string, unknown>) => {
    const ack = await tenant.post(action, body);
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    await t.app.engine.drain();
    return { requestId: ack.body.requestId as string, res: await result(ack.body.requestId) };
  };

  it('connects an account with cookies, sends a message and records SUCCESS with its event', async () => {
    const { accountId, cookies } = await connectAda(t, tenant, fake);
    const details = await tenant.post('get_ln_account_details', { accountId });
    assert.equal(details.body.status, 'ACTIVE');
    assert.equal(details.body.firstname, 'Ada');
    assert.equal(details.body.profile_id, ADA);

    // Cookies are sealed at rest.
    const row = await t.app.store.db.selectFrom('accounts').select(['secrets', 'profile']).where('id', '=', accountId).executeTakeFirstOrThrow();
    assert.ok(row.secrets && !row.secrets.includes(cookies.li_at) && !row.secrets.includes('ajax:'));
    const secrets = t.app.services.sealer.openJson<Record<string, any>>(row.secrets!);
    assert.equal(secrets.cookies.li_at, cookies.li_at);
    assert.match(secrets.userAgent, /Chrome/);

    const { requestId, res } = await run('send_message_to_profile_id', { accountId, profile_id: BOB, message: 'Hi Bob, thanks for connecting!' });
    assert.equal(res.status, 'SUCCESS', JSON.stringify(res));
    assert.equal(res.result.thread_id, '2-adabob');
    const sent = fake.state.messagesFrom(ADA, BOB);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].text, 'Hi Bob, thanks for connecting!');
    assert.equal(sent[0].originToken, originToken(requestId));
    assert.equal(res.result.message_id, sent[0].id);
    assert.equal(typeof res.result.sent_at, 'number');

    const events = await t.app.store.db.selectFrom('events').selectAll().where('request_id', '=', requestId).execute();
    assert.deepEqual(events.map((e) => e.type), ['MESSAGE_SENT']);
    assert.equal(JSON.parse(events[0].payload).result.thread_id, '2-adabob');

    // What LinkedIn saw: cookies, csrf-token from JSESSIONID without quotes, Rest.li header, one pinned user agent.
    const calls = fake.calls();
    assert.ok(calls.length >= 2);
    for (const c of calls) {
      assert.equal(c.headers['csrf-token'], cookies.JSESSIONID.replace(/"/g, ''));
      assert.equal(c.headers['x-restli-protocol-version'], '2.0.0');
      assert.equal(c.headers['user-agent'], secrets.userAgent);
      assert.match(String(c.headers.cookie), /li_at=.*JSESSIONID="ajax:/);
    }
    const send = fake.calls(/createMessage/)[0];
    const body = JSON.parse(send.body);
    assert.equal(Buffer.from(body.trackingId, 'latin1').length, 16);
    assert.deepEqual(body.hostRecipientUrns, [`urn:li:fsd_profile:${BOB}`]);
  });

  it('refuses to message a profile that is not a connection, and an unknown profile', async () => {
    const { accountId } = await connectAda(t, tenant, fake);
    const a = await run('send_message_to_profile_id', { accountId, profile_id: CAROL, message: 'Hello' });
    assert.equal(a.res.status, 'NOT_CONNECTED');
    assert.equal(a.res.state, 'FAILED');
    const b = await run('send_message_to_profile_id', { accountId, profile_id: 'ACoAAnobody', message: 'Hello' });
    assert.equal(b.res.status, 'PROFILE_NOT_FOUND');
    assert.equal(b.res.message, 'Profile not found');
    assert.equal(fake.state.messagesFrom(ADA).length, 0);
  });

  it('sends an invitation with a note, and maps every refusal to its code', async () => {
    const { accountId } = await connectAda(t, tenant, fake);
    const ok = await run('connect', { accountId, profile_id: CAROL, message: 'Hi Carol' });
    assert.equal(ok.res.status, 'SUCCESS', JSON.stringify(ok.res));
    assert.equal(ok.res.result.connected, true);
    assert.equal(ok.res.result.profile_id, CAROL);
    const inv = fake.state.pendingBetween(ADA, CAROL);
    assert.ok(inv);
    assert.equal(ok.res.result.invitation_id, inv.id);
    assert.equal(inv.note, 'Hi Carol');
    const noNote = JSON.parse(fake.calls(/verifyQuotaAndCreateV2/)[0].body);
    assert.equal(noNote.customMessage, 'Hi Carol');

    assert.equal((await run('connect', { accountId, profile_id: BOB })).res.status, 'ALREADY_CONNECTED');
    assert.equal((await run('connect', { accountId, profile_id: DAN })).res.status, 'INVITATION_ALREADY_PENDING');
    assert.equal((await run('connect', { accountId, profile_id: 'ACoAAnobody' })).res.status, 'PROFILE_NOT_FOUND');

    // No invitation pending, yet LinkedIn says CANT_RESEND_YET: one was withdrawn within three weeks.
    fake.state.invitations.length = 0;
    fake.failNext(/verifyQuotaAndCreateV2/, { status: 400, body: { status: 400, code: 'CANT_RESEND_YET' } });
    const cooldown = await run('connect', { accountId, profile_id: DAN });
    assert.equal(cooldown.res.status, 'REINVITE_COOLDOWN');
    assert.equal(cooldown.res.result.profile_id, DAN);

    fake.state.noteBudget.set(ADA, 0);
    const quota = await run('connect', { accountId, profile_id: DAN, message: 'Hello Dan' });
    // The note quota holds the account's invitations with a note (they wait, nothing fails).
    assert.equal(quota.res.state, 'QUEUED');
    assert.equal(quota.res.waitingFor.code, 'MONTHLY_NOTE_LIMIT');
    assert.equal(quota.res.waitingFor.until, new Date(t.clock.now() + 7 * 86_400_000).toISOString());
    // Without a note the same invitation goes through, and no empty customMessage is sent.
    const plain = await run('connect', { accountId, profile_id: DAN });
    assert.equal(plain.res.status, 'SUCCESS');
    const last = fake.calls(/verifyQuotaAndCreateV2/).at(-1)!;
    assert.equal('customMessage' in JSON.parse(last.body), false);

    fake.state.invitations.length = 0;
    fake.state.inviteBudget.set(ADA, 0);
    const weekly = await run('connect', { accountId, profile_id: DAN });
    // LinkedIn's weekly limit holds every invitation of the account for 3 days: the request waits.
    assert.equal(weekly.res.state, 'QUEUED');
    assert.equal(weekly.res.waitingFor.code, 'WEEKLY_INVITATION_LIMIT');
    assert.equal(weekly.res.waitingFor.until, new Date(t.clock.now() + 3 * 86_400_000).toISOString());
  });

  // LinkedIn's refusal codes, each produced by the fake from a fact of its own (see fake-linkedin/state.ts).
  const refusal = async (action: 'connect' | 'accept_invitation', input: Record<string, unknown>, code: string, linkedinCode: string) => {
    const { accountId } = await connectAda(t, tenant, fake);
    const { res } = await run(action, { accountId, ...input });
    assert.equal(res.state, 'FAILED', JSON.stringify(res));
    assert.equal(res.status, code, JSON.stringify(res));
    assert.equal(res.result.linkedin_code, linkedinCode, JSON.stringify(res));
  };
  // An invitation limit is not a failure: the account's invitations are held and the request waits.
  const invitationsHeld = async (linkedinCode: string) => {
    const { accountId } = await connectAda(t, tenant, fake);
    const { res } = await run('connect', { accountId, profile_id: CAROL });
    assert.equal(res.state, 'QUEUED', JSON.stringify(res));
    assert.equal(res.waitingFor.code, 'WEEKLY_INVITATION_LIMIT', JSON.stringify(res));
    const sent = fake.calls(/verifyQuotaAndCreateV2/);
    assert.equal(sent.length, 1, `LinkedIn answered ${linkedinCode} once; nothing was sent again`);
  };

  it('connect from an account whose email LinkedIn has not confirmed: EMAIL_NOT_CONFIRMED (PRIMARY_HANDLE_NOT_CONFIRMED)', async () => {
    fake.state.unconfirmedEmail.add(ADA);
    await refusal('connect', { profile_id: CAROL }, 'EMAIL_NOT_CONFIRMED', 'PRIMARY_HANDLE_NOT_CONFIRMED');
    assert.equal(fake.state.pendingBetween(ADA, CAROL), undefined);
  });

  it('connect from an account at the connection cap: WEEKLY_INVITATION_LIMIT (CANT_INVITE_CONNECTION_LIMIT_REACHED)', async () => {
    fake.state.connectionCap = fake.state.connectionCount(ADA);
    await invitationsHeld('CANT_INVITE_CONNECTION_LIMIT_REACHED');
  });

  it('connect with too many invitations outstanding: WEEKLY_INVITATION_LIMIT (MAX_INVITATION_SENT)', async () => {
    fake.state.pendingInvitationCap = 1; // Ada's invitation to Dan is pending
    await invitationsHeld('MAX_INVITATION_SENT');
  });

  it('accept_invitation on an account at the connection cap: CONNECTION_LIMIT_REACHED (CANT_ACCEPT_CONNECTION_LIMIT_REACHED)', async () => {
    fake.state.connectionCap = fake.state.connectionCount(ADA);
    await refusal('accept_invitation', { invitation_id: '502' }, 'CONNECTION_LIMIT_REACHED', 'CANT_ACCEPT_CONNECTION_LIMIT_REACHED');
    assert.equal(fake.state.connectedAt(ADA, ERIN), undefined);
  });

  it('holds the account on LinkedIn throttling (429) and runs the request again when the hold ends', async () => {
    const { accountId } = await connectAda(t, tenant, fake);
    fake.failNext(/identity\/dash\/profiles/, { status: 429, body: { status: 429 }, headers: { 'retry-after': '120' } });
    const { requestId, res } = await run('visit_profile', { accountId, profile_id: CAROL });
    assert.equal(res.status, 'QUEUED');
    const rest = await tenant.get(`/api/v1/requests/${requestId}`);
    // Retry-After asks for 2 minutes; welink holds the account at least 15.
    assert.equal(rest.body.waitingFor.code, 'LINKEDIN_THROTTLED');
    assert.equal(rest.body.waitingFor.until, new Date(t.clock.now() + 15 * 60_000).toISOString());
    t.clock.advance(15 * 60_000);
    await t.app.engine.drain();
    const done = await result(requestId);
    assert.equal(done.status, 'SUCCESS');
    assert.deepEqual(done.result, { viewed: true, profile_id: CAROL, public_identifier: 'carol-danvers' });
    assert.equal(fake.views.filter((v) => v.viewer === ADA && v.viewee === CAROL).length >= 1, true);
  });

  it('answers ENDPOINT_GONE when LinkedIn no longer knows a decoration, or retired the endpoint', async () => {
    const { accountId } = await connectAda(t, tenant, fake);
    // LinkedIn deploys and stops serving the decoration the provider sends.
    const served = fake.decorations['identity/dash/profiles'];
    const before = served.accepted;
    served.accepted = ['com.linkedin.voyager.dash.deco.identity.profile.WebTopCardCore-20'];
    const stale = await run('visit_profile', { accountId, profile_id: CAROL });
    assert.equal(stale.res.status, 'ENDPOINT_GONE');
    served.accepted = before;
    fake.failNext(/identity\/dash\/profiles/, { status: 410, body: { status: 410 } });
    assert.equal((await run('visit_profile', { accountId, profile_id: CAROL })).res.status, 'ENDPOINT_GONE');
  });

  it('pauses the account on an expired session and resumes it with fresh cookies', async () => {
    const { accountId, cookies } = await connectAda(t, tenant, fake);
    fake.state.sessions.get(cookies.li_at)!.expired = true;
    const ack = await tenant.post('send_message_to_profile_id', { accountId, profile_id: BOB, message: 'After the pause' });
    await t.app.engine.drain();
    const details = await tenant.post('get_ln_account_details', { accountId });
    assert.equal(details.body.status, 'PAUSED');
    assert.equal(details.body.statusReason, 'SESSION_EXPIRED');
    assert.equal((await result(ack.body.requestId)).status, 'QUEUED');
    const paused = await t.app.store.db.selectFrom('events').selectAll().where('account_id', '=', accountId).where('type', '=', 'ACCOUNT_PAUSED').execute();
    assert.equal(paused.length, 1);
    assert.equal(JSON.parse(paused[0].payload).status, 'SESSION_EXPIRED');
    assert.equal(fake.state.messagesFrom(ADA).length, 0);

    // Stale cookies are refused, with the whole error body.
    const refused = await tenant.post('connect_account_cookies', { accountId, ...cookies });
    assert.equal(refused.status, 422);
    assert.deepEqual(refused.body, {
      statusCode: 422,
      error: 'Unprocessable Entity',
      code: 'LINKEDIN_SESSION_INVALID',
      reason: 'SESSION_EXPIRED',
      message: 'LinkedIn did not accept this session: The LinkedIn session has expired or was logged out: reconnect the account with fresh cookies (connect_account_cookies) or login_v2.',
    });

    const again = fake.state.login(ADA);
    const reconnected = await tenant.post('connect_account_cookies', { accountId, ...again });
    assert.equal(reconnected.status, 200);
    assert.equal(reconnected.body.resumed, true);
    assert.equal(reconnected.body.accountId, accountId);
    assert.equal((await tenant.post('get_ln_account_details', { accountId })).body.status, 'ACTIVE');
    await t.app.engine.drain();
    const done = await result(ack.body.requestId);
    assert.equal(done.status, 'SUCCESS');
    assert.equal(fake.state.messagesFrom(ADA, BOB).length, 1);
  });

  it('pauses on a checkpoint, and on a 401 from /me after an ambiguous 403', async () => {
    const { accountId, cookies } = await connectAda(t, tenant, fake);
    fake.state.sessions.get(cookies.li_at)!.checkpoint = true;
    await run('visit_profile', { accountId, profile_id: CAROL });
    let details = await tenant.post('get_ln_account_details', { accountId });
    assert.equal(details.body.status, 'PAUSED');
    assert.equal(details.body.statusReason, 'CHECKPOINT_REQUIRED');

    const again = fake.state.login(ADA);
    assert.equal((await tenant.post('connect_account_cookies', { accountId, ...again })).status, 200);
    await t.app.engine.drain();
    fake.failNext(/identity\/dash\/profiles/, { status: 403, body: { status: 403 } });
    fake.failNext(/\/me$/, { status: 401, body: { status: 401 } });
    await run('visit_profile', { accountId, profile_id: CAROL });
    details = await tenant.post('get_ln_account_details', { accountId });
    assert.equal(details.body.status, 'PAUSED');
    assert.equal(details.body.statusReason, 'SESSION_EXPIRED');
  });

  it('does not double a message whose response was lost', async () => {
    const { accountId } = await connectAda(t, tenant, fake);
    fake.dropNext.add('createMessage');
    const ack = await tenant.post('send_message_to_profile_id', { accountId, profile_id: BOB, message: 'Only once, please' });
    await t.app.engine.drain();
    // LinkedIn stored it, but the answer never came: the request waits for a retry.
    assert.equal(fake.state.messagesFrom(ADA, BOB).length, 1);
    assert.equal((await result(ack.body.requestId)).status, 'QUEUED');
    t.clock.advance(60_000);
    await t.app.engine.drain();
    const done = await result(ack.body.requestId);
    assert.equal(done.status, 'SUCCESS');
    const sent = fake.state.messagesFrom(ADA, BOB);
    assert.equal(sent.length, 1);
    assert.equal(done.result.message_id, sent[0].id);
    assert.equal(fake.calls(/createMessage/).length, 1, 'the retry verified instead of sending again');
    const rest = await tenant.get(`/api/v1/requests/${ack.body.requestId}`);
    assert.equal(rest.body.attempts, 2);
  });

  it('logs in with credentials and a PIN (login_v2 + login_code) in a live workspace', async () => {
    const ack = await tenant.post('login_v2', { email: 'ada+pin@example.com', password: 'pw' });
    assert.equal(ack.status, 200);
    const accountId = ack.body.accountId;
    await t.app.engine.drain();
    let res = await result(ack.body.requestId);
    assert.equal(res.status, 'PIN_REQUIRED');
    assert.equal((await tenant.post('get_ln_account_details', { accountId })).body.status, 'PIN_REQUIRED');

    assert.equal((await tenant.post('login_code', { accountId, requestId: ack.body.requestId, code: '246810' })).status, 200);
    await t.app.engine.drain();
    res = await result(ack.body.requestId);
    assert.equal(res.status, 'SUCCESS', JSON.stringify(res));
    assert.equal(res.result.profile_id, ADA);
    assert.equal(res.result.email, 'ada+pin@example.com');
    const details = await tenant.post('get_ln_account_details', { accountId });
    assert.equal(details.body.status, 'ACTIVE');

    const sent = await run('send_message_to_profile_id', { accountId, profile_id: BOB, message: 'Logged in by PIN' });
    assert.equal(sent.res.status, 'SUCCESS');
    // The password went to LinkedIn's login form only, never to a Voyager call.
    assert.equal(fake.received.filter((r) => r.body.includes('session_password')).length, 1);
    assert.ok(fake.calls().every((c) => !c.body.includes('session_password')));
  });

  it('reports WRONG_PASSWORD, WRONG_PIN and a captcha as CHECKPOINT_REQUIRED on credential login', async () => {
    const wrong = await tenant.post('login_v2', { email: 'ada@example.com', password: 'nope' });
    await t.app.engine.drain();
    assert.equal((await result(wrong.body.requestId)).status, 'WRONG_PASSWORD');

    const pin = await tenant.post('login_v2', { email: 'ada+pin@example.com', password: 'pw' });
    await t.app.engine.drain();
    await tenant.post('login_code', { accountId: pin.body.accountId, requestId: pin.body.requestId, code: '000000' });
    await t.app.engine.drain();
    assert.equal((await result(pin.body.requestId)).status, 'WRONG_PIN');

    const captcha = await tenant.post('login_v2', { email: 'ada+captcha@example.com', password: 'pw' });
    await t.app.engine.drain();
    assert.equal((await result(captcha.body.requestId)).status, 'CHECKPOINT_REQUIRED');
  });

  it('connect_account_cookies: live workspaces only, unknown account, reconnect by email keeps the accountId', async () => {
    const sandbox = await t.tenant();
    const cookies = fake.state.login(ADA);
    const refused = await sandbox.post('connect_account_cookies', { email: 'ada@example.com', ...cookies });
    assert.equal(refused.status, 404);
    assert.deepEqual(refused.body, { statusCode: 404, error: 'Not Found', code: 'LIVE_ONLY', message: 'This operation exists only in live workspaces.' });
    const unknown = await tenant.post('connect_account_cookies', { accountId: 'acc_nope', ...cookies });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'ACCOUNT_NOT_FOUND');
    const noEmail = await tenant.post('connect_account_cookies', { ...cookies });
    assert.equal(noEmail.status, 400);
    assert.deepEqual(noEmail.body.details, [{ field: 'email', problem: 'is required' }]);

    const first = await connectAda(t, tenant, fake, { user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Test/1.0' });
    const second = await connectAda(t, tenant, fake);
    assert.equal(second.accountId, first.accountId);
    await run('visit_profile', { accountId: first.accountId, profile_id: CAROL });
    assert.equal(fake.calls(/identity\/dash\/profiles/).at(-1)!.headers['user-agent'], 'Mozilla/5.0 (X11; Linux x86_64) Test/1.0');
  });

  it('every event these live workspaces emitted has the payload the event catalogue declares', async () => {
    const events = await t.app.store.db.selectFrom('events').select(['type', 'payload']).execute();
    for (const e of events) expectDeclaredEvent(e.type, JSON.parse(e.payload));
    const types = new Set(events.map((e) => e.type));
    for (const type of ['ACCOUNT_CONNECTED', 'ACCOUNT_PAUSED', 'LOGIN_PIN_REQUIRED', 'MESSAGE_SENT', 'CONNECTION_FAILED']) assert.ok(types.has(type), type);
  });
});
