import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { newId } from '../../src/lib/ids.ts';
import { loggedInAccount, testApp, type Tenant, type TestApp } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { documentedOperations, fillPath, type DocOperation } from '../helpers/openapi.ts';

/** The kinds of our own ids an operation can take, and how their fields are spelled. */
type IdKind = 'account' | 'request' | 'webhook' | 'delivery' | 'event' | 'tracker';
const FIELD_KINDS: [RegExp, IdKind][] = [
  [/^account_?id$/i, 'account'],
  [/^request_?id$/i, 'request'],
  [/^(webhook|endpoint)_?id$/i, 'webhook'],
  [/^delivery_?id$/i, 'delivery'],
  [/^event_?id$/i, 'event'],
  [/^tracker_?id$/i, 'tracker'],
];
/** A bare `{id}` path parameter takes its kind from the collection before it. */
const PATH_KINDS: [RegExp, IdKind][] = [
  [/\/deliveries\/\{[^}]+\}/, 'delivery'],
  [/\/events\/\{[^}]+\}/, 'event'],
  [/\/(webhooks|webhook_endpoints|endpoints)\/\{[^}]+\}/, 'webhook'],
  [/\/requests\/\{[^}]+\}/, 'request'],
  [/\/accounts\/\{[^}]+\}/, 'account'],
];
/** LinkedIn's ids (profile_id, thread ids...) are not ours: no tenancy applies to them. */
const NOT_OURS = /^(profile|thread|conversation|message|post|company|invitation|group|member|urn|public)_?id$/i;
const PREFIX: Record<IdKind, string> = { account: 'acc', request: 'req', webhook: 'whk', delivery: 'dlv', event: 'evt', tracker: 'trk' };

interface IdSlot {
  where: 'body' | 'path';
  name: string;
  kind: IdKind;
}

function idSlots(op: DocOperation): IdSlot[] {
  const slots: IdSlot[] = [];
  for (const p of op.pathParams) {
    const byName = FIELD_KINDS.find(([re]) => re.test(p.name))?.[1];
    const byPath = PATH_KINDS.find(([re]) => re.test(op.path.replace(`{${p.name}}`, '{x}')))?.[1];
    const kind = byName ?? byPath;
    if (!kind) throw new Error(`${op.operationId}: path parameter ${p.name} is an id of a kind this test cannot map; add it to PATH_KINDS`);
    slots.push({ where: 'path', name: p.name, kind });
  }
  // An asynchronous LinkedIn action's fields other than accountId name things on LinkedIn (its event
  // ids, contract ids...), not ours.
  const isAction = op.headerParams.includes('Idempotency-Key');
  for (const name of Object.keys(op.bodySchema?.properties ?? {})) {
    if (NOT_OURS.test(name) || (isAction && name !== 'accountId')) continue;
    const kind = FIELD_KINDS.find(([re]) => re.test(name))?.[1];
    if (kind) slots.push({ where: 'body', name, kind });
    else if (/(^id$|[a-z](Id|ID)$|_id$)/.test(name)) throw new Error(`${op.operationId}: body field ${name} looks like an id this test cannot map; add it to FIELD_KINDS or NOT_OURS`);
  }
  return slots;
}

type Ids = Partial<Record<IdKind, string>>;

forEachDialect('tenancy: another workspace sees nothing', (env) => {
  let t: TestApp;
  let w1: Tenant;
  let w2: Tenant;
  /** Workspace 2's live-mode twin, for operations that exist only in live workspaces. */
  let w2live: Tenant;
  let ops: DocOperation[];
  let receiver: Server;
  let receiverUrl: string;
  const ids1: Ids = {};
  const ids2: Ids = {};
  /** Strings of workspace 1 that must never appear in an answer to workspace 2. */
  const secrets1: string[] = [];
  const email1 = 'grace.hopper@tenant-one.example';

  /** An operation of the document, which must exist: a missing one fails the suite, it is not skipped. */
  const operation = (id: string) => {
    const op = ops.find((o) => o.operationId === id);
    assert.ok(op, `the OpenAPI document has no ${id}`);
    return op;
  };

  /** An account, a finished and a queued request, a reply tracker, a webhook, an event and a delivery. */
  async function populate(tenant: Tenant, email: string, into: Ids): Promise<void> {
    into.account = await loggedInAccount(t, tenant, email);
    const ack = await tenant.post('connect', { accountId: into.account, profile_id: `ACoAA${'c'.repeat(34)}` });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    into.request = ack.body.requestId;
    // A tracked message, so the workspace owns a reply tracker.
    const send = operation('send_message_to_profile_id');
    assert.equal((await tenant.post('send_message_to_profile_id', { ...(send.example as object), accountId: into.account })).status, 200);
    const create = operation('create_webhook');
    const res = await tenant.post(create.path.replace('/api/v1/', ''), { ...(create.example as object), url: receiverUrl });
    assert.ok(res.status < 300, `create_webhook: ${res.status} ${JSON.stringify(res.body)}`);
    await t.app.engine.drain();
    await t.app.dispatcher.runDue();
    const db = t.app.store.db;
    const ws = tenant.workspaceId;
    into.webhook = (await db.selectFrom('webhook_endpoints').select('id').where('workspace_id', '=', ws).executeTakeFirst())?.id;
    into.delivery = (await db.selectFrom('webhook_deliveries').select('id').where('workspace_id', '=', ws).executeTakeFirst())?.id;
    into.event = (await db.selectFrom('events').select('id').where('workspace_id', '=', ws).executeTakeFirst())?.id;
    into.tracker = (await sql<{ id: string }>`select id from message_trackers where workspace_id = ${ws} limit 1`.execute(db)).rows[0]?.id;
    for (const kind of ['account', 'request', 'webhook', 'delivery', 'event', 'tracker'] as const) assert.ok(into[kind], `the workspace owns a ${kind} to probe with`);
    // A request left queued, so operations that need one (cancel) reach their lookup.
    const queued = await tenant.post('visit_profile', { accountId: into.account, profile_id: `ACoAA${'d'.repeat(34)}` });
    assert.equal(queued.status, 200);
  }

  before(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    t = await testApp(env(), { rateLimit: 100000, syncRateLimit: 10_000_000 });
    ops = await documentedOperations(t.app.server);
    w1 = await t.tenant();
    w2 = await t.tenant();
    w2live = await t.tenant({ mode: 'live' });
    await populate(w1, email1, ids1);
    await populate(w2, 'alan.turing@tenant-two.example', ids2);
    const queued1 = await t.app.store.db.selectFrom('requests').select('id').where('workspace_id', '=', w1.workspaceId).execute();
    secrets1.push(email1, w1.workspaceId, w1.apiKey, w1.apiSecret, ...queued1.map((r) => r.id), ...(Object.values(ids1).filter(Boolean) as string[]));
  });
  after(async () => {
    await t.close();
    await new Promise((r) => receiver.close(r));
  });

  const call = async (tenant: Tenant, op: DocOperation, body: Record<string, unknown>, path: Record<string, string>) => {
    const res = await t.app.server.inject({
      method: op.method as 'POST',
      url: fillPath(op.path, path),
      headers: { ...tenant.headers, ...(op.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      payload: op.method === 'GET' ? undefined : JSON.stringify(body),
    });
    return { status: res.statusCode, text: res.body, headers: JSON.stringify(res.headers) };
  };

  /** Workspace 2's own ids in every slot, so each probe changes exactly one slot. */
  const baseline = (op: DocOperation, slots: IdSlot[]) => {
    const body: Record<string, unknown> = { ...(op.example as object) };
    const path: Record<string, string> = {};
    for (const s of slots) {
      const own = ids2[s.kind] ?? `${PREFIX[s.kind]}_${'0'.repeat(26)}`;
      if (s.where === 'path') path[s.name] = own;
      else if (s.name in body) body[s.name] = own;
    }
    return { body, path };
  };

  it('every operation that takes an id answers 404 for the first workspace\'s id, with the body of a missing id', async (tc) => {
    let probes = 0;
    const covered = new Set<IdKind>();
    for (const op of ops) {
      const slots = idSlots(op);
      if (slots.length === 0) continue;
      const first = baseline(op, slots);
      // Missing ids only: a probe with workspace 2's own ids could disconnect or delete its data.
      for (const sl of slots) {
        if (sl.where === 'path') first.path[sl.name] = newId(PREFIX[sl.kind]);
        else if (sl.name in first.body) first.body[sl.name] = newId(PREFIX[sl.kind]);
      }
      const probe = await call(w2, op, first.body, first.path);
      const caller = probe.text.includes('"LIVE_ONLY"') ? w2live : probe.text.includes('"SANDBOX_ONLY"') ? assert.fail(`${op.operationId} is sandbox-only for a sandbox workspace`) : w2;
      for (const slot of slots) {
        const foreign = ids1[slot.kind]!;
        const missing = newId(PREFIX[slot.kind]);
        const answers = [];
        // A first call settles any state the operation changes on workspace 2's own data (a tracker
        // stopped by one call answers "already stopped" to the next), so the two compared calls see the same.
        for (const value of [missing, foreign, missing]) {
          const { body, path } = baseline(op, slots);
          // Alternative spellings of the same id (request_id / requestId) would win over the probe.
          for (const other of slots) if (other.where === 'body' && other.kind === slot.kind) delete body[other.name];
          if (slot.where === 'body') body[slot.name] = value;
          else path[slot.name] = value;
          const res = await call(caller, op, body, path);
          answers.push({ ...res, text: res.text.split(value).join('<id>') });
        }
        const [, forForeign, forMissing] = answers;
        // A lookup answers 404; a list filtered by an id, or an optional id the operation does not look
        // up by, answers what it answers for a missing one: the equality below is the rule.
        if (forMissing.status !== 404) {
          assert.ok(forMissing.status < 300, `${op.operationId}.${slot.name}: a missing id answers ${forMissing.status} ${forMissing.text}`);
          tc.diagnostic(`${op.operationId}.${slot.name}: a missing id answers ${forMissing.status}; the foreign id must answer the same`);
        }
        assert.equal(forForeign.status, forMissing.status, `${op.operationId}.${slot.name} with workspace 1's ${slot.kind}: ${forForeign.status} ${forForeign.text}`);
        assert.deepEqual(JSON.parse(forForeign.text), JSON.parse(forMissing.text), `${op.operationId}.${slot.name}: a foreign id answers like a missing one`);
        for (const s of secrets1) assert.ok(!forForeign.text.includes(s) && !forForeign.headers.includes(s), `${op.operationId}.${slot.name} leaks ${s}`);
        covered.add(slot.kind);
        probes++;
      }
    }
    tc.diagnostic(`${probes} probes over id kinds ${[...covered].join(', ')}`);
    assert.ok(covered.has('account') && covered.has('request'), 'accounts and requests are covered');
  });

  it('no answer to the second workspace, on any operation, mentions anything of the first', async () => {
    for (const op of ops) {
      const { body, path } = baseline(op, idSlots(op));
      const res = await call(w2, op, body, path);
      assert.ok(res.status < 500, `${op.operationId}: ${res.status} ${res.text}`);
      for (const s of secrets1) assert.ok(!res.text.includes(s) && !res.headers.includes(s), `${op.operationId} leaks ${s}: ${res.text.slice(0, 300)}`);
    }
  });

  it("the first workspace's data is untouched by the second's attempts (disconnect, cancel)", async () => {
    const acc = await w1.post('get_ln_account_details', { accountId: ids1.account });
    assert.equal(acc.status, 200);
    assert.equal(acc.body.status, 'ACTIVE');
    const cancelled = await t.app.store.db.selectFrom('requests').select('id').where('workspace_id', '=', w1.workspaceId).where('status', '=', 'CANCELLED').execute();
    assert.deepEqual(cancelled, []);
    const list = await w1.post('get_all_ln_accounts', {});
    assert.deepEqual(list.body.map((a: { email: string }) => a.email), [email1]);
  });
});
