import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ProviderError } from '../../src/actions/outcome.ts';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { gatedSandbox } from '../helpers/gated-sandbox.ts';
import { stampEvents } from '../../src/store/event-seq.ts';

/**
 * How the engine protects an account when LinkedIn pushes back, through the sandbox's magic profiles
 * (`throttled...`: HTTP 429 on a request's first run; `bot-suspicion...`: 999) and welink's own
 * budgets. The live provider's side (which LinkedIn answers become which hold) is tested against the
 * fake LinkedIn in test/live.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;

forEachDialect('account safety: holds, budgets, order, logins', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  const gated = gatedSandbox(() => t.app.store.db);
  before(async () => {
    t = await testApp(env(), { rateLimit: 1000 }, { providers: { sandbox: gated.provider } });
    tenant = await t.tenant();
  });
  after(() => t.close());

  const response = async (id: string) => (await tenant.post('get_response', { request_id: id })).body;
  const started = (id: string) => t.app.store.db.selectFrom('requests').select(['started_at', 'attempts', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
  const events = async (accountId: string, type: string) =>
    (await stampEvents(t.app.store.db), await t.app.store.db.selectFrom('events').select('payload').where('account_id', '=', accountId).where('type', '=', type).orderBy('seq').execute()).map((e) => JSON.parse(e.payload));
  const visit = async (accountId: string, profile_id: string) => {
    const ack = await tenant.post('visit_profile', { accountId, profile_id });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    return ack.body.requestId as string;
  };

  // The manual clock stands still during a drain, so started_at cannot tell the order: the events
  // of the visits, numbered in commit order, can.
  const viewedInOrder = async (ids: string[]) => {
    await stampEvents(t.app.store.db);
    const rows = await t.app.store.db.selectFrom('events').select('request_id').where('request_id', 'in', ids).where('type', '=', 'PROFILE_VIEWED').orderBy('seq').execute();
    return rows.map((r) => r.request_id);
  };

  it('a 429 holds the whole account for 15 minutes: nothing of it runs until then, whatever the pacing; then its requests run in acceptance order', async () => {
    const accountId = await loggedInAccount(t, tenant, 'held.429@example.com');
    const first = await visit(accountId, 'throttled-1');
    const second = await visit(accountId, 'ACoAAafter-1');
    const third = await visit(accountId, 'ACoAAafter-2');
    const heldAt = t.clock.now();
    await t.app.engine.drain();

    assert.equal((await started(second)).started_at, null, 'nothing else of the account ran');
    assert.equal((await started(third)).started_at, null);
    const details = (await tenant.post('get_ln_account_details', { accountId })).body;
    assert.deepEqual(details.holds, [{ scope: 'account', code: 'LINKEDIN_THROTTLED', until: new Date(heldAt + 15 * MIN).toISOString() }]);
    const waiting = await response(first);
    assert.equal(waiting.state, 'QUEUED');
    assert.deepEqual([waiting.waitingFor.code, waiting.waitingFor.until], ['LINKEDIN_THROTTLED', new Date(heldAt + 15 * MIN).toISOString()]);
    assert.equal((await tenant.get(`/api/v1/requests/${second}`)).body.waitingFor.code, 'LINKEDIN_THROTTLED');
    const [held] = await events(accountId, 'ACCOUNT_HELD');
    assert.deepEqual([held.status, held.scope, held.until], ['LINKEDIN_THROTTLED', 'account', new Date(heldAt + 15 * MIN).toISOString()]);

    t.clock.advance(15 * MIN - 1);
    assert.equal(await t.app.engine.drain(), 0, 'still held a millisecond before the end');
    t.clock.advance(1);
    await t.app.engine.drain();
    const rows = await Promise.all([first, second, third].map(started));
    assert.deepEqual(rows.map((r) => r.status), ['SUCCESS', 'SUCCESS', 'SUCCESS']);
    assert.deepEqual(await viewedInOrder([first, second, third]), [first, second, third], 'in acceptance order');
    assert.deepEqual((await tenant.post('get_ln_account_details', { accountId })).body.holds, []);
  });

  it('a repeated 429 within a day doubles the hold', async () => {
    const accountId = await loggedInAccount(t, tenant, 'held.twice@example.com');
    await visit(accountId, 'throttled-a');
    await t.app.engine.drain();
    t.clock.advance(15 * MIN);
    await visit(accountId, 'throttled-b');
    await t.app.engine.drain(); // the first runs through, the second meets a 429 again
    const holds = (await tenant.post('get_ln_account_details', { accountId })).body.holds;
    assert.deepEqual(holds, [{ scope: 'account', code: 'LINKEDIN_THROTTLED', until: new Date(t.clock.now() + 30 * MIN).toISOString() }]);
  });

  it('a 999 holds the account for 6 hours; a second 999 within a day pauses it until its owner resumes it', async () => {
    const accountId = await loggedInAccount(t, tenant, 'held.999@example.com');
    const a = await visit(accountId, 'bot-suspicion-1');
    await t.app.engine.drain();
    assert.deepEqual((await tenant.post('get_ln_account_details', { accountId })).body.holds, [
      { scope: 'account', code: 'LINKEDIN_BOT_SUSPICION', until: new Date(t.clock.now() + 6 * HOUR).toISOString() },
    ]);
    t.clock.advance(6 * HOUR);
    const b = await visit(accountId, 'bot-suspicion-2');
    await t.app.engine.drain();
    assert.equal((await response(a)).state, 'SUCCESS');
    const details = (await tenant.post('get_ln_account_details', { accountId })).body;
    assert.deepEqual([details.status, details.statusReason], ['PAUSED', 'LINKEDIN_THROTTLED']);
    assert.equal((await response(b)).waitingFor.code, 'ACCOUNT_PAUSED');
    assert.equal((await events(accountId, 'ACCOUNT_PAUSED'))[0].status, 'LINKEDIN_THROTTLED');
    t.clock.advance(48 * HOUR);
    assert.equal(await t.app.engine.drain(), 0, 'a paused account waits for its owner, not for the clock');
    assert.equal((await tenant.post('resume_account', { accountId })).status, 200);
    await t.app.engine.drain();
    assert.equal((await response(b)).state, 'SUCCESS');
  });

  it("welink's own budget (set with update_account_settings) holds only its category: the third view waits, a search goes on", async () => {
    const accountId = await loggedInAccount(t, tenant, 'budget.views@example.com');
    const set = await tenant.post('update_account_settings', { accountId, budgets: { profile_views: { daily: 2 } } });
    assert.deepEqual(set.body.budgets, { profile_views: { daily: 2 } });
    const firstAt = t.clock.now();
    const views = [];
    for (let i = 0; i < 3; i++) {
      views.push(await visit(accountId, `ACoAAbudget-${i}`));
      await t.app.engine.drain();
      t.clock.advance(MIN);
    }
    const search = await tenant.post('search_people', { accountId, keywords: 'engineer' });
    const fourth = await visit(accountId, 'ACoAAbudget-3');
    await t.app.engine.drain();

    assert.deepEqual(await Promise.all(views.map(async (id) => (await response(id)).state)), ['SUCCESS', 'SUCCESS', 'QUEUED']);
    assert.equal((await response(search.body.requestId)).state, 'SUCCESS', 'another category goes on');
    const frees = new Date(firstAt + 24 * HOUR).toISOString();
    for (const id of [views[2], fourth]) {
      const w = (await response(id)).waitingFor;
      assert.deepEqual([w.code, w.until], ['BUDGET_SPENT', frees]);
    }
    const details = (await tenant.post('get_ln_account_details', { accountId })).body;
    assert.deepEqual(details.budgets.find((b: { name: string }) => b.name === 'profile_views_daily'), {
      name: 'profile_views_daily',
      category: 'profile_views',
      window: 'daily',
      used: 2,
      limit: 2,
      resetsAt: frees,
    });
    const [held] = await events(accountId, 'ACCOUNT_HELD');
    assert.deepEqual([held.status, held.scope, held.until], ['BUDGET_SPENT', 'profile_views', frees]);

    t.clock.set(firstAt + 24 * HOUR);
    await t.app.engine.drain();
    assert.equal((await response(views[2])).state, 'SUCCESS');
    assert.equal((await response(fourth)).state, 'QUEUED', 'the budget frees one view at a time');
  });

  it('a LinkedIn refusal of one category (the weekly invitation limit) holds its requests without calling LinkedIn again, while the others run', async () => {
    const accountId = await loggedInAccount(t, tenant, 'weekly.limit@example.com');
    const gate = gated.hold('connect');
    const limited = await tenant.post('connect', { accountId, profile_id: 'ACoAAinvite-1' });
    const running = t.app.engine.runDue();
    await gate.reached;
    gate.release({ ok: false, code: 'WEEKLY_INVITATION_LIMIT', message: "LinkedIn's weekly invitation limit is reached.", categoryHold: { category: 'invitations' } });
    await running;
    const later = await tenant.post('connect', { accountId, profile_id: 'ACoAAinvite-2' });
    const view = await visit(accountId, 'ACoAAstill-viewing');
    await t.app.engine.drain();

    const until = new Date(t.clock.now() + 3 * 24 * HOUR).toISOString();
    for (const id of [limited.body.requestId, later.body.requestId]) {
      const r = await response(id);
      assert.deepEqual([r.state, r.waitingFor.code, r.waitingFor.until], ['QUEUED', 'WEEKLY_INVITATION_LIMIT', until]);
    }
    assert.equal((await response(view)).state, 'SUCCESS');
    const effects = await t.app.store.db.selectFrom('sandbox_effects').select('kind').where('account_id', '=', accountId).where('kind', 'like', '%invitation%').execute();
    assert.deepEqual(effects, [], 'no invitation was sent while held');

    t.clock.advance(3 * 24 * HOUR);
    await t.app.engine.drain();
    assert.equal((await response(limited.body.requestId)).state, 'SUCCESS', 'the probe after the hold goes through');
    assert.equal((await response(later.body.requestId)).state, 'SUCCESS');
  });

  it('a request backing off after a temporary error keeps its place: later requests of the account do not overtake it', async () => {
    const accountId = await loggedInAccount(t, tenant, 'backoff.order@example.com');
    const gate = gated.hold('visit_profile');
    const first = await visit(accountId, 'ACoAAflaky');
    const second = await visit(accountId, 'ACoAAbehind');
    const running = t.app.engine.runDue();
    await gate.reached;
    gate.fail(new ProviderError('LinkedIn did not answer.', 'LINKEDIN_UNREACHABLE', true));
    await running;
    await t.app.engine.drain();
    assert.equal((await started(second)).started_at, null, 'the later request waits behind the one backing off');
    const w = (await tenant.get(`/api/v1/requests/${first}`)).body.waitingFor;
    assert.equal(w.code, 'RETRY_BACKOFF');
    t.clock.set(Date.parse(w.until));
    await t.app.engine.drain();
    const [a, b] = await Promise.all([first, second].map(started));
    assert.deepEqual([a.status, b.status], ['SUCCESS', 'SUCCESS']);
    assert.deepEqual(await viewedInOrder([first, second]), [first, second]);
  });

  it('a login meeting a network failure ends LINKEDIN_UNREACHABLE at once: the credentials are never posted twice', async () => {
    const gate = gated.hold('login_v2');
    const ack = await tenant.post('login_v2', { email: 'login.once@example.com', password: 'pw' });
    const running = t.app.engine.runDue();
    await gate.reached;
    gate.fail(new ProviderError('The connection was cut during the credential POST.', 'LINKEDIN_UNREACHABLE', true));
    await running;
    t.clock.advance(HOUR);
    await t.app.engine.drain();
    const r = await response(ack.body.requestId);
    assert.deepEqual([r.state, r.status], ['FAILED', 'LINKEDIN_UNREACHABLE']);
    assert.equal((await started(ack.body.requestId)).attempts, 1, 'run once');
  });

  it('a login whose worker died mid-run is not run again: LOGIN_INTERRUPTED', async () => {
    const gate = gated.hold('login_v2');
    const ack = await tenant.post('login_v2', { email: 'login.interrupted@example.com', password: 'pw' });
    const running = t.app.engine.runDue();
    await gate.reached;
    // The worker "dies" with the login in flight: its leases pass to nobody and expire.
    const dead = { lease_owner: 'wrk_dead', lease_until: t.clock.now() - 1 };
    await t.app.store.db.updateTable('requests').set(dead).where('id', '=', ack.body.requestId).execute();
    await t.app.store.db.updateTable('accounts').set(dead).where('id', '=', ack.body.accountId).execute();
    gate.release();
    await running; // its late outcome is not recorded: the lease is no longer its own
    assert.equal(await t.app.engine.sweepExpired(), 1);
    await t.app.engine.drain();
    const r = await response(ack.body.requestId);
    assert.deepEqual([r.state, r.status], ['FAILED', 'LOGIN_INTERRUPTED']);
  });
});
