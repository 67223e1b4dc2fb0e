import type { ActionName, SideEffectActionName } from '../../actions/catalogue.ts';
import { ProviderError, type Verification } from '../../actions/outcome.ts';
import type { ActionHandler, ActionVerifier } from '../../actions/provider-contract.ts';
import type { RunContext } from '../../actions/run-context.ts';
import { fail, type Fail } from './errors.ts';
import type { QueryIds } from './query-ids.ts';
import type { Session } from './session.ts';

/** What every live action handler gets: the session of its run and the query ids in force. */
export interface Live {
  /** The run's one session (one cookie jar, one browser identity, one pace), made on first use. */
  session(ctx: RunContext): Session;
  /** The query ids in force, refreshed in place (read `q.x` when building a call, not before). */
  q: QueryIds;
}

/** A live handler, typed by the action's declaration (input and result). */
export type Run<K extends ActionName> = ActionHandler<K>;
export type Verify<K extends SideEffectActionName> = ActionVerifier<K>;

/**
 * A verification that could not read LinkedIn. When the wall concerns the whole account (a dead
 * session, LinkedIn throttling it) the answer is "not happened" with that failure, which the engine
 * treats as the run's own (pause, hold) without running the action. Anything else is retried
 * later, since guessing either way could double or lose a side effect.
 */
export function cannotVerify(f: Fail): Verification<never> {
  if (f.pauseAccount || f.accountHold) return { happened: false, fail: f };
  throw new ProviderError(`Could not check whether the action already happened: ${f.message}`, f.code, true);
}

/** An action LinkedIn serves from an API the live provider does not speak (Sales Navigator, Recruiter, SDUI-only writes). */
export const notSupported =
  (what: string, why = "welink's live provider does not speak that LinkedIn API."): ((ctx: RunContext, input: unknown) => Promise<Fail>) =>
  async () =>
    fail('NOT_SUPPORTED', `${what} is not supported in live workspaces yet: ${why}`);

/** The verification of a side effect the live provider never performs (notSupported): it cannot have happened. */
export const neverHappened = async (): Promise<Verification<never>> => ({ happened: false });

/**
 * `total` of a list: LinkedIn's paging total when it sends one; otherwise what this page proves (exact
 * on a short last page, a lower bound on a full one).
 */
export function totalOf(paging: any, start: number, got: number): number {
  const t = paging?.total;
  if (typeof t === 'number' && Number.isFinite(t) && t >= start + got) return t;
  return start + got;
}
