import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHROME_USER_AGENTS, clientHints, liTrack, pinnedUserAgent, timezoneOffsetHours } from '../../src/providers/live/browser-identity.ts';
import { applySetCookies } from '../../src/providers/live/cookie-jar.ts';
import type { FakeLinkedIn } from '../helpers/fake-linkedin/server.ts';
import { harness, seededFakePerTest } from '../helpers/live-harness.ts';
import { ADA, BOB, CAROL } from '../helpers/live-world.ts';

const MAC_CHROME_149 = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/149.0.0.0 Safari/537.36';

describe('the browser an account looks like', () => {
  it('client hints follow the user agent: Chromium brands with its GREASE entry, platform, mobile; none for Firefox or Safari', () => {
    // Known pairs from real Chrome releases check the GREASE derivation.
    assert.deepEqual(clientHints('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'), {
      'sec-ch-ua': '"Not_A Brand";v="8", "Chromium";v="120", "Google Chrome";v="120"',
      'sec-ch-ua-mobile': '?0',
      'sec-ch-ua-platform': '"Windows"',
    });
    assert.equal(clientHints('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36')!['sec-ch-ua'], '"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"');
    assert.equal(clientHints('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36')!['sec-ch-ua'], '"Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"');
    assert.deepEqual(clientHints(MAC_CHROME_149), { 'sec-ch-ua': '"Google Chrome";v="149", "Chromium";v="149", "Not)A;Brand";v="24"', 'sec-ch-ua-mobile': '?0', 'sec-ch-ua-platform': '"macOS"' });
    assert.match(clientHints('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/149.0.0.0 Safari/537.36 Edg/149.0.0.0')!['sec-ch-ua'], /"Microsoft Edge";v="149"/);
    assert.equal(clientHints('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/149.0.0.0 Mobile Safari/537.36')!['sec-ch-ua-mobile'], '?1');
    assert.equal(clientHints('Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0'), null);
    assert.equal(clientHints('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Safari/605.1.15'), null);
    assert.equal(clientHints('Mozilla/5.0 (iPhone; CPU iPhone OS 18_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/149.0.0.0 Mobile/15E148 Safari/604.1'), null);
  });

  it('the pinned user agent is a recent desktop Chrome (148–150), stable per account', () => {
    assert.equal(CHROME_USER_AGENTS.length, 9);
    for (const ua of CHROME_USER_AGENTS) assert.match(ua, /Chrome\/(148|149|150)\.0\.0\.0 Safari\/537\.36$/);
    assert.equal(pinnedUserAgent('acc_1'), pinnedUserAgent('acc_1'));
    assert.ok(new Set(Array.from({ length: 40 }, (_, n) => pinnedUserAgent(`acc_${n}`))).size > 3);
  });

  it('x-li-track carries the client version, the time zone with its offset in hours, and the screen', () => {
    const at = Date.UTC(2026, 6, 1, 12);
    assert.equal(timezoneOffsetHours('Europe/Paris', at), 2);
    assert.equal(timezoneOffsetHours('America/Los_Angeles', at), -7);
    assert.equal(timezoneOffsetHours('Asia/Kolkata', at), 5.5);
    assert.equal(
      liTrack({ clientVersion: '1.13.42372', timeZone: 'Europe/Paris', at, screen: { width: 1440, height: 900, density: 2 } }),
      '{"clientVersion":"1.13.42372","mpVersion":"1.13.42372","osName":"web","timezoneOffset":2,"timezone":"Europe/Paris","deviceFormFactor":"DESKTOP","mpName":"voyager-web","displayDensity":2,"displayWidth":1440,"displayHeight":900}',
    );
  });

  it('the cookie jar follows Set-Cookie: new values, quotes off JSESSIONID, expiry deletes, no change no save', () => {
    const now = Date.UTC(2026, 0, 5);
    const jar = { li_at: 'AQEDold', JSESSIONID: 'ajax:1', lidc: 'b=1' };
    assert.deepEqual(applySetCookies(jar, ['lidc="b=1"; Path=/'].slice(1), now), { jar, changed: false });
    assert.deepEqual(applySetCookies(jar, ['lidc=b=1; Path=/'], now), { jar, changed: false });
    const r = applySetCookies(jar, ['JSESSIONID="ajax:2"; Path=/; Secure', 'bcookie="v=2&abc"; Max-Age=31536000', 'li_at=delete me; Expires=Thu, 01 Jan 1970 00:00:00 GMT'], now);
    assert.equal(r.changed, true);
    assert.deepEqual(r.jar, { JSESSIONID: 'ajax:2', lidc: 'b=1', bcookie: '"v=2&abc"' });
    // Max-Age wins over Expires.
    assert.equal(applySetCookies(jar, ['lidc=b=2; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=100'], now).jar.lidc, 'b=2');
    assert.equal('lidc' in applySetCookies(jar, ['lidc=b=2; Max-Age=0'], now).jar, false);
  });
});

describe('what LinkedIn sees from the live provider', () => {
  let fake: FakeLinkedIn;
  seededFakePerTest((f) => (fake = f));

  it('every call carries the owner user agent with its client hints, x-li-track, a page instance and referer; Origin on writes only; answers are gzip', async () => {
    const { provider, ctx } = harness(fake);
    const cookies = fake.state.login(ADA);
    const c = ctx({ secrets: { cookies, userAgent: MAC_CHROME_149, locale: 'en_US' } });
    c.account.timezone = 'Europe/Paris';
    const r = (await provider.run.connect(c, { profile_id: CAROL })) as any;
    assert.equal(r.ok, true, JSON.stringify(r));
    const [read, invite] = fake.calls();
    for (const call of [read, invite]) {
      assert.equal(call.headers['user-agent'], MAC_CHROME_149);
      assert.equal(call.headers['sec-ch-ua'], '"Google Chrome";v="149", "Chromium";v="149", "Not)A;Brand";v="24"');
      assert.equal(call.headers['sec-ch-ua-platform'], '"macOS"');
      assert.equal(call.headers['sec-ch-ua-mobile'], '?0');
      assert.equal(call.headers['accept-encoding'], 'gzip, deflate, br');
      const track = JSON.parse(String(call.headers['x-li-track']));
      assert.deepEqual(Object.keys(track), ['clientVersion', 'mpVersion', 'osName', 'timezoneOffset', 'timezone', 'deviceFormFactor', 'mpName', 'displayDensity', 'displayWidth', 'displayHeight']);
      assert.equal(track.timezone, 'Europe/Paris');
      assert.equal(track.timezoneOffset, 1);
      assert.equal(track.osName, 'web');
      assert.equal(track.displayDensity, 2, 'a Mac screen for a Mac user agent');
    }
    // The invitation is sent from the profile page the read came from: same page instance, its referer.
    assert.match(String(read.headers['x-li-page-instance']), /^urn:li:page:d_flagship3_profile_view_base;[A-Za-z0-9+/]{22}==$/);
    assert.equal(invite.headers['x-li-page-instance'], read.headers['x-li-page-instance']);
    assert.equal(read.headers.referer, `https://www.linkedin.com/in/${CAROL}/`);
    assert.equal(invite.headers.referer, 'https://www.linkedin.com/in/carol-danvers/');
    assert.equal(read.headers.origin, undefined);
    assert.equal(invite.headers.origin, 'https://www.linkedin.com');
  });

  it('reads compressed answers, and an empty one labelled compressed', async () => {
    const { provider, ctx } = harness(fake);
    const r = (await provider.run.get_profile_details(ctx(), { profile_id: BOB })) as any;
    assert.equal(r.result.full_name, 'Bob Builder', 'the fake gzips what the client accepts');
    fake.failNext(/voyagerSocialDashReactions/, { status: 201, headers: { 'content-encoding': 'gzip', 'x-restli-id': 'urn:li:fsd_reaction:x' } });
    const liked = (await provider.run.like_post(ctx(), { post_id: 'urn:li:activity:7300000000000000001' })) as any;
    assert.equal(liked.ok, true, JSON.stringify(liked));
  });

  it('no client hints when the owner browser is not Chromium', async () => {
    const { provider, ctx } = harness(fake);
    const ua = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
    await provider.run.get_profile_details(ctx({ secrets: { cookies: fake.state.login(ADA), userAgent: ua } }), { profile_id: BOB });
    const call = fake.calls()[0];
    assert.equal(call.headers['user-agent'], ua);
    assert.equal(call.headers['sec-ch-ua'], undefined);
    assert.equal(call.headers['sec-ch-ua-platform'], undefined);
  });

  it('keeps the cookie jar current: a rotated JSESSIONID and lidc are used at once and saved (ctx.saveSecrets seals them), once per change', async () => {
    const { provider, ctx } = harness(fake);
    const cookies = fake.state.login(ADA);
    const c = ctx({ secrets: { cookies: { li_at: cookies.li_at, JSESSIONID: cookies.JSESSIONID.replace(/"/g, '') } } });
    const saves: unknown[] = [];
    const save = c.saveSecrets;
    c.saveSecrets = async (patch) => {
      if (patch.cookies) saves.push(patch.cookies);
      await save(patch);
    };
    const fresh = fake.state.rotateJsessionid(cookies.li_at);
    fake.rotateCookies = true;
    // A read, then the send: the second call must use the JSESSIONID the first answer set (the old one is refused now).
    const r = (await provider.run.send_message_to_profile_id(c, { profile_id: BOB, message: 'Hi' })) as any;
    assert.equal(r.ok, true, JSON.stringify(r));
    const calls = fake.calls();
    assert.ok(calls.length >= 2);
    assert.equal(calls.at(-1)!.headers['csrf-token'], fresh);
    assert.match(String(calls.at(-1)!.headers.cookie), new RegExp(`JSESSIONID="${fresh}"`));
    assert.equal(c.saved.cookies!.JSESSIONID, fresh);
    assert.match(String(c.saved.cookies!.lidc), /^"b=VB\d+/);
    assert.equal(c.saved.cookies!.li_at, cookies.li_at);
    assert.equal(saves.length, calls.length, 'one save per answer that changed the jar');
    fake.rotateCookies = false;
    const quiet = ctx({ secrets: { cookies: c.saved.cookies!, userAgent: 'x'.repeat(20) } });
    await provider.run.get_profile_details(quiet, { profile_id: BOB });
    assert.equal(quiet.saved.cookies, undefined, 'no Set-Cookie, no save');
  });

  it('a cookie LinkedIn expires is dropped: a deleted li_at ends the session (SESSION_EXPIRED) without another call', async () => {
    const { provider, ctx } = harness(fake);
    fake.failNext(/identity\/dash\/profiles/, { status: 200, body: { elements: [] }, headers: { 'set-cookie': ['li_at=delete me; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/'] } });
    const c = ctx();
    assert.equal(((await provider.run.get_profile_details(c, { profile_id: BOB })) as any).code, 'PROFILE_NOT_FOUND');
    assert.equal(c.saved.cookies!.li_at, undefined);
    const before = fake.calls().length;
    assert.equal(((await provider.run.connect(c, { profile_id: CAROL })) as any).code, 'SESSION_EXPIRED');
    assert.equal(fake.calls().length, before);
  });
});
