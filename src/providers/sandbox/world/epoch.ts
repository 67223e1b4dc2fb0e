/**
 * The instant the world is generated "at": post dates, job starts and event dates are relative to
 * it, never to the wall clock, so a seed always gives the same world. The sandbox can shift them by
 * (its now - WORLD_EPOCH) if it wants them to look recent.
 */
export const WORLD_EPOCH = Date.UTC(2025, 0, 1);
export const WORLD_EPOCH_YEAR = new Date(WORLD_EPOCH).getUTCFullYear();

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1-12), February counted as 28 so a birthday exists every year. */
export function daysInMonth(month: number): number {
  return DAYS_IN_MONTH[month - 1];
}
