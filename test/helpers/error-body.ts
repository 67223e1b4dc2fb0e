import assert from 'node:assert/strict';
import { errorCatalogue } from '../../src/api/errors.ts';

const REQUIRED_KEYS = ['statusCode', 'error', 'code', 'message'];
const OPTIONAL_KEYS = ['details', 'retryAt'];

/**
 * Asserts the one error shape: `{statusCode, error, code, message}` plus optional `details` and
 * `retryAt`, with `statusCode` equal to the HTTP status. Answers the parsed body.
 */
export function assertErrorBody(status: number, raw: string, context: string): Record<string, unknown> {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw);
  } catch {
    assert.fail(`${context}: ${status} answered a body that is not JSON: ${JSON.stringify(raw.slice(0, 200))}`);
  }
  assert.ok(body && typeof body === 'object' && !Array.isArray(body), `${context}: error body is not an object`);
  for (const k of REQUIRED_KEYS) assert.ok(k in body, `${context}: error body lacks ${k}: ${raw.slice(0, 300)}`);
  for (const k of Object.keys(body)) assert.ok(REQUIRED_KEYS.includes(k) || OPTIONAL_KEYS.includes(k), `${context}: unexpected key ${k} in error body: ${raw.slice(0, 300)}`);
  assert.equal(body.statusCode, status, `${context}: statusCode ${body.statusCode} differs from HTTP ${status}`);
  assert.equal(typeof body.error, 'string', context);
  assert.ok(String(body.code) in errorCatalogue, `${context}: code ${body.code} is not in the error catalogue`);
  assert.equal(errorCatalogue[body.code as keyof typeof errorCatalogue].status, status, `${context}: ${body.code} answered with HTTP ${status}`);
  assert.equal(typeof body.message, 'string', context);
  if ('details' in body) assert.ok(Array.isArray(body.details), `${context}: details is not an array`);
  return body;
}
