import type { Random } from '../lib/random.ts';

/** Bounds on a receiver's `Retry-After`: it may slow us down, within reason, but not stall a delivery for days. */
export const RETRY_AFTER_MIN_MS = 1000;
export const RETRY_AFTER_MAX_MS = 24 * 3600 * 1000;

/** Relative jitter on each scheduled delay, so retries of many deliveries do not arrive in lockstep. */
export const JITTER = 0.2;

/**
 * When the next attempt of a delivery happens, or null when its schedule is exhausted.
 * `schedule[k]` is the delay in seconds before attempt k+1 (the first, `schedule[0]`, is applied
 * when the delivery is created); `attemptsMade` counts the attempts already made in this run of
 * the schedule. A receiver's `Retry-After` replaces the scheduled delay, clamped to
 * [RETRY_AFTER_MIN_MS, RETRY_AFTER_MAX_MS]; it never grants extra attempts.
 */
export function nextAttemptAt(
  now: number,
  attemptsMade: number,
  schedule: readonly number[],
  random: Random,
  retryAfterMs?: number,
): number | null {
  if (attemptsMade >= schedule.length) return null;
  if (retryAfterMs !== undefined) {
    return now + Math.min(RETRY_AFTER_MAX_MS, Math.max(RETRY_AFTER_MIN_MS, retryAfterMs));
  }
  const base = schedule[attemptsMade] * 1000;
  const factor = 1 - JITTER + 2 * JITTER * random.next();
  return now + Math.round(base * factor);
}
