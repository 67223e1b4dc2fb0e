import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';

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
