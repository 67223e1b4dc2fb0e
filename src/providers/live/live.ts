import type { ActionHandler, ActionVerifier, ContractActionName } from '../../actions/provider-contract.ts';
import { ProviderError, type RunContext, type Verification } from '../types.ts';
import { fail, type Fail } from './errors.ts';
import type { QueryIds } from './query-ids.ts';
import type { Session } from './session.ts';

/** What every live action handler gets: a session for its run and the query ids in force. */
export interface Live {
  session(ctx: RunContext): Session;
  q: QueryIds;
}

/** A live handler, typed by the action's declaration (input and result). */
export type Run<K extends ContractActionName> = ActionHandler<K>;
export type Verify<K extends ContractActionName> = ActionVerifier<K>;

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
  (what: string): ((ctx: unknown, input: unknown) => Promise<Fail>) =>
  async () =>
    fail('NOT_SUPPORTED', `${what} is not supported in live workspaces yet: welink's live provider does not speak that LinkedIn API.`);

/** `start` and `count` of a list request, with the declaration's default and ceiling. */
export function page(input: { start?: number; count?: number }, def: number, max: number): { start: number; count: number } {
  return { start: Math.max(0, Math.floor(input.start ?? 0)), count: Math.min(max, Math.max(1, Math.floor(input.count ?? def))) };
}

/**
 * `total` of a list: LinkedIn's paging total when it sends one; otherwise what this page proves (exact
 * on a short last page, a lower bound on a full one).
 */
export function totalOf(paging: any, start: number, got: number): number {
  const t = paging?.total;
  if (typeof t === 'number' && Number.isFinite(t) && t >= start + got) return t;
  return start + got;
}
