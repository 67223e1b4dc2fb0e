import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProviderError } from '../../src/actions/outcome.ts';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { gatedSandbox } from '../helpers/gated-sandbox.ts';

/**
 * The edges of account holds (engine/transitions/holds.ts) through the sandbox's `throttled...`
 * profiles (HTTP 429 on a request's first run): the doubling stops at a day, and with pacing on
 * (the default) a hold and the pause between actions both apply, as does the pause after a failed
 * call that is retried. The Retry-After side is tested against the fake LinkedIn (live/live-safety).
 */

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;

forEachDialect('account holds: edges', (env) => {
  const visitor = (t: () => TestApp, tenant: () => Tenant) => async (accountId: string, profile_id: string) => {
    const ack = await tenant().post('visit_profile', { accountId, profile_id });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    return ack.body.requestId as string;
  };
  const state = (t: TestApp, id: string) => t.app.store.db.selectFrom('requests').select(['status', 'started_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const nextRunAt = async (t: TestApp, accountId: string) => Number((await t.app.store.db.selectFrom('accounts').select('next_run_at').where('id', '=', accountId).executeTakeFirstOrThrow()).next_run_at);

  describe('the doubling stops at 24 hours', () => {
    let t: TestApp;
    let tenant: Tenant;
    before(async () => {
      // 16 hours after a first 429: the repeat would be 32 hours, more than a day.
      t = await testApp(env(), { rateLimit: 1000, holdAfter429Minutes: 16 * 60 });
      tenant = await t.tenant();
    });
    after(() => t.close());

    it('a second 429 within a day holds the account for 24 hours, not twice 16', async () => {
      const visit = visitor(() => t, () => tenant);
      const accountId = await loggedInAccount(t, tenant, 'capped.hold@example.com');
      await visit(accountId, 'throttled-first');
      await t.app.engine.drain();
      const holds = async () => (await tenant.post('get_ln_account_details', { accountId })).body.holds;
      assert.deepEqual(await holds(), [{ scope: 'account', code: 'LINKEDIN_THROTTLED', until: new Date(t.clock.now() + 16 * HOUR).toISOString() }]);
      t.clock.advance(16 * HOUR);
      await visit(accountId, 'throttled-second');
      await t.app.engine.drain(); // the first runs through, the second meets a 429 within the day
      assert.deepEqual(await holds(), [{ scope: 'account', code: 'LINKEDIN_THROTTLED', until: new Date(t.clock.now() + 24 * HOUR).toISOString() }]);
    });
  });

  describe('with pacing on (the default pause of 45 to 300 s between actions)', () => {
    let t: TestApp;
    let tenant: Tenant;
    const gated = gatedSandbox(() => t.app.store.db);
    before(async () => {
      t = await testApp(env(), { rateLimit: 1000, pacing: 'on' }, { providers: { sandbox: gated.provider } });
      tenant = await t.tenant();
    });
    after(() => t.close());

    it('a 429 holds the account for 15 minutes; after it the held request runs, and the next one still waits for its pause', async () => {
      const visit = visitor(() => t, () => tenant);
      const accountId = await loggedInAccount(t, tenant, 'paced.hold@example.com');
      const first = await visit(accountId, 'throttled-paced');
      const second = await visit(accountId, 'ACoAApaced-after');
      await t.app.engine.drain();
      const until = t.clock.now() + 15 * MIN;
      assert.equal(await nextRunAt(t, accountId), until, 'the hold, not a pause, decides when the account acts again');

      t.clock.set(until - 1);
      assert.equal(await t.app.engine.drain(), 0, 'held to the millisecond');
      t.clock.set(until);
      assert.equal(await t.app.engine.runDue(), 1);
      assert.equal((await state(t, first)).status, 'SUCCESS');
      assert.equal((await state(t, second)).status, 'QUEUED', 'the hold ending is no reason to skip the pause');
      const paused = (await nextRunAt(t, accountId)) - until;
      assert.ok(paused >= 45 * SEC && paused <= 300 * SEC, `pause of ${paused} ms`);
      t.clock.set(until + paused - 1);
      assert.equal(await t.app.engine.drain(), 0);
      t.clock.set(until + paused);
      await t.app.engine.drain();
      assert.equal((await state(t, second)).status, 'SUCCESS');
    });

    it('a call that failed (a 5xx, a cut connection) is retried after the pause between actions, not 1 to 3 seconds later', async () => {
      const visit = visitor(() => t, () => tenant);
      const accountId = await loggedInAccount(t, tenant, 'paced.retry@example.com');
      const gate = gated.hold('visit_profile');
      const id = await visit(accountId, 'ACoAAflaky-paced');
      const failedAt = t.clock.now();
      const running = t.app.engine.runDue();
      await gate.reached;
      gate.fail(new ProviderError('LinkedIn answered HTTP 503.', 'LINKEDIN_UNAVAILABLE', true));
      await running;
      const w = (await tenant.get(`/api/v1/requests/${id}`)).body.waitingFor;
      assert.equal(w.code, 'RETRY_BACKOFF');
      const wait = Date.parse(w.until) - failedAt;
      assert.ok(wait >= 45 * SEC && wait <= 300 * SEC, `retried ${wait} ms after the failure`);
      assert.equal(await nextRunAt(t, accountId), Date.parse(w.until), 'the lane waits with it');
      t.clock.set(Date.parse(w.until) - 1);
      assert.equal(await t.app.engine.drain(), 0);
      t.clock.set(Date.parse(w.until));
      await t.app.engine.drain();
      assert.equal((await state(t, id)).status, 'SUCCESS');
    });
  });
});
