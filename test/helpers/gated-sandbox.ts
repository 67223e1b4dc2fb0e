import type { Kysely } from 'kysely';
import type { ActionName, SideEffectActionName } from '../../src/actions/catalogue.ts';
import type { Outcome } from '../../src/actions/outcome.ts';
import { runAction, verifyAction, type ProviderHandlers } from '../../src/actions/provider-contract.ts';
import type { RunContext } from '../../src/actions/run-context.ts';
import { createSandboxProvider } from '../../src/providers/sandbox/provider.ts';
import type { Database } from '../../src/store/tables.ts';

/** A run of a held action, stopped at the gate until the test lets it answer. */
export interface Gate {
  /** Resolves when a run of the action has reached the gate (after the sandbox did its effect, with `effectFirst`). */
  reached: Promise<void>;
  /** Lets the held run answer: the sandbox's own outcome, or `outcome` instead. Later runs pass through. */
  release(outcome?: Outcome<unknown>): void;
  /** Makes the held run throw `err` (infrastructure trouble) instead of answering. */
  fail(err: Error): void;
}

/**
 * The real sandbox with a gate in front of chosen actions, so a test can hold a run in the middle
 * (the request RUNNING in the store) while it does something else: disconnect the account, stop
 * the engine. Handed to createApp as the sandbox provider; `db` is read at the first call, once the
 * app (and its store) exists.
 */
export function gatedSandbox(db: () => Kysely<Database>): { provider: ProviderHandlers; hold(action: string, o?: { effectFirst?: boolean }): Gate } {
  let real: ProviderHandlers | null = null;
  const sandbox = () => (real ??= createSandboxProvider({ db: db(), seed: 'welink' }));
  const gates = new Map<string, { effectFirst: boolean; arrive: () => void; opened: Promise<Outcome<unknown> | Error | undefined> }>();

  const run = new Proxy({} as ProviderHandlers['run'], {
    get: (_t, name: ActionName) => async (ctx: RunContext, input: unknown) => {
      const gate = gates.get(name);
      if (!gate) return runAction(sandbox(), name, ctx, input);
      gates.delete(name);
      const own = gate.effectFirst ? await runAction(sandbox(), name, ctx, input) : undefined;
      gate.arrive();
      const given = await gate.opened;
      if (given instanceof Error) throw given;
      return given ?? own ?? runAction(sandbox(), name, ctx, input);
    },
  });
  const verify = new Proxy({} as ProviderHandlers['verify'], {
    get: (_t, name: SideEffectActionName) => (ctx: RunContext, input: unknown) => verifyAction(sandbox(), name, ctx, input),
  });

  return {
    provider: { run, verify },
    hold(action, o = {}) {
      let arrive = () => {};
      let open: (v: Outcome<unknown> | Error | undefined) => void = () => {};
      const reached = new Promise<void>((r) => (arrive = r));
      const opened = new Promise<Outcome<unknown> | Error | undefined>((r) => (open = r));
      gates.set(action, { effectFirst: o.effectFirst ?? false, arrive, opened });
      return { reached, release: (outcome) => open(outcome), fail: (err) => open(err) };
    },
  };
}
