import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { TestApp, Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { account, assertEvent, eventsOf, fails, HOUR, ok, run, sandboxApp } from '../helpers/sandbox.ts';
import { byDegree, firstConnection, invitee } from '../helpers/sandbox-world.ts';

forEachDialect('sandbox: invitations and connections', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  let acc: string;
  const email = 'grace.hopper@example.com';
  before(async () => {
    t = await sandboxApp(env());
    tenant = await t.tenant();
    acc = await account(t, tenant, email);
  });
  after(() => t.close());

  it('connect sends an invitation (CONNECTION_SENT), get_connection_status says PENDING, pending_invites lists it', async () => {
    const p = invitee(email, acc, true);
    const r = await run(t, tenant, 'connect', { accountId: acc, profile_id: p.profile_id, message: 'Hi there!' });
    assert.equal(r.res.body.status, 'SUCCESS');
    assert.equal(r.res.body.result.connected, true);
    assert.equal(r.res.body.result.profile_id, p.profile_id);
    assert.match(r.res.body.result.invitation_id, /^inv_/);
    await assertEvent(t, r.requestId, 'CONNECTION_SENT', r.res.body.result);

    const status = await ok(t, tenant, 'get_connection_status', { accountId: acc, profile_url: p.profile_url });
    assert.deepEqual(status, { connection_status: 'PENDING', invitation_id: r.res.body.result.invitation_id, profile_id: p.profile_id });
    const pending = await ok(t, tenant, 'pending_invites', { accountId: acc });
    const mine = pending.invitations.find((i: any) => i.profile_id === p.profile_id);
    assert.equal(mine.has_note, true);
    assert.equal(mine.message, 'Hi there!');

    await fails(t, tenant, 'connect', { accountId: acc, profile_id: p.profile_id }, 'INVITATION_ALREADY_PENDING');
  });

  it('the invitee accepts after simulated time: CONNECTION_ACCEPTED, then a 1st-degree connection', async () => {
    const p = invitee(email, acc, true, 1);
    await ok(t, tenant, 'connect', { accountId: acc, profile_id: p.profile_id });
    assert.equal(await t.app.ticker.tick(), 0, 'nothing is due yet');
    const adv = await tenant.post('sandbox_advance_time', { hours: 73 });
    assert.equal(adv.status, 200);
    assert.ok(adv.body.changes >= 1);
    const accepted = (await eventsOf(t, { type: 'CONNECTION_ACCEPTED', accountId: acc })).find((e) => e.payload.result.profile_id === p.profile_id);
    assert.ok(accepted, 'CONNECTION_ACCEPTED emitted');
    assert.equal(accepted.payload.event_type, '/api/v1/connection_accepted');
    assert.equal(accepted.payload.request_id, null);
    assert.equal(accepted.request_id, null);
    assert.equal(accepted.payload.result.full_name, p.full_name);
    const status = await ok(t, tenant, 'get_connection_status', { accountId: acc, profile_id: p.profile_id });
    assert.equal(status.connection_status, 'ALREADY_CONNECTED');
    const list = await ok(t, tenant, 'connections', { accountId: acc, count: 5 });
    assert.ok(list.connections.some((c: any) => c.profile_id === p.profile_id && c.connected_at !== null), 'new connections come first');
    assert.ok(list.total > 100);
    assert.equal(list.next_start, 5);
  });

  it('an invitee who never answers: the invitation is IGNORED after three weeks', async () => {
    const p = invitee(email, acc, false);
    const sent = await ok(t, tenant, 'connect', { accountId: acc, profile_id: p.profile_id });
    await tenant.post('sandbox_advance_time', { hours: 21 * 24 + 1 });
    const state = await tenant.post('sandbox_state', { accountId: acc });
    const inv = state.body.invitations.sent.find((i: any) => i.invitation_id === sent.invitation_id);
    assert.equal(inv.status, 'IGNORED');
    assert.equal((await eventsOf(t, { type: 'CONNECTION_ACCEPTED' })).filter((e) => e.payload.result.profile_id === p.profile_id).length, 0);
  });

  it('connect fails with PROFILE_NOT_FOUND, ALREADY_CONNECTED, OUT_OF_NETWORK and the magic ids', async () => {
    await fails(t, tenant, 'connect', { accountId: acc, profile_id: 'not-found-42' }, 'PROFILE_NOT_FOUND');
    await fails(t, tenant, 'connect', { accountId: acc, profile_id: firstConnection(email).profile_id }, 'ALREADY_CONNECTED');
    await fails(t, tenant, 'connect', { accountId: acc, profile_id: 'already-connected-1' }, 'ALREADY_CONNECTED');
    await fails(t, tenant, 'connect', { accountId: acc, profile_id: byDegree(email, null).profile_id }, 'OUT_OF_NETWORK');
    await fails(t, tenant, 'connect', { accountId: acc, profile_id: 'out-of-network-1' }, 'OUT_OF_NETWORK');
    const pending = await fails(t, tenant, 'connect', { accountId: acc, profile_id: 'invitation-pending-1' }, 'INVITATION_ALREADY_PENDING');
    assert.match(pending.result.invitation_id, /^inv_/);
  });

  it('a note longer than 200 characters fails on a free account (NOTE_TOO_LONG) and passes up to 300 on premium', async () => {
    const p = invitee(email, acc, true, 2);
    const r = await fails(t, tenant, 'connect', { accountId: acc, profile_id: p.profile_id, message: 'x'.repeat(201) }, 'NOTE_TOO_LONG');
    assert.equal(r.event, 'CONNECTION_FAILED');
    const premium = await account(t, tenant, 'grace.hopper+premium@example.com');
    await ok(t, tenant, 'connect', { accountId: premium, profile_id: 'ACoAAnote300', message: 'x'.repeat(300) });
    await fails(t, tenant, 'connect', { accountId: premium, profile_id: 'ACoAAnote301', message: 'x'.repeat(301) }, 'NOTE_TOO_LONG');
  });

  it('withdraw_invite withdraws by invitation_id or profile_id; re-inviting waits three weeks (REINVITE_COOLDOWN)', async () => {
    const p = invitee(email, acc, false, 3);
    const sent = await ok(t, tenant, 'connect', { accountId: acc, profile_id: p.profile_id });
    const w = await run(t, tenant, 'withdraw_invite', { accountId: acc, invitation_id: sent.invitation_id });
    assert.deepEqual(w.res.body.result, { withdrawn: true, invitation_id: sent.invitation_id, profile_id: p.profile_id });
    await assertEvent(t, w.requestId, 'INVITATION_WITHDRAWN');
    const cool = await fails(t, tenant, 'connect', { accountId: acc, profile_id: p.profile_id }, 'REINVITE_COOLDOWN');
    assert.ok(cool.result.retry_after);
    await fails(t, tenant, 'withdraw_invite', { accountId: acc, invitation_id: sent.invitation_id }, 'INVITATION_NOT_FOUND');
    await fails(t, tenant, 'withdraw_invite', { accountId: acc, profile_id: 'ACoAAnever-invited' }, 'INVITATION_NOT_FOUND');
    await ok(t, tenant, 'withdraw_invite', { accountId: acc, profile_id: 'invitation-pending-2' });
    await tenant.post('sandbox_advance_time', { hours: 21 * 24 + 1 });
    await ok(t, tenant, 'connect', { accountId: acc, profile_id: p.profile_id });
  });

  it('disconnect removes a connection (CONNECTION_REMOVED); a second time fails NOT_CONNECTED', async () => {
    const c = firstConnection(email, 5);
    const r = await run(t, tenant, 'disconnect', { accountId: acc, profile_id: c.profile_id });
    assert.deepEqual(r.res.body.result, { disconnected: true, profile_id: c.profile_id });
    await assertEvent(t, r.requestId, 'CONNECTION_REMOVED');
    await fails(t, tenant, 'disconnect', { accountId: acc, profile_id: c.profile_id }, 'NOT_CONNECTED');
    await fails(t, tenant, 'disconnect', { accountId: acc, profile_id: 'not-found-7' }, 'PROFILE_NOT_FOUND');
    const status = await ok(t, tenant, 'get_connection_status', { accountId: acc, profile_id: c.profile_id });
    assert.equal(status.connection_status, 'NOT_CONNECTED');
    await fails(t, tenant, 'get_connection_status', { accountId: acc, profile_url: 'https://www.linkedin.com/in/not-found-x' }, 'PROFILE_NOT_FOUND');
  });

  it('received_invitations lists invitations from other members; accept_invitation makes a connection', async () => {
    const r = await run(t, tenant, 'received_invitations', { accountId: acc });
    await assertEvent(t, r.requestId, 'RECEIVED_INVITATIONS_FETCHED');
    const inv = r.res.body.result.invitations[0];
    assert.ok(r.res.body.result.invitations.length >= 1);
    assert.ok(inv.first_name && inv.headline);
    const a = await run(t, tenant, 'accept_invitation', { accountId: acc, invitation_id: inv.invitation_id });
    assert.deepEqual(a.res.body.result, { accepted: true, invitation_id: inv.invitation_id, profile_id: inv.profile_id });
    await assertEvent(t, a.requestId, 'INVITATION_ACCEPTED');
    assert.equal((await ok(t, tenant, 'get_connection_status', { accountId: acc, profile_id: inv.profile_id })).connection_status, 'ALREADY_CONNECTED');
    await fails(t, tenant, 'accept_invitation', { accountId: acc, invitation_id: inv.invitation_id }, 'INVITATION_NOT_FOUND');
  });

  it('over the weekly invitation budget a connect waits (WEEKLY_INVITATION_LIMIT), then runs when the week has passed', async () => {
    const fresh = await t.tenant(); // its own workspace: a simulated clock nobody moved
    const acc2 = await account(t, fresh, 'budget.keeper@example.com');
    // 100 invitations already sent this week (seeded rather than sent one by one, to stay fast).
    const db = t.app.store.db;
    const now = t.clock.now();
    await db
      .insertInto('sandbox_effects')
      .values(Array.from({ length: 100 }, (_, i) => ({ id: `sfx_seed${i}`, workspace_id: fresh.workspaceId, account_id: acc2, request_id: null, kind: 'invitation', target: `x${i}`, payload: '{}', created_at: now - 2 * HOUR + i })))
      .execute();
    const p = invitee('budget.keeper@example.com', acc2, true);
    const r = await run(t, fresh, 'connect', { accountId: acc2, profile_id: p.profile_id });
    assert.equal(r.res.body.state, 'QUEUED');
    const rest = await fresh.get(`/api/v1/requests/${r.requestId}`);
    assert.equal(rest.body.waitingFor.code, 'WEEKLY_INVITATION_LIMIT');
    assert.equal(rest.body.waitingFor.until, new Date(now - 2 * HOUR + 7 * 24 * HOUR + 1).toISOString());
    // Simulated time: a week later the budget has room and the waiting request runs.
    await fresh.post('sandbox_advance_time', { hours: 7 * 24 });
    await t.app.engine.drain();
    const done = await fresh.post('get_response', { request_id: r.requestId });
    assert.equal(done.body.status, 'SUCCESS', JSON.stringify(done.body));
  });

  it('free accounts get five noted invitations a month; the sixth waits (MONTHLY_NOTE_LIMIT)', async () => {
    const acc3 = await account(t, tenant, 'note.writer@example.com');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(invitee('note.writer@example.com', acc3, true, i).profile_id);
    for (let i = 0; i < 5; i++) await ok(t, tenant, 'connect', { accountId: acc3, profile_id: ids[i], message: `note ${i}` });
    const r = await run(t, tenant, 'connect', { accountId: acc3, profile_id: ids[5], message: 'one too many' });
    assert.equal(r.res.body.state, 'QUEUED');
    assert.equal((await tenant.get(`/api/v1/requests/${r.requestId}`)).body.waitingFor.code, 'MONTHLY_NOTE_LIMIT');
  });
});
