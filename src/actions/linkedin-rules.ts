import { fail, type Fail } from './outcome.ts';

/**
 * LinkedIn's rules that both providers apply the same way: the sandbox simulates them, the live
 * provider checks them before calling LinkedIn (or shapes LinkedIn's answer by them).
 */

/** Invitation note length, as LinkedIn's invite dialog counts it: 300 characters on premium accounts, 200 on free ones. */
export function noteLimit(premium: boolean): number {
  return premium ? 300 : 200;
}

/** NOTE_TOO_LONG when the (trimmed) note is over the account's limit; null when it fits or there is none. */
export function noteTooLong(note: string | null | undefined, premium: boolean, profileId: string): Fail | null {
  const limit = noteLimit(premium);
  if (!note || note.length <= limit) return null;
  return fail('NOTE_TOO_LONG', `The note is ${note.length} characters; LinkedIn accepts at most ${limit} on ${premium ? 'premium' : 'free'} accounts.`, { result: { profile_id: profileId } });
}

/** `start` and `count` of a list request, with the declaration's default and ceiling. */
export function page(input: { start?: number; count?: number }, def: number, max: number): { start: number; count: number } {
  return { start: Math.max(0, Math.floor(input.start ?? 0)), count: Math.min(max, Math.max(1, Math.floor(input.count ?? def))) };
}

/**
 * `next_start` of a list page that returned `got` items: null when there is nothing after it. With
 * the list's total known, exact; without, a full page may have more.
 */
export function nextStart(p: { start: number; count: number }, got: number, total?: number): number | null {
  const next = p.start + p.count;
  if (total === undefined) return got === p.count ? next : null;
  return got > 0 && next < total ? next : null;
}
