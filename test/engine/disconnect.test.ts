import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { gatedSandbox } from '../helpers/gated-sandbox.ts';
import { ProviderError } from '../../src/actions/outcome.ts';

/**
 * Disconnecting an account is final: a run that was already in flight when the owner disconnected
 * it finishes into a store where the account stays DISCONNECTED, whatever its outcome would have
 * done to the account (a login makes it ACTIVE, a dead session makes it PAUSED).
 */
forEachDialect('a run finishing after its account was disconnected', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  const gated = gatedSandbox(() => t.app.store.db);
  before(async () => {
    t = await testApp(env(), {}, { providers: { sandbox: gated.provider } });
    tenant = await t.tenant();
  });
  after(() => t.close());

  const accountRow = (id: string) => t.app.store.db.selectFrom('accounts').select(['status', 'secrets']).where('id', '=', id).executeTakeFirstOrThrow();

  /** Starts the engine on the account's next request and waits until that run is held at the gate. */
  // The run's promise is wrapped: returned bare from an async function it would be awaited here, before the gate opens.
  async function disconnectMidRun(accountId: string, gate: { reached: Promise<void> }): Promise<{ running: Promise<number> }> {
    const running = t.app.engine.runDue();
    await gate.reached;
    const res = await tenant.post('disconnect_account', { accountId });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return { running };
  }

  it('a login that succeeds after the disconnect does not make the account ACTIVE again', async () => {
    const gate = gated.hold('login_v2');
    const ack = await tenant.post('login_v2', { email: 'late.login@example.com', password: 'pw' });
    assert.equal(ack.status, 200);
    const { running } = await disconnectMidRun(ack.body.accountId, gate);
    gate.release();
    assert.equal(await running, 1);

    assert.equal((await accountRow(ack.body.accountId)).status, 'DISCONNECTED');
    assert.equal((await tenant.post('get_ln_account_details', { accountId: ack.body.accountId })).status, 404);
    const listed = (await tenant.post('get_all_ln_accounts', {})).body as { accountId?: string; id?: string }[];
    assert.ok(!JSON.stringify(listed).includes(ack.body.accountId), 'not listed');
  });

  it('a run whose session expired after the disconnect does not make the account PAUSED', async () => {
    const accountId = await loggedInAccount(t, tenant, 'late.pause@example.com');
    const gate = gated.hold('visit_profile');
    assert.equal((await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAlate-pause' })).status, 200);
    const { running } = await disconnectMidRun(accountId, gate);
    gate.release({ ok: false, code: 'SESSION_EXPIRED', message: 'The session expired.', pauseAccount: true });
    assert.equal(await running, 1);

    const row = await accountRow(accountId);
    assert.equal(row.status, 'DISCONNECTED');
    assert.equal(row.secrets, null, 'the stored credentials stay deleted');
    assert.equal((await tenant.post('get_ln_account_details', { accountId })).status, 404);
  });

  // A run that ends by going back to the queue (paused session, LinkedIn unreachable, a budget wait)
  // used to leave its request QUEUED on the disconnected account forever: nothing claims that lane.
  for (const [what, outcome] of [
    ['its session expired', { ok: false, code: 'SESSION_EXPIRED', message: 'The session expired.', pauseAccount: true }],
    ['it waits for a budget', { ok: false, code: 'DAILY_PROFILE_VIEW_LIMIT', message: 'Budget spent.', retryAt: Date.UTC(2026, 0, 9) }],
  ] as const) {
    it(`a request whose run ends back in the queue (${what}) after the disconnect is cancelled, not left queued`, async () => {
      const accountId = await loggedInAccount(t, tenant, `late.requeue.${what.length}@example.com`);
      const gate = gated.hold('visit_profile');
      const ack = await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAlate-requeue' });
      const { running } = await disconnectMidRun(accountId, gate);
      gate.release(outcome);
      assert.equal(await running, 1);
      const res = await tenant.post('get_response', { request_id: ack.body.requestId });
      assert.equal(res.body.state, 'CANCELLED', JSON.stringify(res.body));
    });
  }

  it('a request whose run is interrupted by infrastructure trouble after the disconnect is cancelled, not left queued', async () => {
    const accountId = await loggedInAccount(t, tenant, 'late.retry@example.com');
    const gate = gated.hold('visit_profile');
    const ack = await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAlate-retry' });
    const { running } = await disconnectMidRun(accountId, gate);
    gate.fail(new ProviderError('LinkedIn did not answer.', 'LINKEDIN_UNREACHABLE', true));
    assert.equal(await running, 1);
    const res = await tenant.post('get_response', { request_id: ack.body.requestId });
    assert.equal(res.body.state, 'CANCELLED', JSON.stringify(res.body));
  });
});
