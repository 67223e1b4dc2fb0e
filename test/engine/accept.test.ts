import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachDialect } from '../helpers/dialects.ts';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';

forEachDialect('acceptance and get_response', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  let accountId: string;
  before(async () => {
    t = await testApp(env());
    tenant = await t.tenant();
    accountId = await loggedInAccount(t, tenant);
  });
  after(() => t.close());

  it('acknowledges a connection request at once and shows SUCCESS after the engine runs it', async () => {
    const ack = await tenant.post('connect', { accountId, profile_id: 'ACoAAtarget1', message: 'Hi!' });
    assert.equal(ack.status, 200);
    assert.equal(ack.body.status, 'QUEUED');
    assert.equal(ack.body.requestId, ack.body.request_id);
    assert.equal(ack.body.accountId, accountId);
    assert.equal(ack.body.queuePosition, 1);
    assert.match(ack.headers['ratelimit'], /^"hourly";r=\d+;t=\d+$/);
    assert.equal(ack.headers['ratelimit-policy'], '"hourly";q=30;w=3600');

    const before = await tenant.post('get_response', { requestId: ack.body.requestId });
    assert.equal(before.status, 200);
    assert.equal(before.body.status, 'QUEUED');

    await t.app.engine.drain();
    const res = await tenant.post('get_response', { request_id: ack.body.requestId });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'SUCCESS');
    assert.deepEqual(res.body.result.connected, true);
    assert.equal(res.body.result.profile_id, 'ACoAAtarget1');
    assert.equal(res.body.message, null);

    const rest = await tenant.get(`/api/v1/requests/${ack.body.requestId}`);
    assert.equal(rest.status, 200);
    assert.equal(rest.body.state, 'SUCCESS');
    assert.equal(rest.body.attempts, 1);
  });

  it('reports a provider failure with its stable code, We-Link style', async () => {
    const ack = await tenant.post('connect', { accountId, profile_id: 'not-found-1' });
    await t.app.engine.drain();
    const res = await tenant.post('get_response', { requestID: ack.body.requestId });
    assert.equal(res.body.status, 'PROFILE_NOT_FOUND');
    assert.equal(res.body.state, 'FAILED');
    assert.equal(res.body.error, 'PROFILE_NOT_FOUND');
    assert.equal(res.body.message, 'Profile not found');
  });

  it('runs one account in acceptance order and counts queue positions', async () => {
    const acks = [];
    for (let i = 0; i < 3; i++) acks.push(await tenant.post('visit_profile', { accountId, profile_id: `ACoAAorder${i}` }));
    assert.deepEqual(
      acks.map((a) => a.body.queuePosition),
      [1, 2, 3],
    );
    await t.app.engine.runDue();
    const states = await Promise.all(acks.map((a) => tenant.post('get_response', { request_id: a.body.requestId })));
    assert.deepEqual(
      states.map((s) => s.body.state),
      ['SUCCESS', 'QUEUED', 'QUEUED'],
    );
    await t.app.engine.drain();
  });

  it('answers 404 for an unknown request and for another workspace\'s request', async () => {
    const other = await t.tenant();
    const ack = await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAx' });
    const foreign = await other.post('get_response', { request_id: ack.body.requestId });
    const missing = await tenant.post('get_response', { request_id: 'req_nope' });
    assert.equal(foreign.status, 404);
    assert.deepEqual(foreign.body, missing.body);
    assert.deepEqual(missing.body, {
      statusCode: 404,
      error: 'Not Found',
      code: 'REQUEST_NOT_FOUND',
      message: 'No request with this id in this workspace.',
    });
    const foreignAccount = await other.post('connect', { accountId, profile_id: 'ACoAAx' });
    assert.equal(foreignAccount.status, 404);
    assert.equal(foreignAccount.body.code, 'ACCOUNT_NOT_FOUND');
    await t.app.engine.drain();
  });

  it('cancels a queued request, and refuses to cancel a finished one', async () => {
    const ack = await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAcancel' });
    const c = await tenant.post('cancel_request', { request_id: ack.body.requestId });
    assert.equal(c.status, 200);
    assert.equal(c.body.state, 'CANCELLED');
    const again = await tenant.post('cancel_request', { request_id: ack.body.requestId });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'REQUEST_NOT_CANCELLABLE');
    await t.app.engine.drain();
    const res = await tenant.post('get_response', { request_id: ack.body.requestId });
    assert.equal(res.body.state, 'CANCELLED');
  });

  it('validates every action body and names the field, storing nothing', async () => {
    const count = async () => Number((await t.app.store.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const n0 = await count();
    const cases: Array<[string, unknown, string]> = [
      ['connect', { accountId }, 'profile_id'],
      ['connect', { profile_id: 'x' }, 'accountId'],
      ['connect', { accountId, profile_id: 42 }, 'profile_id'],
      ['send_message_to_profile_id', { accountId, profile_id: 'x' }, 'message'],
      ['send_message_to_profile_id', { accountId, profile_id: 'x', message: '' }, 'message'],
      ['visit_profile', { accountId: 7 }, 'accountId'],
      ['login_v2', { email: 'nope' }, 'email'],
      ['login_v2', { email: 'a@b.c' }, 'password'],
      ['connect', [], 'body'],
      ['connect', 'null', 'body'],
    ];
    for (const [path, body, field] of cases) {
      const res = await tenant.post(path, body);
      assert.equal(res.status, 400, `${path} ${JSON.stringify(body)}`);
      assert.equal(res.body.code, 'VALIDATION_FAILED');
      assert.ok(
        res.body.details.some((d: { field: string }) => d.field === field),
        `${path} ${JSON.stringify(body)} should name ${field}: ${JSON.stringify(res.body.details)}`,
      );
    }
    assert.equal(await count(), n0);
  });
});
