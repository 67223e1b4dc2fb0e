import { configure } from 'safe-stable-stringify';
import { nestedDeeperThan } from '../lib/json-depth.ts';

/**
 * Deepest value the canonical form accepts. Request bodies are refused past 64 levels before they
 * get here (api/json-body.ts), so this only guards other callers; the library recurses, and the
 * bound keeps that recursion far from the stack limit.
 */
export const MAX_CANONICAL_DEPTH = 256;

// Keys sorted (UTF-16 code unit order, as `Array.prototype.sort`), no whitespace, `undefined`
// properties left out: byte for byte what the earlier hand-written version produced, so the
// fingerprints stored under live Idempotency-Keys still match after an upgrade.
const stringify = configure({ deterministic: true, circularValue: TypeError, bigint: false });

/** JSON with object keys sorted, so that two bodies that differ only in key order compare equal. */
export function canonicalJson(value: unknown): string {
  if (nestedDeeperThan(value, MAX_CANONICAL_DEPTH)) throw new RangeError(`canonicalJson: value nested deeper than ${MAX_CANONICAL_DEPTH} levels`);
  return stringify(value) ?? 'null';
}
