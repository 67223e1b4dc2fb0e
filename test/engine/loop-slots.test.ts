import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { ActionName, SideEffectActionName } from '../../src/actions/catalogue.ts';
import { runAction, verifyAction, type ProviderHandlers } from '../../src/actions/provider-contract.ts';
import type { RunContext } from '../../src/actions/run-context.ts';
import { createSandboxProvider } from '../../src/providers/sandbox/provider.ts';
import { loggedInAccount, testApp, type TestApp } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * The background loop hands a lane's slot to the next lane as soon as the provider call is over,
 * while the outcome still commits. The slots must still bound the provider calls at once, an account
 * must still run one request at a time in acceptance order, and each request must run exactly once.
 */
forEachDialect('engine loop slots', (env) => {
  let t: TestApp;
  const calls: { accountId: string; requestId: string }[] = [];
  let inFlight = 0;
  let most = 0;
  const busyAccounts = new Set<string>();
  const overlaps: string[] = [];
  let real: ProviderHandlers | null = null;
  const sandbox = () => (real ??= createSandboxProvider({ db: t.app.store.db, seed: 'welink' }));
  const run = new Proxy({} as ProviderHandlers['run'], {
    get: (_t, name: ActionName) => async (ctx: RunContext, input: unknown) => {
      if (busyAccounts.has(ctx.account.id)) overlaps.push(ctx.account.id);
      busyAccounts.add(ctx.account.id);
      inFlight++;
      most = Math.max(most, inFlight);
      calls.push({ accountId: ctx.account.id, requestId: ctx.requestId });
      try {
        // A turn of the event loop inside the call, so calls of several lanes overlap.
        await new Promise((r) => setImmediate(r));
        return await runAction(sandbox(), name, ctx, input);
      } finally {
        inFlight--;
        busyAccounts.delete(ctx.account.id);
      }
    },
  });
  const verify = new Proxy({} as ProviderHandlers['verify'], {
    get: (_t, name: SideEffectActionName) => (ctx: RunContext, input: unknown) => verifyAction(sandbox(), name, ctx, input),
  });

  before(async () => {
    t = await testApp(env(), { workerConcurrency: 3, pollMs: 20 }, { providers: { sandbox: { run, verify } } });
  });
  after(() => t.close());

  it('at most `concurrency` provider calls at once, one per account, in acceptance order, each request once', async () => {
    const tenant = await t.tenant();
    const accounts: string[] = [];
    for (let i = 0; i < 7; i++) accounts.push(await loggedInAccount(t, tenant, `slots.${i}@example.com`));
    calls.length = 0;
    most = 0;
    const order = new Map<string, string[]>(accounts.map((a) => [a, []]));
    for (let j = 0; j < 6; j++) {
      for (const accountId of accounts) {
        const ack = await tenant.post('visit_profile', { accountId, profile_id: `ACoAAslot${j}x${accountId.slice(-6)}` });
        assert.equal(ack.status, 200);
        order.get(accountId)!.push(ack.body.requestId);
      }
    }
    const ids = [...order.values()].flat();
    await t.app.engine.start();
    try {
      await waitFor(
        'every visit finished',
        async () => (await t.app.store.db.selectFrom('requests').select('id').where('id', 'in', ids).where('status', '=', 'SUCCESS').execute()).length === ids.length,
        30_000,
      );
    } finally {
      await t.app.engine.stop();
    }
    assert.ok(most <= 3, `${most} provider calls at once with 3 slots`);
    assert.ok(most > 1, 'lanes ran side by side');
    assert.deepEqual(overlaps, [], 'an account ran two requests at once');
    for (const [accountId, accepted] of order) {
      assert.deepEqual(
        calls.filter((c) => c.accountId === accountId).map((c) => c.requestId),
        accepted,
        `account ${accountId} ran its requests once each, in acceptance order`,
      );
    }
    const rows = await t.app.store.db.selectFrom('requests').select(['id', 'attempts']).where('id', 'in', ids).execute();
    for (const r of rows) assert.equal(Number(r.attempts), 1);
    const effects = await t.app.store.db.selectFrom('sandbox_effects').select('request_id').where('request_id', 'in', ids).execute();
    assert.equal(new Set(effects.map((e) => e.request_id)).size, ids.length);
    assert.equal(effects.length, ids.length);
    const events = await t.app.store.db.selectFrom('events').select('request_id').where('request_id', 'in', ids).execute();
    assert.equal(events.length, ids.length, 'one event per request');
  });
});
