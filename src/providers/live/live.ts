import { ProviderError, type Outcome, type RunContext, type Verification } from '../types.ts';
import type { Fail } from './errors.ts';
import type { QueryIds } from './query-ids.ts';
import type { Session } from './session.ts';

/** What every live action handler gets: a session for its run and the query ids in force. */
export interface Live {
  session(ctx: RunContext): Session;
  q: QueryIds;
}

export type Run = (ctx: RunContext, input: any) => Promise<Outcome<any>>;
export type Verify = (ctx: RunContext, input: any) => Promise<Verification<any>>;

/**
 * A verification that could not read LinkedIn. A dead session answers "not happened": the run that
 * follows meets the same wall and pauses the account. Anything else is retried later, since
 * guessing either way could double or lose a side effect.
 */
export function cannotVerify(f: Fail): Verification<never> {
  if (f.pauseAccount) return { happened: false };
  throw new ProviderError(`Could not check whether the action already happened: ${f.message}`, f.code, true);
}
