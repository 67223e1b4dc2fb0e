import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { unwrap, type LoggedEvent, type Welink } from '@welink/sdk';
import { forEachDialect } from '../helpers/dialects.ts';
import { startServer, type RunningServer } from './server.ts';

const HOUR = 3_600_000;

async function readAll(welink: Welink, after: number): Promise<LoggedEvent[]> {
  const out: LoggedEvent[] = [];
  for await (const e of welink.events({ after, pageSize: 7 })) out.push(e);
  return out;
}

/** The README's sandbox journey, through the SDK, against a real server over HTTP. */
forEachDialect('sdk: the sandbox journey', (env) => {
  let server: RunningServer;
  before(async () => {
    server = await startServer(env());
  });
  after(() => server.close());

  it('login with PIN, search, connect, advance time, message, reply event through events()', async () => {
    const welink = server.client(await server.tenant());
    assert.deepEqual(await welink.get_all_ln_accounts(), []);

    // 1. Log in: "+pin" asks for the code LinkedIn "mailed" (always 123456 in the sandbox).
    const login = await welink.login_v2({ email: 'rosalind.franklin+pin@example.com', password: 'correct horse' });
    assert.equal(login.status, 'QUEUED');
    assert.equal(login.action, 'login_v2');
    const pin = await welink.waitFor(login, { timeoutMs: 30_000 });
    assert.equal(pin.state, 'PIN_REQUIRED');
    await welink.login_code({ accountId: login.accountId, requestId: login.requestId, code: '123456' });
    const me = unwrap(await welink.waitFor(login, { timeoutMs: 30_000 }));
    assert.equal(me.first_name, 'Rosalind');
    const accountId = login.accountId;
    assert.equal((await welink.get_ln_account_details({ accountId })).status, 'ACTIVE');

    // 2. Find 2nd-degree people.
    const found = unwrap(await welink.search_people({ accountId, network: ['S'], count: 10 }, { wait: true }));
    assert.equal(found.results.length, 10);

    // 3. Invite until one will accept (sandbox_state says what each invitee will do, and when).
    let target: { profile_id: string; at: string } | null = null;
    for (const person of found.results) {
      const sent = await welink.connect({ accountId, profile_id: person.profile_id }, { wait: true });
      assert.equal(sent.state, 'SUCCESS', JSON.stringify(sent));
      if (sent.state === 'SUCCESS') assert.equal(sent.result.profile_id, person.profile_id);
      const state = await welink.sandbox_state({ accountId });
      const invitation = (state.invitations as { sent: { profile_id: string; will: string; at: string }[] }).sent.find((i) => i.profile_id === person.profile_id);
      if (invitation?.will === 'ACCEPT') {
        target = { profile_id: person.profile_id, at: invitation.at };
        break;
      }
    }
    assert.ok(target, 'one of the invitees accepts');

    // The whole log so far, read in pages of 7 through the iterator; its last seq is the cursor.
    const before = await readAll(welink, 0);
    assert.deepEqual(
      before.map((e) => e.seq),
      before.map((_, i) => i + 1),
      'seq numbers without gaps from 1',
    );
    const cursor = before.at(-1)!.seq;
    assert.ok(before.some((e) => e.type === 'LOGIN_SUCCESS' && e.requestId === login.requestId));

    // 4. Simulated time passes: the acceptance arrives as an unsolicited event.
    const { simulated_now } = await welink.sandbox_state({ accountId });
    const hours = Math.ceil((Date.parse(target.at) - Date.parse(String(simulated_now))) / HOUR);
    await welink.sandbox_advance_time({ hours });
    const accepted = (await readAll(welink, cursor)).filter((e) => e.payload.event === 'CONNECTION_ACCEPTED');
    assert.ok(accepted.every((e) => e.seq > cursor), 'resumed after the cursor');
    const mine = accepted.filter((e) => e.payload.event === 'CONNECTION_ACCEPTED' && e.payload.result.profile_id === target!.profile_id);
    assert.equal(mine.length, 1);

    // 5. Message them, with reply tracking.
    const sent = unwrap(
      await welink.send_message_to_profile_id({ accountId, profile_id: target.profile_id, message: 'Thanks for connecting!', track_reply: true, frequency: 1 }, { wait: true }),
    );
    assert.ok(sent.tracker_id);
    const beforeReply = (await readAll(welink, cursor)).at(-1)!.seq;

    // 6. The contact replies now; an hour later the tracker's poll reports it.
    await welink.sandbox_reply({ accountId, thread_id: sent.thread_id, message: 'Hi! Happy to chat.' });
    await welink.sandbox_advance_time({ hours: 1 });
    const news = await readAll(welink, beforeReply);
    const received = news.find((e) => e.payload.event === 'MESSAGE_RECEIVED' && e.payload.result.thread_id === sent.thread_id);
    assert.ok(received, 'message_received event');
    const reply = news.find((e) => e.payload.event === 'MESSAGE_REPLY' && e.payload.result.tracker_id === sent.tracker_id);
    assert.ok(reply && reply.payload.event === 'MESSAGE_REPLY', 'MESSAGE_REPLY event');
    assert.equal(reply.payload.result.text, 'Hi! Happy to chat.');
    assert.equal(reply.payload.result.profile_id, target.profile_id);
    assert.equal(reply.accountId, accountId);
  });
});
