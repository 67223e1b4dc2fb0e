import { eventCatalogue, type EventDeclaration } from '../events/catalogue.ts';
import { ErrorBodySchema, errorBody, errorCatalogue, type ErrorCode } from './errors.ts';
import type { Operation } from './operation.ts';

/** JSON copy of a TypeBox schema without its `$id` (schemas are inlined or put under components). */
function plain(schema: unknown): any {
  return JSON.parse(JSON.stringify(schema, (k, v) => (k === '$id' ? undefined : v)));
}

function errorResponse(codes: ErrorCode[]): Record<string, unknown> {
  const examples: Record<string, unknown> = {};
  for (const c of codes) examples[c] = { value: errorBody(c, errorCatalogue[c].message) };
  return {
    description: codes.map((c) => `\`${c}\``).join(', '),
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, examples } },
  };
}

/** One event type of the `webhooks` section: its payload plus the We-Link `hash` the delivery adds. */
function webhook(e: EventDeclaration): Record<string, unknown> {
  const body = plain(e.payload);
  body.properties.hash = { type: 'string', description: 'Hex HMAC-SHA256 of the body without `hash` (JSON.stringify, key order as sent), keyed with the endpoint secret.' };
  body.required = [...(body.required ?? []), 'hash'];
  return {
    post: {
      summary: e.summary,
      description: e.description,
      requestBody: { content: { 'application/json': { schema: body, example: { ...e.example, hash: '3f1c…' } } } },
      responses: { '200': { description: 'Any 2xx acknowledges the delivery.' } },
    },
  };
}

/**
 * The OpenAPI 3.1 document, generated from the same operation declarations that build the routes
 * and validate requests, so the two cannot drift.
 */
export function buildOpenApi(operations: Operation[], info: { version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = op.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const codes = new Set<ErrorCode>(['UNAUTHORIZED', 'ACTION_NOT_ALLOWED', 'RATE_LIMITED']);
    if (op.body || op.params) codes.add('VALIDATION_FAILED');
    for (const e of op.errors ?? []) if (e in errorCatalogue) codes.add(e as ErrorCode);
    const byStatus = new Map<number, ErrorCode[]>();
    for (const c of codes) {
      const s = errorCatalogue[c].status;
      byStatus.set(s, [...(byStatus.get(s) ?? []), c]);
    }
    const responses: Record<string, unknown> = {
      [String(op.response.status)]: {
        description: op.response.description,
        content: { 'application/json': { schema: plain(op.response.schema), ...(op.exampleResponse !== undefined ? { example: op.exampleResponse } : {}) } },
      },
    };
    for (const [status, list] of [...byStatus.entries()].sort((a, b) => a[0] - b[0])) responses[String(status)] = errorResponse(list);

    const parameters: unknown[] = [];
    if (op.params) {
      for (const [name, schema] of Object.entries((op.params as any).properties ?? {})) {
        parameters.push({ name, in: 'path', required: true, schema: plain(schema) });
      }
    }
    if (op.limit === 'action') {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Makes retries safe: the same key with the same body returns the first acknowledgement (header Idempotent-Replayed: true) for 24 hours; with another body, 422.',
        schema: { type: 'string', minLength: 1, maxLength: 255 },
      });
    }
    paths[path] ??= {};
    paths[path][op.method.toLowerCase()] = {
      operationId: op.name,
      summary: op.summary,
      description: op.description,
      tags: [op.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: plain(op.body), ...(op.example !== undefined ? { example: op.example } : {}) } },
            },
          }
        : {}),
      responses,
      ...(op.openapi
        ? Object.fromEntries(Object.entries(op.openapi).map(([k, v]) => [k, plain(v)]))
        : {}),
    };
  }

  const webhooks: Record<string, unknown> = {};
  for (const e of eventCatalogue) webhooks[e.type] = webhook(e);

  return {
    openapi: '3.1.0',
    info: {
      title: 'welink API',
      version: info.version,
      description: [
        'A self-hostable implementation of the We-Link API. Every LinkedIn action is asynchronous: it answers at once with a `requestId`, ' +
          "runs later on its account's lane with human-like pacing, and its result is pushed to your webhooks and can be polled with `get_response`.",
        '',
        '## Get a key',
        'On the machine that runs welink: `npx welink keys create --name my-app` prints an API key (`x-api-key`) and an API secret ' +
          '(`x-api-secret`, shown only then). Send both headers on every call; in "Test Request" below, fill them in the authentication fields.',
        '',
        '## The sandbox is the default',
        'A new key belongs to a **sandbox** workspace: every action runs against a simulated LinkedIn and nothing real is touched. ' +
          'Any email and password log in (`login_v2`). Any unknown profile id (e.g. `ACoAAmy-test-1`) is a test profile: every action on it succeeds, ' +
          'it accepts invitations an hour later and answers messages two hours later (simulated time); ids starting with `not-found`, `already-connected`, ' +
          '`invitation-pending` or `out-of-network` give those failures. `sandbox_state` shows what the simulated LinkedIn holds and `sandbox_advance_time` moves its clock. ' +
          'Create a key with `--mode live` for real LinkedIn accounts.',
        '',
        '## Errors',
        'Every error has one shape: `{ statusCode, error, code, message }` (plus `details` for invalid fields), with a stable `code`.',
      ].join('\n'),
    },
    servers: [{ url: '/', description: 'This server' }],
    security: [{ apiKey: [], apiSecret: [] }],
    tags: [
      { name: 'Account management' },
      { name: 'Requests' },
      { name: 'Connections' },
      { name: 'Profiles' },
      { name: 'Messaging' },
      { name: 'Greetings' },
      { name: 'Posts' },
      { name: 'Search' },
      { name: 'Companies' },
      { name: 'Webhook endpoints', description: 'Where your events are delivered: endpoints, signing secrets, delivery logs and replays, the event log. The event payloads themselves are under Webhooks.' },
      { name: 'Sandbox' },
      { name: 'API keys' },
    ],
    paths,
    webhooks,
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'The API key (wl_key_...).' },
        apiSecret: { type: 'apiKey', in: 'header', name: 'x-api-secret', description: 'The API secret (wl_secret_...), shown once at creation.' },
      },
      schemas: { Error: plain(ErrorBodySchema) },
    },
  };
}
