import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unwrap, Welink, WelinkError } from '@welink/sdk';
import { forEachDialect } from '../helpers/dialects.ts';
import { Front } from './front.ts';
import { startServer, type Credentials, type RunningServer } from './server.ts';

async function rejection(p: Promise<unknown>): Promise<WelinkError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof WelinkError, `a WelinkError, not ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

async function activeAccount(welink: Welink, email = 'ada.lovelace@example.com'): Promise<string> {
  const login = await welink.login_v2({ email, password: 'x' });
  unwrap(await welink.waitFor(login, { timeoutMs: 30_000 }));
  return login.accountId;
}

const RATE_LIMITED = { statusCode: 429, error: 'Too Many Requests', code: 'RATE_LIMITED', message: 'Too many synchronous calls with this API key; retry in 1 s.' };

forEachDialect('sdk: calls, errors, retries and waits against the real server', (env) => {
  let server: RunningServer;
  let front: Front;
  let creds: Credentials;
  let welink: Welink;
  let accountId: string;
  before(async () => {
    server = await startServer(env());
    front = await Front.start(server.url);
    creds = await server.tenant();
    welink = new Welink({ baseUrl: front.url, apiKey: creds.apiKey, apiSecret: creds.apiSecret });
    accountId = await activeAccount(welink);
  });
  after(async () => {
    await front.close();
    await server.close();
  });

  describe('errors', () => {
    it('a wrong secret is the API\'s 401, as a WelinkError', async () => {
      const err = await rejection(server.client({ ...creds, apiSecret: 'wl_secret_wrong' }).get_all_ln_accounts());
      assert.equal(err.statusCode, 401);
      assert.equal(err.code, 'UNAUTHORIZED');
      assert.equal(err.message, 'Missing or invalid x-api-key / x-api-secret headers.');
      assert.equal(err.retryAt, null);
      assert.deepEqual(err.body, { statusCode: 401, error: 'Unauthorized', code: 'UNAUTHORIZED', message: 'Missing or invalid x-api-key / x-api-secret headers.' });
    });

    it('a missing field is VALIDATION_FAILED with the field named', async () => {
      const err = await rejection(welink.connect({ accountId } as never));
      assert.equal(err.statusCode, 400);
      assert.equal(err.code, 'VALIDATION_FAILED');
      assert.deepEqual(err.details, [{ field: 'profile_id', problem: 'is required' }]);
      assert.deepEqual(err.body, {
        statusCode: 400,
        error: 'Bad Request',
        code: 'VALIDATION_FAILED',
        message: 'Invalid request: profile_id is required.',
        details: [{ field: 'profile_id', problem: 'is required' }],
      });
    });

    it('another workspace\'s account is ACCOUNT_NOT_FOUND', async () => {
      const other = server.client(await server.tenant());
      const err = await rejection(other.connect({ accountId, profile_id: 'ACoAAmy-test-1' }));
      assert.equal(err.statusCode, 404);
      assert.equal(err.code, 'ACCOUNT_NOT_FOUND');
    });

    it('an unreachable server is NETWORK_ERROR; a bad input a TypeError before any call', async () => {
      const closed = await Front.start(server.url);
      const url = closed.url;
      await closed.close();
      const err = await rejection(new Welink({ baseUrl: url, apiKey: creds.apiKey, apiSecret: creds.apiSecret, maxRetries: 0 }).get_all_ln_accounts());
      assert.equal(err.statusCode, 0);
      assert.equal(err.code, 'NETWORK_ERROR');
      await assert.rejects(welink.connect(null as never), TypeError);
      await assert.rejects(welink.request('no_such_operation' as never), TypeError);
      assert.throws(() => new Welink({ baseUrl: url, apiKey: '', apiSecret: 'x' }), TypeError);
    });
  });

  describe('Idempotency-Key', () => {
    it('every asynchronous call sends a new key; synchronous calls send none', async () => {
      const a = await welink.visit_profile({ accountId, profile_id: 'ACoAAmy-test-1' });
      const b = await welink.visit_profile({ accountId, profile_id: 'ACoAAmy-test-1' });
      assert.notEqual(a.requestId, b.requestId);
      const keys = front.to('/api/v1/visit_profile').map((s) => s.headers['idempotency-key']);
      assert.equal(keys.length, 2);
      assert.match(String(keys[0]), /^[0-9a-f-]{36}$/);
      assert.notEqual(keys[0], keys[1]);
      await welink.get_all_ln_accounts();
      assert.equal(front.to('/api/v1/get_all_ln_accounts').at(-1)!.headers['idempotency-key'], undefined);
    });

    it('a call whose answer was lost is retried with the same key: one request, not two', async () => {
      front.when('/api/v1/connect', 'forward-then-drop');
      const seenBefore = front.to('/api/v1/connect').length;
      const ack = await welink.connect({ accountId, profile_id: 'ACoAAmy-retried-1', message: 'Hello!' });
      const attempts = front.to('/api/v1/connect').slice(seenBefore);
      assert.equal(attempts.length, 2, 'the first answer was lost, so the SDK tried again');
      assert.equal(attempts[0].headers['idempotency-key'], attempts[1].headers['idempotency-key']);
      const outcome = await welink.waitFor(ack, { timeoutMs: 30_000 });
      assert.equal(outcome.state, 'SUCCESS');
      const sends: string[] = [];
      for await (const e of welink.events()) if (e.type === 'CONNECTION_SENT' && e.payload.event === 'CONNECTION_SENT' && 'profile_id' in e.payload.result && e.payload.result.profile_id === 'ACoAAmy-retried-1') sends.push(String(e.requestId));
      assert.deepEqual(sends, [ack.requestId], 'exactly one invitation was sent');
    });

    it('a key of your own makes a repeated call return the first acknowledgement', async () => {
      const first = await welink.like_post({ accountId, post_url: 'https://www.linkedin.com/feed/update/urn:li:activity:7130000000000000001' }, { idempotencyKey: 'crm-row-42' });
      const again = await welink.like_post({ accountId, post_url: 'https://www.linkedin.com/feed/update/urn:li:activity:7130000000000000001' }, { idempotencyKey: 'crm-row-42' });
      assert.equal(again.requestId, first.requestId);
      const reused = await rejection(welink.like_post({ accountId, post_url: 'https://www.linkedin.com/feed/update/urn:li:activity:7130000000000000002' }, { idempotencyKey: 'crm-row-42' }));
      assert.equal(reused.statusCode, 422);
      assert.equal(reused.code, 'IDEMPOTENCY_KEY_REUSED');
    });
  });

  describe('429 and Retry-After', () => {
    it('a synchronous 429 is retried after Retry-After', async () => {
      front.when('/api/v1/get_all_ln_accounts', { status: 429, headers: { 'retry-after': '1' }, body: RATE_LIMITED });
      const seenBefore = front.to('/api/v1/get_all_ln_accounts').length;
      const accounts = await welink.get_all_ln_accounts();
      assert.deepEqual(accounts.map((a) => a.accountId), [accountId]);
      assert.equal(front.to('/api/v1/get_all_ln_accounts').length - seenBefore, 2);
    });

    it('a Retry-After longer than maxRetryWaitMs is thrown with retryAt instead of waited for', async () => {
      front.when('/api/v1/get_all_ln_accounts', { status: 429, headers: { 'retry-after': '120' }, body: RATE_LIMITED });
      const err = await rejection(new Welink({ baseUrl: front.url, apiKey: creds.apiKey, apiSecret: creds.apiSecret, maxRetryWaitMs: 5000 }).get_all_ln_accounts());
      assert.equal(err.code, 'RATE_LIMITED');
      assert.equal(err.statusCode, 429);
      assert.ok(err.retryAt && err.retryAt.getTime() > Date.now() + 100_000);
    });

    it('waitFor keeps polling through a 429 on get_response', async () => {
      const ack = await welink.get_profile_details({ accountId, profile_id: 'ACoAAmy-test-2' });
      front.when('/api/v1/get_response', { status: 429, headers: { 'retry-after': '1' }, body: RATE_LIMITED });
      const seenBefore = front.to('/api/v1/get_response').length;
      const outcome = await welink.waitFor(ack, { timeoutMs: 30_000 });
      assert.equal(outcome.state, 'SUCCESS');
      assert.ok(front.to('/api/v1/get_response').length - seenBefore >= 2);
    });
  });

  describe('waitFor', () => {
    it('resolves with the typed outcome; an expected failure is a value that unwrap() throws', async () => {
      const ok = await welink.get_connection_status({ accountId, profile_id: 'already-connected-1' }, { wait: true });
      assert.equal(ok.state, 'SUCCESS');
      const failed = await welink.connect({ accountId, profile_id: 'not-found-1' }, { wait: true });
      assert.equal(failed.state, 'FAILED');
      assert.equal(failed.status, 'PROFILE_NOT_FOUND');
      if (failed.state === 'FAILED') assert.equal(failed.error, 'PROFILE_NOT_FOUND');
      const err = await rejection(Promise.resolve().then(() => unwrap(failed)));
      assert.equal(err.code, 'PROFILE_NOT_FOUND');
      assert.equal(err.statusCode, 0);
    });

    it('times out with the last envelope, and sees a cancellation', async () => {
      // "+expire1": the session expires after one action, so the second waits (QUEUED) for a new login.
      const paused = await activeAccount(welink, 'grace.hopper+expire1@example.com');
      unwrap(await welink.visit_profile({ accountId: paused, profile_id: 'ACoAAmy-test-3' }, { wait: true }));
      const waiting = await welink.visit_profile({ accountId: paused, profile_id: 'ACoAAmy-test-4' });
      const wait = welink.waitFor(waiting, { timeoutMs: 2_000, intervalMs: 100 });
      const err = await rejection(wait);
      assert.equal(err.code, 'TIMEOUT');
      assert.equal((err.body as { state: string }).state, 'QUEUED');
      assert.equal((await welink.get_ln_account_details({ accountId: paused })).status, 'PAUSED');
      await welink.cancel_request({ request_id: waiting.requestId });
      const outcome = await welink.waitFor(waiting.requestId, { timeoutMs: 30_000 });
      assert.equal(outcome.state, 'CANCELLED');
    });

    it('an abort signal ends the wait', async () => {
      const paused = await activeAccount(welink, 'alan.turing+expire1@example.com');
      unwrap(await welink.visit_profile({ accountId: paused, profile_id: 'ACoAAmy-test-5' }, { wait: true }));
      const waiting = await welink.visit_profile({ accountId: paused, profile_id: 'ACoAAmy-test-6' });
      const controller = new AbortController();
      const wait = welink.waitFor(waiting, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      assert.equal((await rejection(wait)).code, 'ABORTED');
    });

    it('events({ follow: true }) waits for new events until its signal aborts', async () => {
      let cursor = 0;
      for await (const e of welink.events()) cursor = e.seq;
      const controller = new AbortController();
      const seen: (string | null)[] = [];
      const following = (async () => {
        for await (const e of welink.events({ after: cursor, follow: true, pollIntervalMs: 50, signal: controller.signal })) {
          seen.push(e.requestId);
          if (e.payload.event === 'PROFILE_VIEWED' && 'profile_id' in e.payload.result && e.payload.result.profile_id === 'ACoAAmy-followed-1') controller.abort();
        }
      })();
      const ack = await welink.visit_profile({ accountId, profile_id: 'ACoAAmy-followed-1' });
      await following;
      // Earlier tests' requests may still add events (a pausing account...): ours is the last one seen, once.
      assert.equal(seen.at(-1), ack.requestId);
      assert.equal(seen.filter((id) => id === ack.requestId).length, 1);
    });

    it('REST operations take their path parameters from the input', async () => {
      const ack = await welink.visit_profile({ accountId, profile_id: 'ACoAAmy-test-7' });
      const request = await welink.get_request({ id: ack.requestId });
      assert.equal(request.id, ack.requestId);
      assert.equal(request.action, 'visit_profile');
      const missing = await rejection(welink.get_request({ id: 'req_missing' }));
      assert.equal(missing.code, 'REQUEST_NOT_FOUND');
    });
  });
});

forEachDialect('sdk: the LinkedIn account limit', (env) => {
  let server: RunningServer;
  before(async () => {
    server = await startServer(env(), { rateLimit: 3 });
  });
  after(() => server.close());

  it('an asynchronous 429 is surfaced at once with retryAt, not retried', async () => {
    const front = await Front.start(server.url);
    try {
      const creds = await server.tenant();
      const welink = new Welink({ baseUrl: front.url, apiKey: creds.apiKey, apiSecret: creds.apiSecret });
      const accountId = await activeAccount(welink); // logins do not count toward the hourly limit
      await welink.visit_profile({ accountId, profile_id: 'ACoAAmy-test-1' });
      await welink.visit_profile({ accountId, profile_id: 'ACoAAmy-test-2' });
      await welink.visit_profile({ accountId, profile_id: 'ACoAAmy-test-3' });
      const err = await rejection(welink.visit_profile({ accountId, profile_id: 'ACoAAmy-test-4' }));
      assert.equal(err.statusCode, 429);
      assert.equal(err.code, 'RATE_LIMITED');
      assert.ok(err.retryAt instanceof Date);
      assert.equal(err.retryAt.toISOString(), (err.body as { retryAt: string }).retryAt);
      assert.equal(front.to('/api/v1/visit_profile').length, 4, 'the refused call was sent once');
    } finally {
      await front.close();
    }
  });
});
