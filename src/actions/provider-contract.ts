import { Type, type Static } from '@sinclair/typebox';
import { actionNames, sideEffectActionNames, type ActionName, type InputOf, type ResultOf, type SecretFieldOf, type SideEffectActionName } from './catalogue.ts';
import { ProviderError, type Fail, type Outcome, type Verification } from './outcome.ts';
import type { RunContext } from './run-context.ts';
import type { AccountSync } from './sync-contract.ts';

/**
 * What a LinkedIn provider (the sandbox, the live one) must offer, typed from the catalogue: a
 * handler for every action and a verification for every side-effecting one. A missing or misspelled
 * handler, a wrong input type or a wrong result shape is a compile error in every provider.
 */

/**
 * The request as a handler reads it: the declared input less `accountId` (the account is the run
 * context's) and the secret fields (sealed with the account: `ctx.account.secrets`).
 */
export type HandlerInput<K extends ActionName> = Omit<InputOf<K>, 'accountId' | SecretFieldOf<K>>;

/** One action as a provider runs it: the declared input in, the declared result (or a coded failure) out. */
export type ActionHandler<K extends ActionName, C = RunContext> = (ctx: C, input: HandlerInput<K>) => Promise<Outcome<ResultOf<K>>>;

/** Whether an interrupted side effect already happened, with the declared result when it did. */
export type ActionVerifier<K extends SideEffectActionName, C = RunContext> = (ctx: C, input: HandlerInput<K>) => Promise<Verification<ResultOf<K>>>;

/** A provider's run table: one handler for every catalogue action (an unsupported one answers NOT_SUPPORTED). */
export type RunTable<C = RunContext> = { [K in ActionName]: ActionHandler<K, C> };

/** A provider's verifications: exactly the side-effecting actions (`sideEffect: true`). */
export type VerifyTable<C = RunContext> = { [K in SideEffectActionName]: ActionVerifier<K, C> };

/** Who a session belongs to, as the live provider's session check answers it. */
export const SessionProfile = Type.Object({
  first_name: Type.String(),
  last_name: Type.String(),
  full_name: Type.String(),
  headline: Type.String(),
  location: Type.String(),
  is_premium: Type.Boolean(),
  profile_id: Type.String(),
  public_identifier: Type.String(),
});
export type SessionProfile = Static<typeof SessionProfile>;

/** Whether the account's stored session works, and whose it is (connect_account_cookies asks it before storing cookies). */
export type SessionCheck = (ctx: RunContext) => Promise<Outcome<SessionProfile>>;

export interface ProviderHandlers {
  run: RunTable;
  verify: VerifyTable;
  /** Providers that take session cookies (live) check them with this; the sandbox has none. */
  checkSession?: SessionCheck;
  /** Reads of what happened on LinkedIn since an instant (live): new inbound messages and connections. */
  sync?: AccountSync;
}

/*
 * The engine knows a request's action by its stored name and its input as parsed JSON (validated
 * against the declaration when it was accepted). These two functions are where that untyped pair
 * meets the typed tables: the only casts between the two worlds are here.
 */

/** Runs a request's action with its provider. */
export function runAction(provider: ProviderHandlers, action: ActionName, ctx: RunContext, input: unknown): Promise<Outcome<unknown>> {
  const handler: ((ctx: RunContext, input: never) => Promise<Outcome<unknown>>) | undefined = provider.run[action];
  // A provider built outside the compiler's sight (a test double) may lack it.
  if (typeof handler !== 'function') throw new ProviderError(`This provider cannot run ${action}.`, 'NOT_SUPPORTED', false);
  return handler(ctx, input as never);
}

/** Asks the provider whether an interrupted side effect already happened. */
export function verifyAction(provider: ProviderHandlers, action: SideEffectActionName, ctx: RunContext, input: unknown): Promise<Verification<unknown>> {
  const verifier: ((ctx: RunContext, input: never) => Promise<Verification<unknown>>) | undefined = provider.verify[action];
  if (typeof verifier !== 'function') throw new ProviderError('The previous attempt was interrupted and cannot be verified.', 'OUTCOME_UNKNOWN', false);
  return verifier(ctx, input as never);
}

/**
 * A run table whose handlers take the provider's own context (the sandbox's view of its simulated
 * LinkedIn), as the engine calls it: `open` makes that context for each run, or answers a failure
 * instead of running (an expired session).
 */
export function runTableWith<C>(table: RunTable<C>, open: (ctx: RunContext, action: ActionName, input: unknown) => Promise<{ ok: true; context: C } | Fail>): RunTable {
  const entry = <K extends ActionName>(name: K): ActionHandler<K> => {
    const handler: ActionHandler<K, C> = table[name];
    return async (ctx, input) => {
      const opened = await open(ctx, name, input);
      return opened.ok ? handler(opened.context, input) : opened;
    };
  };
  // Each entry is typed per action; the compiler cannot follow a loop over the names, hence the cast.
  return Object.fromEntries(actionNames.map((name) => [name, entry(name)])) as RunTable;
}

/** A verify table with one verification for every side-effecting action (the sandbox verifies them all alike). */
export function verifyTableOf(verify: <K extends SideEffectActionName>(name: K, ctx: RunContext, input: HandlerInput<K>) => Promise<Verification<ResultOf<K>>>): VerifyTable {
  const entry = <K extends SideEffectActionName>(name: K): ActionVerifier<K> => (ctx, input) => verify(name, ctx, input);
  return Object.fromEntries(sideEffectActionNames.map((name) => [name, entry(name)])) as VerifyTable;
}
