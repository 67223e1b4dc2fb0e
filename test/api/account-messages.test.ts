import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachDialect } from '../helpers/dialects.ts';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';

forEachDialect('messages that tell a client what to do next', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  before(async () => {
    t = await testApp(env());
    tenant = await t.tenant();
  });
  after(() => t.close());

  it('an action on a disconnected account says login_v2 gives a new accountId, and that is what happens', async () => {
    const accountId = await loggedInAccount(t, tenant, 'gone.person@example.com');
    assert.equal((await tenant.post('disconnect_account', { accountId })).status, 200);
    const res = await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAgone' });
    assert.deepEqual(res.body, {
      statusCode: 400,
      error: 'Bad Request',
      code: 'ACCOUNT_NOT_ACTIVE',
      message:
        'Linked account not active (status DISCONNECTED). A disconnected account takes no more requests: ' +
        'log the LinkedIn account in again with login_v2, which gives it a new accountId, and use that one.',
    });
    const again = await tenant.post('login_v2', { email: 'gone.person@example.com', password: 'x' });
    assert.equal(again.status, 200);
    assert.notEqual(again.body.accountId, accountId, 'the message matches what login_v2 does');
  });
});
