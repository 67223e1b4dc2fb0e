import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { failureCatalogue, type FailureCode } from '../../src/actions/failures.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

/** One example of the document with the schema it illustrates. */
interface Case {
  where: string;
  schema: unknown;
  example: unknown;
}

/** The object at a local `$ref` (`#/components/schemas/Error`). */
function at(doc: any, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .reduce((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}

/** The schema with every local `$ref` replaced by what it points to, so each schema compiles alone. */
function inline(doc: any, node: unknown): unknown {
  if (Array.isArray(node)) return node.map((n) => inline(doc, n));
  if (!node || typeof node !== 'object') return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) return inline(doc, at(doc, ref));
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(doc, v)]));
}

/** Media-type examples (`example` and each of `examples`) of a request body or response. */
function mediaCases(where: string, content: Record<string, any> | undefined): Case[] {
  const out: Case[] = [];
  for (const [type, media] of Object.entries(content ?? {})) {
    if (media.example !== undefined) out.push({ where: `${where} ${type} example`, schema: media.schema, example: media.example });
    for (const [name, ex] of Object.entries<any>(media.examples ?? {})) out.push({ where: `${where} ${type} examples.${name}`, schema: media.schema, example: ex.value });
  }
  return out;
}

/** JSON Schema `examples` inside a schema, each against the schema that carries it. */
function schemaCases(where: string, schema: unknown): Case[] {
  const out: Case[] = [];
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`));
    if (!node || typeof node !== 'object') return;
    const examples = (node as { examples?: unknown }).examples;
    if (Array.isArray(examples)) examples.forEach((example, i) => out.push({ where: `${where}${path} examples[${i}]`, schema: node, example }));
    for (const [k, v] of Object.entries(node)) if (k !== 'examples') walk(v, `${path}.${k}`);
  };
  walk(schema, '');
  return out;
}

function casesOf(doc: any): Case[] {
  const out: Case[] = [];
  const operation = (where: string, op: any) => {
    out.push(...mediaCases(`${where} request`, op.requestBody?.content));
    if (op.requestBody) for (const media of Object.values<any>(op.requestBody.content)) out.push(...schemaCases(`${where} request schema`, media.schema));
    for (const [status, res] of Object.entries<any>(op.responses ?? {})) out.push(...mediaCases(`${where} ${status}`, res.content));
    for (const p of op.parameters ?? []) out.push(...schemaCases(`${where} parameter ${p.name}`, p.schema));
  };
  for (const [path, item] of Object.entries<any>(doc.paths)) for (const [method, op] of Object.entries<any>(item)) operation(`${method.toUpperCase()} ${path}`, op);
  for (const [type, item] of Object.entries<any>(doc.webhooks)) operation(`webhook ${type}`, item.post);
  return out;
}

describe('every example of /openapi.json validates against its schema [sqlite]', () => {
  let t: TestApp;
  let dataDir: string;
  let doc: any;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'welink-openapi-'));
    t = await testApp({ dialect: 'sqlite', databaseUrl: '', dataDir });
    const tenant = await t.tenant();
    const res = await tenant.get('/openapi.json');
    assert.equal(res.status, 200);
    doc = res.body;
  });
  after(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('request, response and webhook examples, and the examples inside schemas', () => {
    // OpenAPI 3.1 schemas are JSON Schema 2020-12; OpenAPI's own keywords (example, x-...) are not validation keywords.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const cases = casesOf(doc);
    const wrong: string[] = [];
    for (const c of cases) {
      const validate = ajv.compile(inline(doc, c.schema) as object);
      if (!validate(c.example)) wrong.push(`${c.where}: ${ajv.errorsText(validate.errors)}`);
    }
    assert.deepEqual(wrong, []);
    // The walk found what the document holds: an example for every action and every webhook.
    assert.ok(cases.filter((c) => c.where.startsWith('webhook ')).length >= Object.keys(doc.webhooks).length);
    assert.ok(cases.filter((c) => c.where.endsWith('request application/json example')).length >= 33);
  });

  it("each action's failure webhook example carries a code of that action, with its message", () => {
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      const op = item.post;
      if (!op?.['x-welink-events']) continue;
      const example = doc.webhooks[op['x-welink-events'].failure].post.requestBody.content['application/json'].example;
      const action = String(example.event_type).replace('/api/v1/', '');
      const codes: string[] = doc.paths[`/api/v1/${action}`].post['x-welink-failure-codes'];
      assert.ok(codes.includes(example.error) && example.status === example.error, `${path}: ${example.error} is not a code of ${action}`);
      assert.equal(example.message, failureCatalogue[example.error as FailureCode].message, path);
    }
  });
});
