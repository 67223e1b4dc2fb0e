import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachDialect } from '../helpers/dialects.ts';
import { loggedInAccount, testApp, type TestApp } from '../helpers/app.ts';
forEachDialect('claim limit', (env) => {
  let t: TestApp;
  before(async () => { t = await testApp(env()); });
  after(() => t.close());
  it('claims at most n lanes', async () => {
    const tenant = await t.tenant();
    const ids = [];
    for (let i = 0; i < 10; i++) ids.push(await loggedInAccount(t, tenant, `c${i}.x@example.com`));
    for (const a of ids) await tenant.post('visit_profile', { accountId: a, profile_id: 'ACoAAt' });
    const n = await t.app.engine.runDue(3);
    assert.equal(n, 3);
    await t.app.engine.drain();
  });
});
