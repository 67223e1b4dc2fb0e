import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProviderError } from '../../src/actions/outcome.ts';
import { seededRandom } from '../../src/lib/random.ts';
import type { TestApp, Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import type { FakeLinkedIn } from '../helpers/fake-linkedin/server.ts';
import { liveApp } from '../helpers/live-app.ts';
import { harness, seededFakePerTest } from '../helpers/live-harness.ts';
import { ADA, BOB, CAROL } from '../helpers/live-world.ts';

/**
 * The provider side of account safety (issue 12, section 1): LinkedIn's pushback comes back as a
 * failure that says precisely what happened (the engine holds the account or the category), no
 * handler insists after it, a login never posts the credentials twice, and the calls of one action
 * are spaced like a person's clicks.
 */
describe('LinkedIn pushback, as the provider reports it', () => {
  let fake: FakeLinkedIn;
  seededFakePerTest((f) => (fake = f));

  it('429: RATE_LIMITED holding the whole account (THROTTLED), retryAt from Retry-After, and no further call', async () => {
    const { provider, ctx } = harness(fake);
    fake.failNext(/identity\/dash\/profiles/, { status: 429, body: { status: 429 }, headers: { 'retry-after': '600' } });
    const c = ctx();
    const r = (await provider.run.connect(c, { profile_id: CAROL })) as any;
    assert.deepEqual(
      { code: r.code, accountHold: r.accountHold, retryAt: r.retryAt },
      { code: 'RATE_LIMITED', accountHold: 'THROTTLED', retryAt: c.now + 600_000 },
    );
    assert.equal(fake.calls().length, 1, 'the invitation is not sent after a throttled profile read');
    assert.equal(fake.state.pendingBetween(ADA, CAROL), undefined);
  });

  it('999: RATE_LIMITED holding the account for bot suspicion; an HTTP-date Retry-After is read too', async () => {
    const { provider, ctx } = harness(fake);
    const c = ctx();
    const at = new Date(c.now + 7200_000).toUTCString();
    fake.failNext(/voyagerMessagingGraphQL/, { status: 999, body: {}, headers: { 'retry-after': at } });
    const r = (await provider.run.personal_message_threads(c, {})) as any;
    assert.deepEqual({ code: r.code, accountHold: r.accountHold, retryAt: r.retryAt }, { code: 'RATE_LIMITED', accountHold: 'BOT_SUSPICION', retryAt: Date.parse(at) });
  });

  it('the weekly invitation limit holds the invitations (FUSE_LIMIT_EXCEEDED and its kin), the note quota holds notes', async () => {
    const { provider, ctx } = harness(fake);
    fake.state.inviteBudget.set(ADA, 0);
    const weekly = (await provider.run.connect(ctx(), { profile_id: CAROL })) as any;
    assert.deepEqual(
      { code: weekly.code, categoryHold: weekly.categoryHold, accountHold: weekly.accountHold, linkedin: weekly.result.linkedin_code },
      { code: 'WEEKLY_INVITATION_LIMIT', categoryHold: { category: 'invitations' }, accountHold: undefined, linkedin: 'FUSE_LIMIT_EXCEEDED' },
    );
    fake.state.inviteBudget.delete(ADA);
    fake.state.pendingInvitationCap = 1;
    assert.deepEqual(((await provider.run.connect(ctx(), { profile_id: CAROL })) as any).categoryHold, { category: 'invitations' });
    fake.state.pendingInvitationCap = Infinity;
    fake.state.noteBudget.set(ADA, 0);
    const c = ctx();
    fake.failNext(/verifyQuotaAndCreateV2/, { status: 429, body: { status: 429, code: 'CUSTOM_INVITE_LIMIT_REACHED' }, headers: { 'retry-after': '86400' } });
    const notes = (await provider.run.connect(c, { profile_id: CAROL, message: 'Hello' })) as any;
    assert.deepEqual({ code: notes.code, categoryHold: notes.categoryHold }, { code: 'MONTHLY_NOTE_LIMIT', categoryHold: { category: 'invitation_notes', until: c.now + 86_400_000 } });
  });

  it('a verification LinkedIn throttles answers "not happened" with the hold, and reads nothing more', async () => {
    const { provider, ctx } = harness(fake);
    fake.state.receive(BOB, ADA, 'x');
    fake.failNext(/messengerMessages/, { status: 429, body: { status: 429 } });
    const c = ctx({ requestId: 'req_verify_429' });
    const v = (await provider.verify.send_message_to_profile_id(c, { profile_id: BOB, message: 'Hi' })) as any;
    assert.equal(v.happened, false);
    assert.equal(v.fail.accountHold, 'THROTTLED');
    assert.equal(fake.calls(/messengerMessages/).length, 1);
    // Anything else unreadable is retried later, never guessed.
    fake.failNext(/messengerMessages/, { status: 410, body: { status: 410 } });
    await assert.rejects(provider.verify.send_message_to_thread(ctx(), { thread_id: '2-adabob', message: 'Hi' }), (e: unknown) => e instanceof ProviderError && e.retryable);
  });

  it('between the calls of one action: a gap of 0.8–3 s drawn from the random source, none before the first', async () => {
    const slept: number[] = [];
    const { provider, ctx } = harness(fake, { sleep: async (ms) => void slept.push(ms), random: seededRandom(7) });
    await provider.run.get_profile_details(ctx(), { profile_id: BOB });
    assert.deepEqual(slept, [], 'one call, no gap');
    await provider.run.connect(ctx(), { profile_id: CAROL });
    assert.equal(slept.length, 1, 'a profile read, then the invitation: one gap');
    await provider.run.send_message_to_profile_id(ctx(), { profile_id: BOB, message: 'Hi' });
    assert.equal(slept.length, 2);
    for (const ms of slept) assert.ok(ms >= 800 && ms <= 3000, String(ms));
    assert.notEqual(slept[0], slept[1]);
  });

  it('a login whose connection is cut after the password left ends LINKEDIN_UNREACHABLE; a rerun of that request never posts it again', async () => {
    const { provider, ctx } = harness(fake);
    fake.failNext(/^\/uas\/authenticate$/, { status: 0, drop: true }, 1, 'POST');
    const c = ctx({ secrets: { password: 'pw' }, profile: null, requestId: 'req_login_cut' });
    const r = (await provider.run.login_v2(c, { email: 'ada@example.com' })) as any;
    assert.equal(r.code, 'LINKEDIN_UNREACHABLE');
    assert.match(r.message, /never sends it twice/);
    const posts = () => fake.received.filter((x) => x.method === 'POST' && x.path === '/uas/authenticate').length;
    assert.equal(posts(), 1);
    // The worker died instead (or the engine ran it again anyway): the same request does not post again.
    const again = ctx({ secrets: { password: 'pw', ...c.saved }, profile: null, requestId: 'req_login_cut' });
    assert.equal(((await provider.run.login_v2(again, { email: 'ada@example.com' })) as any).code, 'LINKEDIN_UNREACHABLE');
    assert.equal(posts(), 1);
    // A new login request may.
    const fresh = ctx({ secrets: { password: 'pw', ...c.saved }, profile: null, requestId: 'req_login_new' });
    assert.equal(((await provider.run.login_v2(fresh, { email: 'ada@example.com' })) as any).ok, true);
    assert.equal(posts(), 2);
  });

  it('a cut PIN submission ends the login too, and the password is never posted again', async () => {
    const { provider, ctx } = harness(fake);
    const first = ctx({ secrets: { password: 'pw' }, profile: null, requestId: 'req_pin' });
    assert.equal(((await provider.run.login_v2(first, { email: 'ada+pin@example.com' })) as any).code, 'PIN_REQUIRED');
    fake.failNext(/^\/checkpoint\/challenge\/verify$/, { status: 0, drop: true }, 1, 'POST');
    const pin = ctx({ secrets: { password: 'pw', ...first.saved, pendingPin: '246810' }, profile: null, requestId: 'req_pin' });
    assert.equal(((await provider.run.login_v2(pin, { email: 'ada+pin@example.com' })) as any).code, 'LINKEDIN_UNREACHABLE');
    assert.equal(fake.received.filter((x) => x.body.includes('session_password')).length, 1);
  });
});

/** Through the engine: the cut credential POST is posted once and the request ends, not retried. */
forEachDialect('a cut credential login through the API', (env) => {
  let t: TestApp;
  let fake: FakeLinkedIn;
  let tenant: Tenant;
  liveApp(env, { world: 'once', tenant: 'once' }, (w) => ({ t, fake, tenant } = w));

  it('the fake sees exactly one credential POST; the request ends LINKEDIN_UNREACHABLE (LOGIN_FAILED event)', async () => {
    fake.failNext(/^\/uas\/authenticate$/, { status: 0, drop: true }, 1, 'POST');
    const ack = await tenant.post('login_v2', { email: 'ada@example.com', password: 'pw' });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    for (let n = 0; n < 6; n++) {
      await t.app.engine.drain();
      t.clock.advance(10 * 60_000);
    }
    const res = (await tenant.post('get_response', { request_id: ack.body.requestId })).body;
    assert.equal(res.state, 'FAILED', JSON.stringify(res));
    assert.equal(res.status, 'LINKEDIN_UNREACHABLE');
    assert.equal(fake.received.filter((x) => x.method === 'POST' && x.path === '/uas/authenticate').length, 1);
    const events = await t.app.store.db.selectFrom('events').select('type').where('request_id', '=', ack.body.requestId).execute();
    assert.deepEqual(events.map((e) => e.type), ['LOGIN_FAILED']);
  });

  it('a throttled invitation leaves the queued request waiting, and sends nothing more', async () => {
    const cookies = fake.state.login(ADA);
    const connected = await tenant.post('connect_account_cookies', { email: 'ada@example.com', ...cookies });
    assert.equal(connected.status, 200, JSON.stringify(connected.body));
    const accountId = connected.body.accountId;
    const before = fake.calls().length;
    fake.failNext(/verifyQuotaAndCreateV2/, { status: 429, body: { status: 429 }, headers: { 'retry-after': '900' } });
    const ack = await tenant.post('connect', { accountId, profile_id: CAROL });
    await t.app.engine.drain();
    const res = (await tenant.post('get_response', { request_id: ack.body.requestId })).body;
    assert.equal(res.status, 'QUEUED', JSON.stringify(res));
    assert.equal(fake.calls().length - before, 2, 'the profile read and the refused invitation, nothing after');
    assert.equal(fake.state.pendingBetween(ADA, CAROL), undefined);
  });
});
