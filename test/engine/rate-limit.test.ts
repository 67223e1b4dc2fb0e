import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachDialect } from '../helpers/dialects.ts';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';

forEachDialect('rolling-hour rate limit', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  before(async () => {
    t = await testApp(env());
    tenant = await t.tenant();
  });
  after(() => t.close());

  it('accepts 30, refuses the 31st with the exact Retry-After, and frees the slot exactly on time', async () => {
    // The login does not count (account management): the first visit is the first counted request.
    const accountId = await loggedInAccount(t, tenant, 'rate.one@example.com');
    const firstAt = t.clock.now();
    const acks = [];
    for (let i = 0; i < 30; i++) {
      acks.push(await tenant.post('visit_profile', { accountId, profile_id: `ACoAAr${i}` }));
      t.clock.advance(1000);
    }
    assert.ok(acks.every((a) => a.status === 200));
    assert.equal(acks[29].headers.ratelimit.split(';')[1], 'r=0');

    // 30 s after the first visit: its slot frees an hour after it, 3,570 s from now.
    assert.equal(t.clock.now(), firstAt + 30_000);
    const refused = await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAover' });
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'RATE_LIMITED');
    assert.equal(refused.body.statusCode, 429);
    assert.equal(refused.body.error, 'Too Many Requests');
    const frees = firstAt + 3600 * 1000;
    assert.equal(refused.headers['retry-after'], '3570');
    assert.equal(refused.body.retryAt, new Date(frees).toISOString());

    // One millisecond before the slot frees: still refused.
    t.clock.set(frees - 1);
    assert.equal((await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAearly' })).status, 429);
    // Exactly when the oldest request turns 60 minutes old: accepted.
    t.clock.set(frees);
    const ok = await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAontime' });
    assert.equal(ok.status, 200);
    // And the window is full again.
    assert.equal((await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAagain' })).status, 429);

    const stored = await t.app.store.db
      .selectFrom('requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('accepted_at', '>', t.clock.now() - 3600 * 1000)
      .executeTakeFirstOrThrow();
    assert.equal(Number(stored.n), 30);
  });

  it('replays and invalid bodies do not consume the limit; accounts are independent', async () => {
    const a = await loggedInAccount(t, tenant, 'rate.two@example.com');
    const b = await loggedInAccount(t, tenant, 'rate.three@example.com');
    for (let i = 0; i < 10; i++) {
      await tenant.post('visit_profile', { accountId: a, profile_id: 'ACoAAsame' }, { 'idempotency-key': 'replayed' });
      await tenant.post('visit_profile', { accountId: a });
    }
    const details = await tenant.post('get_ln_account_details', { accountId: a });
    assert.equal(details.body.rateLimit.remaining, 29); // one visit (the login does not count)
    for (let i = 0; i < 30; i++) assert.equal((await tenant.post('visit_profile', { accountId: b, profile_id: `ACoAAb${i}` })).status, 200);
    assert.equal((await tenant.post('visit_profile', { accountId: b, profile_id: 'ACoAAb-over' })).status, 429);
    assert.equal((await tenant.post('visit_profile', { accountId: a, profile_id: 'ACoAAa-fine' })).status, 200);
  });

  it('a 429 is never stored under an Idempotency-Key', async () => {
    const c = await loggedInAccount(t, tenant, 'rate.four@example.com');
    for (let i = 0; i < 30; i++) await tenant.post('visit_profile', { accountId: c, profile_id: `ACoAAc${i}` });
    const refused = await tenant.post('visit_profile', { accountId: c, profile_id: 'ACoAAk' }, { 'idempotency-key': 'after-429' });
    assert.equal(refused.status, 429);
    t.clock.advance(3600 * 1000);
    const later = await tenant.post('visit_profile', { accountId: c, profile_id: 'ACoAAk' }, { 'idempotency-key': 'after-429' });
    assert.equal(later.status, 200);
    assert.equal(later.headers['idempotent-replayed'], undefined);
  });

  it('logins do not count toward the hourly limit: an account whose window is full can still log in again', async () => {
    const d = await loggedInAccount(t, tenant, 'rate.five@example.com');
    for (let i = 0; i < 30; i++) assert.equal((await tenant.post('visit_profile', { accountId: d, profile_id: `ACoAAd${i}` })).status, 200);
    assert.equal((await tenant.post('visit_profile', { accountId: d, profile_id: 'ACoAAd-over' })).status, 429);
    const again = await tenant.post('login_v2', { email: 'rate.five@example.com', password: 'pw' });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.accountId, d);
    assert.equal((await tenant.post('get_ln_account_details', { accountId: d })).body.rateLimit.remaining, 0);
  });

  it('at most 3 credential logins per account per hour: the 4th answers 429 LOGIN_RATE_LIMITED with Retry-After, and nothing is written', async () => {
    const email = 'rate.six@example.com';
    const first = t.clock.now();
    const accountId = await loggedInAccount(t, tenant, email);
    t.clock.advance(60_000);
    for (let i = 0; i < 2; i++) {
      assert.equal((await tenant.post('login_v2', { email, password: 'pw' })).status, 200);
      await t.app.engine.drain();
      t.clock.advance(60_000);
    }
    const before = await t.app.store.db.selectFrom('accounts').select(['secrets', 'status']).where('id', '=', accountId).executeTakeFirstOrThrow();
    const refused = await tenant.post('login_v2', { email, password: 'another-password' });
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'LOGIN_RATE_LIMITED');
    assert.equal(refused.body.retryAt, new Date(first + 3600_000).toISOString());
    assert.equal(refused.headers['retry-after'], String((first + 3600_000 - t.clock.now()) / 1000));
    const after = await t.app.store.db.selectFrom('accounts').select(['secrets', 'status']).where('id', '=', accountId).executeTakeFirstOrThrow();
    assert.deepEqual(after, before, 'the refused login changed nothing (not even the stored password)');
    t.clock.set(first + 3600_000);
    assert.equal((await tenant.post('login_v2', { email, password: 'pw' })).status, 200, 'the oldest login left the hour');
  });
});
