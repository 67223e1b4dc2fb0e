import type { Kysely, Transaction } from 'kysely';
import { loginActionNames } from '../actions/catalogue.ts';
import { prepared } from '../store/prepared.ts';
import type { Database } from '../store/tables.ts';

export interface RateLimitPolicy {
  limit: number;
  windowMs: number;
}

export interface WindowUsage {
  limit: number;
  /** Accepted requests of the account inside the window (at most `limit` are read). */
  used: number;
  remaining: number;
  /** Whole seconds until the oldest counted request leaves the window (0 when none is counted). */
  resetSeconds: number;
  /** When the next slot opens if none is free now, else null. */
  nextSlotAt: number | null;
}

// Logins are account management: they do not count (they have their own limit, engine/accept.ts).
/** The accepted_at of an account's `limit` most recent requests inside the window, newest first. */
export function recentAcceptancesQuery(db: Kysely<Database>, accountId: unknown, since: unknown, limit: unknown) {
  return db
    .selectFrom('requests')
    .select('accepted_at')
    .where('account_id', '=', accountId as string)
    .where('accepted_at', '>', since as number)
    .where('action', 'not in', [...loginActionNames])
    .orderBy('accepted_at', 'desc')
    .limit(limit as number);
}

const recentAcceptances = prepared<[accountId: string, since: number, limit: number], { accepted_at: number }>(3, recentAcceptancesQuery);

/**
 * Exact sliding-window log over the requests table itself: the accepted_at of the `limit` most
 * recent requests inside the window. A request accepted at T counts while now < T + window, so the
 * slot it holds frees exactly at T + window. Cancelled requests still count: they were accepted.
 */
export async function windowUsage(
  db: Kysely<Database> | Transaction<Database>,
  accountId: string,
  now: number,
  policy: RateLimitPolicy,
): Promise<WindowUsage> {
  const { rows } = await recentAcceptances(db, accountId, now - policy.windowMs, policy.limit);
  return usageOf(rows.length, rows.length > 0 ? rows[rows.length - 1].accepted_at : null, now, policy);
}

/** The usage of a window holding `used` counted requests (at most `limit`), the oldest accepted at `oldest`. */
export function usageOf(used: number, oldest: number | null, now: number, policy: RateLimitPolicy): WindowUsage {
  const resetSeconds = oldest === null ? 0 : Math.max(1, Math.ceil((oldest + policy.windowMs - now) / 1000));
  const full = used >= policy.limit;
  return {
    limit: policy.limit,
    used,
    remaining: Math.max(0, policy.limit - used),
    resetSeconds,
    nextSlotAt: full && oldest !== null ? oldest + policy.windowMs : null,
  };
}
