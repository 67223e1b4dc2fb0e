import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { onPostgres, processCluster, type ProcessCluster } from '../helpers/cluster.ts';
import { apiClient, type ServeProcess } from '../helpers/processes.ts';

const CAP = 5;

// The accounts-per-workspace cap is counted and written under the workspace's account-creation lock
// (serializeOn in engine/accounts.ts). Counted, then written without it, logins for new emails racing
// through several API processes would pass it, as the webhook endpoint cap once did (issue 14 §3).
onPostgres('the accounts-per-workspace cap across API processes', { timeout: 180000 }, () => {
  let cluster: ProcessCluster;
  let procs: ServeProcess[];
  before(async () => {
    cluster = await processCluster('postgres', {
      WELINK_MAX_ACCOUNTS_PER_WORKSPACE: String(CAP),
      // The same accounts log in again and again: this test is about the cap, not the login limit.
      WELINK_LOGINS_PER_HOUR: '100',
    });
    // One after another: three starting at once on a busy machine can outlast the readiness wait.
    procs = [];
    for (let i = 0; i < 3; i++) procs.push(await cluster.start('api'));
  });
  after(async () => cluster?.close());

  it(`logins for new emails racing near the cap over 3 processes, 4 rounds: exactly ${CAP} accounts, known emails still log in`, async () => {
    for (let round = 0; round < 4; round++) {
      const key = await cluster.key(`cap-${round}`);
      const clients = procs.map((p) => apiClient(p.url, key));
      // Near the cap: `round + 1` accounts already there, the rest of the room raced for.
      const known = Array.from({ length: round + 1 }, (_, i) => `known.${i}@example.com`);
      for (const email of known) assert.equal((await clients[0].post('login_v2', { email, password: 'pw' })).status, 200);
      const room = CAP - known.length;

      const fresh = Array.from({ length: 24 }, (_, i) => `new.${round}.${i}@example.com`);
      const calls = [...fresh.map((email) => ({ email, known: false })), ...known.map((email) => ({ email, known: true }))];
      const answers = await Promise.all(calls.map((c, i) => clients[i % clients.length].post('login_v2', { email: c.email, password: 'pw' }).then((a) => ({ ...c, ...a }))));

      assert.deepEqual(answers.filter((a) => a.known && a.status !== 200).map((a) => a.body), [], 'an account already there always logs in again');
      const created = answers.filter((a) => !a.known && a.status === 200);
      const refused = answers.filter((a) => !a.known && a.status !== 200);
      assert.equal(created.length, room, `round ${round}: ${created.length} new accounts for ${room} free places`);
      assert.equal(refused.length, fresh.length - room);
      for (const r of refused) {
        assert.equal(r.status, 403, JSON.stringify(r.body));
        assert.equal(r.body.code, 'ACCOUNT_LIMIT_REACHED');
        assert.match(r.body.message, new RegExp(`limit of ${CAP} LinkedIn accounts`));
      }
      const rows = await cluster.store.db.selectFrom('accounts').select('email').where('workspace_id', '=', key.workspaceId).where('status', '!=', 'DISCONNECTED').execute();
      assert.equal(rows.length, CAP, `round ${round}: ${rows.length} accounts stored`);
      assert.deepEqual(rows.map((r) => r.email).sort(), [...known, ...created.map((c) => c.email)].sort());
    }
  });
});
