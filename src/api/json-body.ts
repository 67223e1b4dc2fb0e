import { nestedDeeperThan } from '../lib/json-depth.ts';
import { ApiError } from './errors.ts';

/**
 * Deepest nesting of objects and arrays a request body may have (the body itself is level 1).
 * No operation needs more than a few levels; the bound keeps every later walk of the body (validation,
 * the Idempotency-Key fingerprint, storage) cheap and safe from stack exhaustion.
 */
export const MAX_BODY_DEPTH = 64;

export type ParsedBody = { ok: true; value: unknown } | { ok: false; error: ApiError };

/**
 * Parses a JSON request body and refuses, before anything else looks at it, a body nested deeper
 * than {@link MAX_BODY_DEPTH} or holding U+0000 (PostgreSQL text cannot store it). An empty body
 * counts as `{}`, so `curl -X POST` without one works.
 */
export function parseJsonBody(text: string): ParsedBody {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: new ApiError('INVALID_JSON', 'The request body is not valid JSON.') };
  }
  if (nestedDeeperThan(value, MAX_BODY_DEPTH)) {
    return {
      ok: false,
      error: new ApiError('VALIDATION_FAILED', `Invalid request: the body is nested deeper than ${MAX_BODY_DEPTH} levels.`, {
        details: [{ field: 'body', problem: `is nested deeper than ${MAX_BODY_DEPTH} levels` }],
      }),
    };
  }
  // A raw NUL is invalid JSON, so only the escape can smuggle one in: scan only when it appears.
  if (text.includes('\\u0000') && hasNul(value)) return { ok: false, error: nulError('body') };
  return { ok: true, value };
}

export function nulError(where: string): ApiError {
  return new ApiError('VALIDATION_FAILED', 'Invalid request: text may not contain the NUL character (\\u0000).', { details: [{ field: where, problem: 'contains the NUL character' }] });
}

/** True when any string (key or value) inside `value` holds U+0000. Iterative: bodies may nest deeply. */
export function hasNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\0')) return true;
    } else if (v && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (k.includes('\0')) return true;
        stack.push(item);
      }
    }
  }
  return false;
}
