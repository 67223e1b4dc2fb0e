import type { Rng } from './rng.ts';
import { slugify } from './text.ts';

/** LinkedIn-looking identifiers, drawn from a world's random streams. */

const BASE62_CODES = Array.from('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', (c) => c.charCodeAt(0));

/** Member id in LinkedIn's style: "ACoAA" followed by 34 base62 characters (39 in all). */
export function memberId(rng: Rng): string {
  const codes = new Array<number>(34);
  for (let i = 0; i < 34; i++) codes[i] = BASE62_CODES[rng.u32() % 62];
  return 'ACoAA' + String.fromCharCode(...codes);
}

export const MEMBER_ID_PATTERN = /^ACoAA[0-9A-Za-z]{34}$/;

/** "ada-lovelace-3f9a1": the name's slug plus 5 hex digits, as LinkedIn suffixes common names. */
export function publicIdentifier(rng: Rng, firstName: string, lastName: string): string {
  const suffix = (rng.u32() & 0xfffff).toString(16).padStart(5, '0');
  // A name without Latin letters (张伟) has no slug: LinkedIn then uses a generic one.
  const name = [slugify(firstName), slugify(lastName)].filter((part) => part.length > 0).join('-') || 'member';
  return `${name}-${suffix}`;
}

/**
 * A 19-digit activity id. LinkedIn's ids carry their creation time in the bits above the 22nd, so
 * ours do too (sorting ids sorts by time); the low 22 bits are the caller's.
 */
export function activityId(at: number, low22: number): string {
  return ((BigInt(at) << 22n) | BigInt(low22 & 0x3fffff)).toString();
}

/** The low 22 bits of an activity id, or null when `digits` is not one. */
export function activityLowBits(digits: string): number | null {
  if (!/^\d{19}$/.test(digits)) return null;
  return Number(BigInt(digits) & 0x3fffffn);
}

/** A positive integer id of `digits` digits (no leading zero), as a string. */
export function numericId(rng: Rng, digits: number): string {
  let out = String(rng.int(1, 9));
  for (let i = 1; i < digits; i++) out += String(rng.int(0, 9));
  return out;
}
