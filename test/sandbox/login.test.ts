import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { TestApp, Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { account, eventsOf, ok, run, sandboxApp } from '../helpers/sandbox.ts';
import { world } from '../helpers/sandbox-world.ts';

forEachDialect('sandbox: login magic inputs and expired sessions', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  before(async () => {
    t = await sandboxApp(env());
    tenant = await t.tenant();
  });
  after(() => t.close());

  const details = async (accountId: string) => (await tenant.post('get_ln_account_details', { accountId })).body;

  it('any email and password log in at once (LOGIN_SUCCESS) with the world member of that email', async () => {
    const r = await run(t, tenant, 'login_v2', { email: 'Marie.Curie@Example.com', password: 'anything' });
    const self = world().selfFor('marie.curie@example.com');
    assert.deepEqual(r.res.body.result, {
      first_name: 'Marie',
      last_name: 'Curie',
      profile_id: self.profile_id,
      public_identifier: self.public_identifier,
      premium: false,
      occupation: self.occupation,
      email: 'marie.curie@example.com',
      headline: self.headline,
      location: self.location.name,
    });
    const ev = await eventsOf(t, { requestId: r.requestId });
    assert.equal(ev[0].type, 'LOGIN_SUCCESS');
    assert.equal((await details(r.ack.body.accountId)).status, 'ACTIVE');
    const me = await tenant.post('me', { accountId: r.ack.body.accountId });
    assert.equal(me.body.result.full_name, 'Marie Curie');
    assert.equal(me.body.result.headline, self.headline);
    const premium = await ok(t, tenant, 'login_v2', { email: 'marie.curie+premium@example.com', password: 'x' });
    assert.equal(premium.premium, true);
  });

  it('"+pin" asks for a PIN (LOGIN_PIN_REQUIRED); 123456 completes it, another code fails WRONG_PIN', async () => {
    const r = await run(t, tenant, 'login_v2', { email: 'pierre.curie+pin@example.com', password: 'x' });
    assert.equal(r.res.body.status, 'PIN_REQUIRED');
    assert.equal((await eventsOf(t, { requestId: r.requestId }))[0].type, 'LOGIN_PIN_REQUIRED');
    const accountId = r.ack.body.accountId;
    assert.equal((await details(accountId)).status, 'PIN_REQUIRED');

    const wrong = await tenant.post('login_code', { accountId, requestId: r.requestId, code: '000000' });
    assert.equal(wrong.status, 200);
    await t.app.engine.drain();
    const failed = await tenant.post('get_response', { request_id: r.requestId });
    assert.equal(failed.body.status, 'WRONG_PIN');

    const again = await run(t, tenant, 'login_v2', { email: 'pierre.curie+pin@example.com', password: 'x' });
    assert.equal(again.ack.body.accountId, accountId, 'same account reconnected');
    await tenant.post('login_code', { accountId, requestID: again.requestId, code: '123456' });
    await t.app.engine.drain();
    const done = await tenant.post('get_response', { request_id: again.requestId });
    assert.equal(done.body.status, 'SUCCESS');
    assert.equal((await eventsOf(t, { requestId: again.requestId })).at(-1)!.type, 'LOGIN_SUCCESS');
    assert.equal((await details(accountId)).status, 'ACTIVE');
  });

  for (const [what, body, code] of [
    ['the password "wrong-password"', { email: 'a.b@example.com', password: 'wrong-password' }, 'WRONG_PASSWORD'],
    ['"+checkpoint"', { email: 'c.d+checkpoint@example.com', password: 'x' }, 'CHECKPOINT_REQUIRED'],
    ['"+restricted"', { email: 'e.f+restricted@example.com', password: 'x' }, 'ACCOUNT_RESTRICTED'],
    ['"+proxyerror"', { email: 'g.h+proxyerror@example.com', password: 'x' }, 'PROXY_ERROR'],
    ['a proxy host on .invalid', { email: 'i.j@example.com', password: 'x', proxy: { host: 'proxy.invalid', port: 8080 } }, 'PROXY_ERROR'],
  ] as const) {
    it(`${what} fails the login with ${code} (LOGIN_FAILED)`, async () => {
      const r = await run(t, tenant, 'login_v2', body);
      assert.equal(r.res.body.status, code);
      assert.equal(r.res.body.state, 'FAILED');
      assert.equal((await eventsOf(t, { requestId: r.requestId }))[0].type, 'LOGIN_FAILED');
      const d = await details(r.ack.body.accountId);
      assert.deepEqual([d.status, d.statusReason], ['LOGIN_FAILED', code]);
    });
  }

  it('"+expire2": the session expires after two actions; the account pauses (SESSION_EXPIRED) and login_v2 resumes its requests', async () => {
    const email = 'ada.byron+expire2@example.com';
    const acc = await account(t, tenant, email);
    const acks: string[] = [];
    for (let i = 0; i < 4; i++) acks.push((await tenant.post('visit_profile', { accountId: acc, profile_id: `ACoAAexp${i}` })).body.requestId);
    await t.app.engine.drain();
    const states = async () => Promise.all(acks.map(async (id) => (await tenant.post('get_response', { request_id: id })).body.state));
    assert.deepEqual(await states(), ['SUCCESS', 'SUCCESS', 'QUEUED', 'QUEUED']);
    const d = await details(acc);
    assert.deepEqual([d.status, d.statusReason], ['PAUSED', 'SESSION_EXPIRED']);
    const paused = await eventsOf(t, { type: 'ACCOUNT_PAUSED', accountId: acc });
    assert.equal(paused.length, 1);
    assert.equal((await tenant.post('me', { accountId: acc })).status, 400);

    await ok(t, tenant, 'login_v2', { email, password: 'x' });
    assert.deepEqual(await states(), ['SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS']);
  });
});
