import type { ActionName, SideEffectActionName } from '../../actions/catalogue.ts';
import { ProviderError, type Verification } from '../../actions/outcome.ts';
import type { ActionHandler, ActionVerifier } from '../../actions/provider-contract.ts';
import type { RunContext } from '../../actions/run-context.ts';
import { fail, type Fail } from './errors.ts';
import type { QueryIds } from './query-ids.ts';
import type { Session } from './session.ts';

/** What every live action handler gets: a session for its run and the query ids in force. */
export interface Live {
  session(ctx: RunContext): Session;
  q: QueryIds;
}

/** A live handler, typed by the action's declaration (input and result). */
export type Run<K extends ActionName> = ActionHandler<K>;
export type Verify<K extends SideEffectActionName> = ActionVerifier<K>;

/**
 * A verification that could not read LinkedIn. A dead session answers "not happened": the run that
 * follows meets the same wall and pauses the account. Anything else is retried later, since
 * guessing either way could double or lose a side effect.
 */
export function cannotVerify(f: Fail): Verification<never> {
  if (f.pauseAccount) return { happened: false };
  throw new ProviderError(`Could not check whether the action already happened: ${f.message}`, f.code, true);
}

/** An action LinkedIn serves from an API the live provider does not speak (Sales Navigator, Recruiter). */
export const notSupported =
  (what: string): ((ctx: RunContext, input: unknown) => Promise<Fail>) =>
  async () =>
    fail('NOT_SUPPORTED', `${what} is not supported in live workspaces yet: welink's live provider does not speak that LinkedIn API.`);

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
