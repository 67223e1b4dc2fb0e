import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { errorCatalogue } from '../../src/api/errors.ts';

/** One operation of the served OpenAPI document, flattened for tests that iterate the API. */
export interface DocOperation {
  operationId: string;
  method: string;
  /** OpenAPI path, e.g. /api/v1/requests/{id} */
  path: string;
  bodySchema: any | null;
  example: any;
  pathParams: { name: string; schema: any }[];
  headerParams: string[];
}

/** Reads /openapi.json from the app itself, so tests cover every operation as it lands. */
export async function documentedOperations(server: FastifyInstance): Promise<DocOperation[]> {
  const res = await server.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = JSON.parse(res.body);
  const out: DocOperation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const json = op.requestBody?.content?.['application/json'];
      const params: any[] = op.parameters ?? [];
      out.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        bodySchema: json?.schema ?? null,
        example: json?.example ?? {},
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
        headerParams: params.filter((p) => p.in === 'header').map((p) => p.name),
      });
    }
  }
  return out;
}

/** Fills `{name}` placeholders of an OpenAPI path. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? 'x');
}

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

/** Polls `fn` until it answers a truthy value or `timeoutMs` passes (then throws with `what`). */
export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
