import type { Kysely } from 'kysely';
import { isLoginAction } from '../../actions/catalogue.ts';
import { fail, type Fail, type Verification } from '../../actions/outcome.ts';
import { runTableWith, verifyTableOf, type ProviderHandlers } from '../../actions/provider-contract.ts';
import type { RunContext } from '../../actions/run-context.ts';
import { GroupCommitter } from '../../store/group-commit.ts';
import type { Database } from '../../store/tables.ts';
import { accountHandlers } from './handlers/account.ts';
import { pushbackMagic } from './magic.ts';
import { contentHandlers } from './handlers/content.ts';
import { messagingHandlers } from './handlers/messaging.ts';
import { networkHandlers } from './handlers/network.ts';
import { profileHandlers } from './handlers/profiles.ts';
import { openSim, type Sim, type SimDeps, type SimTable } from './handler-context.ts';
import { effectOfRequest } from './effects.ts';
import { sandboxDb, sandboxTrx } from './tables.ts';
import { createWorld } from './world/index.ts';

/**
 * The simulated LinkedIn: a world generated from the seed (world/), LinkedIn's rules (rules.ts),
 * the magic inputs (magic.ts) and durable state in the database (tables of migration 004,
 * sandbox_state and sandbox_effects). Every side-effecting action writes its effect row in the same
 * transaction as its state change, so verify can tell by request id whether it happened.
 */
export function createSandboxProvider(opts: { db: Kysely<Database>; seed: string; committer?: GroupCommitter }): ProviderHandlers {
  // The app's committer lets effect rows share commits with the engine's finishes; alone, its own.
  const committer = opts.committer ?? new GroupCommitter(opts.db);
  // The world is generated on first use (about a quarter of a second), then cached by seed.
  const deps: SimDeps = {
    db: sandboxDb(opts.db),
    seed: opts.seed,
    get world() {
      return createWorld(opts.seed);
    },
    commit: (accountId, fn) => committer.run(accountId, (trx) => fn(sandboxTrx(trx), trx)),
  };
  const table: SimTable = { ...accountHandlers(), ...networkHandlers(), ...profileHandlers(), ...messagingHandlers(), ...contentHandlers() };
  return {
    run: runTableWith(table, async (ctx, action, input) => {
      const s = await openSim(deps, ctx);
      const expired = isLoginAction(action) ? null : await sessionExpired(s);
      return expired ?? (await pushback(s, input)) ?? { ok: true, context: s };
    }),
    // Every side effect is recorded with its request id (Sim.effect), so one check serves them all.
    verify: verifyTableOf((_name, ctx) => verifyByRequest(deps, ctx)),
  };
}

/**
 * The `throttled...` and `bot-suspicion...` magic profiles: LinkedIn answers 429 or 999 the first time
 * a request names one (before anything is done), and lets it through when the hold is over.
 */
async function pushback(s: Sim, input: unknown): Promise<Fail | null> {
  const kind = input && typeof input === 'object' ? pushbackMagic(input as Record<string, unknown>) : null;
  if (!kind) return null;
  const key = `pushback:${s.ctx.requestId}`;
  if (await s.getState<boolean>(key)) return null;
  await s.setState(key, true);
  if (kind === 'THROTTLED') return fail('LINKEDIN_THROTTLED', 'LinkedIn answered HTTP 429 (the sandbox\'s `throttled...` profile): the account is held.', { accountHold: 'THROTTLED' });
  if (kind === 'BOT_SUSPICION') return fail('LINKEDIN_BOT_SUSPICION', 'LinkedIn answered HTTP 999 (the sandbox\'s `bot-suspicion...` profile): the account is held.', { accountHold: 'BOT_SUSPICION' });
  return null;
}

/**
 * `+expireN` accounts: the session ends after N actions following each login. The engine then pauses
 * the account (its requests wait) until login_v2 succeeds again.
 */
async function sessionExpired(s: Sim): Promise<Fail | null> {
  const n = s.traits.expireAfter;
  if (n === null) return null;
  const session = (await s.getState<{ actions: number }>('session')) ?? { actions: 0 };
  if (session.actions >= n) {
    return fail('SESSION_EXPIRED', 'The LinkedIn session has expired. Log the account in again with login_v2; its requests wait until then.', { pauseAccount: true });
  }
  await s.setState('session', { ...session, actions: session.actions + 1 });
  return null;
}

/** The result the run recorded with its effect row: what the handler answered, stored as JSON. */
async function verifyByRequest<R>(deps: SimDeps, ctx: RunContext): Promise<Verification<R>> {
  const effect = await effectOfRequest(deps.db, ctx.requestId);
  return effect ? { happened: true, result: effect.result as R } : { happened: false };
}
