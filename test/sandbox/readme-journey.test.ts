import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { TestApp, Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { eventsOf, sandboxApp } from '../helpers/sandbox.ts';

/**
 * The sandbox journey exactly as README.md and docs/sandbox.md print it, so the documentation cannot
 * promise what the sandbox does not do: a test profile (any unknown id) always accepts and replies.
 */
forEachDialect('the README sandbox journey', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  before(async () => {
    t = await sandboxApp(env());
    tenant = await t.tenant();
  });
  after(() => t.close());

  const response = async (requestId: string) => {
    await t.app.engine.drain();
    return (await tenant.post('get_response', { request_id: requestId })).body;
  };

  it('PIN login, connect to a test profile, sandbox_state, acceptance, tracked message, reply', async () => {
    const login = await tenant.post('login_v2', { email: 'ada.lovelace+pin@example.com', password: 'x' });
    const { accountId, requestId } = login.body;
    const waiting = await response(requestId);
    assert.deepEqual({ status: waiting.status, state: waiting.state }, { status: 'PIN_REQUIRED', state: 'PIN_REQUIRED' }, 'state can be PIN_REQUIRED');
    assert.equal((await tenant.post('login_code', { accountId, requestId, code: '123456' })).status, 200);
    assert.equal((await response(requestId)).status, 'SUCCESS');

    const search = await tenant.post('search_people', { accountId, keywords: 'engineer', network: ['S'] });
    assert.equal((await response(search.body.requestId)).status, 'SUCCESS');

    const connect = await tenant.post('connect', { accountId, profile_id: 'ACoAAmy-test-1', message: 'Hi!' });
    assert.equal((await response(connect.body.requestId)).status, 'SUCCESS');
    const state = (await tenant.post('sandbox_state', { accountId })).body;
    const invitation = state.invitations.sent.find((i: { profile_id: string }) => i.profile_id === 'ACoAAmy-test-1');
    assert.equal(invitation.will, 'ACCEPT');

    assert.equal((await tenant.post('sandbox_advance_time', { hours: 1 })).status, 200);
    const accepted = await eventsOf(t, { type: 'CONNECTION_ACCEPTED', accountId });
    assert.deepEqual(accepted.map((e) => e.payload.result.profile_id), ['ACoAAmy-test-1']);

    const message = await tenant.post('send_message_to_profile_id', { accountId, profile_id: 'ACoAAmy-test-1', message: 'Thanks!', track_reply: true });
    assert.equal((await response(message.body.requestId)).status, 'SUCCESS');
    assert.equal((await tenant.post('sandbox_advance_time', { hours: 2 })).status, 200);
    assert.equal((await eventsOf(t, { type: 'MESSAGE_RECEIVED', accountId })).length, 1);
    assert.equal((await eventsOf(t, { type: 'MESSAGE_REPLY', accountId })).length, 1);
  });

  it('a wrong PIN ends the login: the right code afterwards answers 409, and a new login_v2 starts over', async () => {
    const login = await tenant.post('login_v2', { email: 'grace.hopper+pin@example.com', password: 'x' });
    const { accountId, requestId } = login.body;
    await response(requestId);
    assert.equal((await tenant.post('login_code', { accountId, requestId, code: '000000' })).status, 200);
    const failed = await response(requestId);
    assert.deepEqual({ status: failed.status, state: failed.state }, { status: 'WRONG_PIN', state: 'FAILED' });
    const late = await tenant.post('login_code', { accountId, requestId, code: '123456' });
    assert.equal(late.status, 409, JSON.stringify(late.body));
    const again = await tenant.post('login_v2', { email: 'grace.hopper+pin@example.com', password: 'x' });
    assert.equal(again.body.accountId, accountId, 'the same email keeps its accountId');
    await response(again.body.requestId);
    assert.equal((await tenant.post('login_code', { accountId, requestId: again.body.requestId, code: '123456' })).status, 200);
    assert.equal((await response(again.body.requestId)).status, 'SUCCESS');
  });
});
