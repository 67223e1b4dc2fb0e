import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, it } from 'node:test';
import { promisify } from 'node:util';
import { liveCommand, type LiveIo } from '../../src/cli/live.ts';
import { scanHar, variableNames } from '../../src/providers/live/har.ts';
import type { TestApp, Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import type { FakeLinkedIn } from '../helpers/fake-linkedin/server.ts';
import { liveApp } from '../helpers/live-app.ts';
import { ADA, BOB, connectAda } from '../helpers/live-world.ts';

const HAR = new URL('./fixtures/linkedin.har', import.meta.url).pathname;

/** The command's output, captured. */
function io(): LiveIo & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => void (out += t), err: (t) => void (err += t), sleep: async () => {}, text: () => out, errors: () => err };
}

it('the HAR scan recognises each query id by family and variables, each decoration by name, the client version by header', () => {
  const scan = scanHar(JSON.parse(readFileSync(HAR, 'utf8')));
  assert.equal(scan.entries, 10);
  assert.equal(scan.voyager, 9);
  assert.deepEqual(scan.found.profileUpdates, { value: 'voyagerFeedDashProfileUpdates.11112222333344445555666677778888', count: 1 });
  assert.deepEqual(scan.found.messengerMessages, { value: 'messengerMessages.aaaabbbbccccddddeeeeffff00001111', count: 1 });
  assert.equal(scan.found.clientVersion?.value, '1.13.43011', 'the latest request wins');
  assert.equal(scan.found.clientVersion?.count, 9);
  assert.deepEqual(
    scan.unknown.map((u) => [u.value, u.note]),
    [
      ['com.linkedin.voyager.dash.deco.jobs.search.JobSearchCardsCollection-220', 'a decoration welink does not use'],
      ['messengerMessages.5846eeb71c981f11e0134cb6626cc314', 'a messengerMessages query with variables (conversationUrn), which welink does not send'],
      ['voyagerJobsDashJobCards.0123456789abcdef0123456789abcdef', 'a query welink does not use'],
    ],
  );
  assert.deepEqual(variableNames('(query:(predicateUnions:List((conversationCategoryPredicate:(category:INBOX)))),count:20,mailboxUrn:urn%3Ali%3Afsd_profile%3AX,lastUpdatedBefore:1)'), ['query', 'count', 'mailboxUrn', 'lastUpdatedBefore']);
});

forEachDialect('query ids are data: HAR import and live check', (env) => {
  let t: TestApp;
  let fake: FakeLinkedIn;
  let tenant: Tenant;
  let accountId: string;
  liveApp(env, { world: 'once', tenant: 'once' }, (w) => ({ t, fake, tenant } = w));
  before(async () => {
    accountId = (await connectAda(t, tenant, fake)).accountId;
  });

  const run = async (action: string, body: Record<string, unknown>) => {
    const ack = await tenant.post(action, { accountId, ...body });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    await t.app.engine.drain();
    return (await tenant.post('get_response', { request_id: ack.body.requestId })).body;
  };

  it('LinkedIn deploys: the stale ids fail; the imported HAR fixes them in the running server, without a restart', async () => {
    fake.rotate('voyagerFeedDashProfileUpdates.be2623b61657a92a693eb8d9c67aeec0', '11112222333344445555666677778888');
    fake.rotate('messengerMessages.d8ea76885a52fd5dc5c317078ab7c977', 'aaaabbbbccccddddeeeeffff00001111');
    fake.decorations['identity/dash/profiles'].accepted = ['com.linkedin.voyager.dash.deco.identity.profile.WebTopCardCore-20'];
    assert.equal((await run('get_profile_posts', { profile_id: BOB })).status, 'ENDPOINT_GONE');

    const out = io();
    assert.equal(await liveCommand(t.config, ['import-har', HAR], out), 0, out.errors());
    const text = out.text();
    assert.match(text, /^10 requests in the HAR, 9 to LinkedIn's API\.$/m);
    assert.match(text, /^changed +profileUpdates +voyagerFeedDashProfileUpdates\.be2623b61657a92a693eb8d9c67aeec0 -> voyagerFeedDashProfileUpdates\.11112222333344445555666677778888$/m);
    assert.match(text, /^changed +messengerMessages +messengerMessages\.d8ea76885a52fd5dc5c317078ab7c977 -> messengerMessages\.aaaabbbbccccddddeeeeffff00001111$/m);
    assert.match(text, /^changed +socialComments +\(none\) -> voyagerSocialDashComments\.9999aaaa9999aaaa9999aaaa9999aaaa$/m);
    assert.match(text, /^changed +profileDecoration +\S+WebTopCardCore-19 -> \S+WebTopCardCore-20$/m);
    assert.match(text, /^changed +clientVersion +1\.13\.42372 -> 1\.13\.43011$/m);
    assert.match(text, /^unchanged +messengerConversations +messengerConversations\.0d5e6781bbee71c3e51c8843c6519f48$/m);
    assert.match(text, /^unchanged +invitationDecoration /m);
    assert.match(text, /^not seen +searchClusters /m);
    assert.match(text, /^unknown +voyagerJobsDashJobCards\.0123456789abcdef0123456789abcdef \(1 request\): a query welink does not use$/m);
    assert.match(text, /^unknown +messengerMessages\.5846eeb71c981f11e0134cb6626cc314 \(1 request\): a messengerMessages query with variables \(conversationUrn\)/m);
    assert.match(text, /^5 values stored; running welink processes use them within a minute\.$/m);
    assert.ok(!text.includes('AQEDAHARFIXTURE') && !text.includes('ajax:'), 'the HAR cookies are never printed');

    const rows = await t.app.store.db.selectFrom('linkedin_query_ids').select(['key', 'value', 'source']).orderBy('key').execute();
    assert.deepEqual(rows.map((r) => r.key), ['clientVersion', 'messengerMessages', 'profileDecoration', 'profileUpdates', 'socialComments']);
    assert.match(rows[0].source, /^har:linkedin\.har 20\d\d-/);

    // The server reads the table at most once a minute: within it the old id is still in force.
    assert.equal((await run('get_profile_posts', { profile_id: BOB })).status, 'ENDPOINT_GONE');
    t.clock.advance(61_000);
    const posts = await run('get_profile_posts', { profile_id: BOB });
    assert.equal(posts.status, 'SUCCESS', JSON.stringify(posts));
    assert.match(fake.calls(/voyagerFeedDashProfileUpdates/).at(-1)!.search, /queryId=voyagerFeedDashProfileUpdates\.11112222333344445555666677778888/);
    assert.equal(JSON.parse(String(fake.calls().at(-1)!.headers['x-li-track'])).clientVersion, '1.13.43011');
    assert.equal((await run('personal_messages', { thread_id: '2-adabob' })).status, 'SUCCESS');
    assert.equal((await run('get_profile_details', { profile_id: BOB })).status, 'SUCCESS');

    const again = io();
    assert.equal(await liveCommand(t.config, ['import-har', HAR, '--dry-run'], again), 0);
    assert.match(again.text(), /^Nothing to change\.$/m);
  });

  it('import-har refuses what is not a HAR, with a usage exit', async () => {
    const bad = join(env().dataDir, 'not.har');
    writeFileSync(bad, '{"log":{}}');
    const a = io();
    assert.equal(await liveCommand(t.config, ['import-har', bad], a), 2);
    assert.match(a.errors(), /not a HAR file: no log\.entries/);
    const b = io();
    assert.equal(await liveCommand(t.config, ['import-har'], b), 2);
    assert.match(b.errors(), /needs the HAR file/);
    const c = io();
    assert.equal(await liveCommand(t.config, ['import-har', join(env().dataDir, 'missing.har')], c), 2);
    assert.match(c.errors(), /no such file/);
    const d = io();
    assert.equal(await liveCommand(t.config, ['frob'], d), 2);
    assert.match(d.errors(), /live takes import-har or check/);
  });

  it('live check: reads only, each one with its verdict; a stale id fails it with exit 1', async () => {
    fake.state.companies.push({ id: '1337', universalName: 'linkedin', name: 'LinkedIn', description: '', staffCount: 1, followerCount: 1, industry: 'Internet', city: 'Sunnyvale', country: 'US' });
    const before = fake.received.length;
    const ok = io();
    const code = await liveCommand(t.config, ['check', '--account', accountId], ok);
    assert.equal(code, 0, ok.text() + ok.errors());
    const text = ok.text();
    for (const name of ['session (/me)', 'profile', 'contact details', 'posts', 'connections', 'sent invitations', 'received invitations', 'inbox, first page', 'inbox, older page', 'thread messages', 'people search', 'company', 'profile views']) {
      assert.match(text, new RegExp(`^ok +${name.replace(/[()]/g, '\\$&')} `, 'm'), name);
    }
    assert.match(text, /^ {11}profileUpdates = voyagerFeedDashProfileUpdates\.11112222333344445555666677778888$/m);
    assert.match(text, /^skipped +invitationDecoration \(writes only\) +used only by a write/m);
    const during = fake.received.slice(before);
    assert.ok(during.length >= 13);
    assert.deepEqual([...new Set(during.map((r) => r.method))], ['GET'], 'never a side effect');

    fake.rotate('voyagerSearchDashClusters.e438ab99259203e9c1cd3f358e217282', '00001111222233334444555566667777');
    const stale = io();
    assert.equal(await liveCommand(t.config, ['check', '--account', accountId, '--json'], stale), 1);
    const results = JSON.parse(stale.text());
    const search = results.find((r: any) => r.name === 'people search');
    assert.equal(search.verdict, 'failed');
    assert.match(search.detail, /^ENDPOINT_GONE: /);
    assert.deepEqual(search.values, { searchClusters: 'voyagerSearchDashClusters.e438ab99259203e9c1cd3f358e217282' });
  });

  /** The command on the app's manual clock, as the holds it records are read on it. */
  const clocked = () => Object.assign(io(), { clock: t.clock });

  it('live check stops at the first pushback instead of insisting', async () => {
    fake.failNext(/identity\/dash\/profiles/, { status: 429, body: { status: 429 } });
    const out = clocked();
    assert.equal(await liveCommand(t.config, ['check', '--account', accountId], out), 1);
    assert.match(out.text(), /^FAILED +profile +RATE_LIMITED: /m);
    assert.match(out.text(), /^skipped +contact details +not tried: LinkedIn answered RATE_LIMITED before$/m);
    // Recorded as the engine would: the account is held 15 minutes, announced with ACCOUNT_HELD.
    const until = new Date(t.clock.now() + 15 * 60_000).toISOString();
    assert.match(out.errors(), new RegExp(`LinkedIn pushed back \\(RATE_LIMITED\\): the account is held until ${until}`));
    assert.deepEqual((await tenant.post('get_ln_account_details', { accountId })).body.holds, [{ scope: 'account', code: 'LINKEDIN_THROTTLED', until }]);
    const held = await t.app.store.db.selectFrom('events').select('payload').where('account_id', '=', accountId).where('type', '=', 'ACCOUNT_HELD').execute();
    assert.deepEqual(held.map((e) => [JSON.parse(e.payload).scope, JSON.parse(e.payload).until]), [['account', until]]);
    t.clock.advance(15 * 60_000); // the hold ends for the next tests
  });

  it('live check refuses a held account, and a paused one, without calling LinkedIn; --force checks anyway', async () => {
    const own = await t.tenant({ mode: 'live' });
    const { accountId: id } = await connectAda(t, own, fake);
    const before = fake.received.length;
    fake.failNext(/identity\/dash\/profiles/, { status: 999, body: {} });
    const first = clocked();
    assert.equal(await liveCommand(t.config, ['check', '--account', id], first), 1);
    const until = new Date(t.clock.now() + 6 * 3_600_000).toISOString();
    assert.match(first.errors(), /LinkedIn pushed back \(RATE_LIMITED\): the account is held until/);
    const afterFirst = fake.received.length;
    assert.ok(afterFirst > before);

    const refused = clocked();
    assert.equal(await liveCommand(t.config, ['check', '--account', id], refused), 2);
    assert.equal(refused.errors(), `welink: live check: account ${id} is held until ${until} (LINKEDIN_BOT_SUSPICION): LinkedIn pushed back on it, and welink sends LinkedIn nothing for it until then; run it with --force to check anyway\n`);
    assert.equal(fake.received.length, afterFirst, 'nothing reached LinkedIn');

    // Forced, it calls LinkedIn; a second 999 within a day pauses the account, as for an action.
    fake.failNext(/\/me$/, { status: 999, body: {} });
    const forced = clocked();
    assert.equal(await liveCommand(t.config, ['check', '--account', id, '--force'], forced), 1);
    assert.ok(fake.received.length > afterFirst);
    assert.match(forced.errors(), /the account is paused until its owner resumes it/);
    const details = (await own.post('get_ln_account_details', { accountId: id })).body;
    assert.deepEqual([details.status, details.statusReason], ['PAUSED', 'LINKEDIN_THROTTLED']);

    t.clock.advance(7 * 3_600_000); // the hold is over; the pause is not
    const paused = clocked();
    const atPause = fake.received.length;
    assert.equal(await liveCommand(t.config, ['check', '--account', id], paused), 2);
    assert.match(paused.errors(), new RegExp(`^welink: live check: account ${id} is paused \\(LINKEDIN_THROTTLED\\): welink sends LinkedIn nothing for it until it is reconnected or resumed; run it with --force`));
    assert.equal(fake.received.length, atPause, 'nothing reached LinkedIn');
  });

  it('live check finding a dead session pauses the account (SESSION_EXPIRED), as an action would', async () => {
    const own = await t.tenant({ mode: 'live' });
    const { accountId: id } = await connectAda(t, own, fake);
    for (const session of fake.state.sessions.values()) if (session.memberId === ADA) session.expired = true;
    const out = clocked();
    assert.equal(await liveCommand(t.config, ['check', '--account', id], out), 1);
    assert.match(out.errors(), /LinkedIn pushed back \(SESSION_EXPIRED\): the account is paused until it is reconnected/);
    const details = (await own.post('get_ln_account_details', { accountId: id })).body;
    assert.deepEqual([details.status, details.statusReason], ['PAUSED', 'SESSION_EXPIRED']);
    const paused = await t.app.store.db.selectFrom('events').select('type').where('account_id', '=', id).where('type', '=', 'ACCOUNT_PAUSED').execute();
    assert.equal(paused.length, 1);
  });

  it('live check refuses an unknown account, a sandbox account and missing flags', async () => {
    const a = io();
    assert.equal(await liveCommand(t.config, ['check', '--account', 'acc_nope'], a), 2);
    assert.match(a.errors(), /no account acc_nope/);
    const b = io();
    assert.equal(await liveCommand(t.config, ['check'], b), 2);
    assert.match(b.errors(), /needs --account/);
    const c = io();
    assert.equal(await liveCommand(t.config, ['check', '--acount', 'x'], c), 2);
    assert.match(c.errors(), /unknown option --acount/);
    const sandbox = await t.tenant();
    const login = await sandbox.post('login_v2', { email: 'sam@example.com', password: 'pw' });
    const d = io();
    assert.equal(await liveCommand(t.config, ['check', '--account', login.body.accountId], d), 2);
    assert.match(d.errors(), /sandbox workspace/);
  });
});

it('welink live is dispatched by the CLI, with usage errors', async () => {
  const bin = new URL('../../bin/welink.mjs', import.meta.url).pathname;
  const res = await promisify(execFile)(process.execPath, [bin, 'live'], { env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent' } }).catch((e) => e);
  assert.equal(res.code, 2);
  assert.match(res.stderr, /live takes import-har or check/);
});
