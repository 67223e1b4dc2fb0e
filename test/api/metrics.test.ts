import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachDialect } from '../helpers/dialects.ts';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';

forEachDialect('/metrics', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  before(async () => {
    t = await testApp(env());
    tenant = await t.tenant();
  });
  after(() => t.close());

  it('counts responses and shows queue depth without tenant data', async () => {
    const accountId = await loggedInAccount(t, tenant, 'metrics.person@example.com');
    await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAm1' });
    await tenant.post('get_response', { request_id: 'req_missing' });
    const res = await t.app.server.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /welink_requests_unfinished\{state="QUEUED"\} 1/);
    assert.match(res.body, /welink_http_responses_total\{code="404",route="\/api\/v1\/get_response"\} 1/);
    assert.match(res.body, /welink_accounts\{status="ACTIVE"\} 1/);
    assert.ok(!res.body.includes(accountId));
    assert.ok(!res.body.includes('metrics.person'));
  });
});
