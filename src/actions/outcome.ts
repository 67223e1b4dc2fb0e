import type { BudgetCategory } from './budgets.ts';
import { failureCatalogue, type FailureCode } from './failures.ts';

/**
 * What a provider answers for one action. Expected outcomes are values: the declared result, or a
 * failure with a code of the failure catalogue. A provider throws only for infrastructure trouble
 * (network, timeouts), as ProviderError.
 */
export type Outcome<R> = { ok: true; result: R } | Fail;

/** An action's expected failure. */
export interface Fail {
  ok: false;
  code: FailureCode;
  message: string;
  /** The account cannot act until it is reconnected (SESSION_EXPIRED, CHECKPOINT_REQUIRED): pause, don't fail. */
  pauseAccount?: boolean;
  /** A LinkedIn budget is spent: the request waits until then instead of failing. */
  retryAt?: number;
  /**
   * LinkedIn pushed back on the whole account: HTTP 429 (THROTTLED) or 999 (BOT_SUSPICION). Nothing
   * was done; the engine holds the account (no call of any kind to LinkedIn until the hold ends)
   * and the request waits in its place.
   */
  accountHold?: 'THROTTLED' | 'BOT_SUSPICION';
  /**
   * LinkedIn refused one category of actions (the weekly invitation limit, InMail credits, the note
   * quota). Nothing was done; every request of that category waits until `until` (the engine's
   * default for the category when absent), the account's other requests go on.
   */
  categoryHold?: { category: BudgetCategory; until?: number };
  /** Extra fields for the failure payload (e.g. the profile_id it was about). */
  result?: Record<string, unknown>;
}

/** A failure with the catalogue's default message unless a more precise one is given. */
export function fail(
  code: FailureCode,
  message: string = failureCatalogue[code].message,
  extra: Pick<Fail, 'pauseAccount' | 'retryAt' | 'result' | 'accountHold' | 'categoryHold'> = {},
): Fail {
  return { ok: false, code, message, ...extra };
}

/**
 * Whether a side effect already happened, asked after a crash before running an action again.
 * `fail` is set when the check itself met a wall that concerns the whole account (LinkedIn
 * throttling it, a dead session): nothing can be known, and running the action now would call
 * LinkedIn again; the engine treats it as that run's failure.
 */
export type Verification<R> = { happened: true; result: R } | { happened: false; fail?: Fail };

/**
 * Infrastructure trouble in a provider (LinkedIn unreachable, a timeout). `retryable` lets the
 * engine decide, without parsing messages, whether to run the request again later.
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly code: FailureCode,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
