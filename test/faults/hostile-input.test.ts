import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { loggedInAccount, testApp, type Tenant, type TestApp } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { assertErrorBody } from '../helpers/error-body.ts';
import { documentedOperations, fillPath, type DocOperation } from '../helpers/openapi.ts';

// Fuzzing runs on SQLite only: the HTTP layer and validation are the same code on both dialects.
// Failures print fast-check's seed and path; set WELINK_FUZZ_SEED to replay another seed.
const SEED = Number(process.env.WELINK_FUZZ_SEED ?? 20260105);
const RUNS = Number(process.env.WELINK_FUZZ_RUNS ?? 2500);
const MIB = 1024 * 1024;

/** Values that conform to a (TypeBox-generated) JSON schema, small. */
function conforming(schema: any, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.constant('x');
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf && !schema.type) return fc.oneof(...schema.anyOf.map((s: any) => conforming(s, depth + 1)));
  switch (schema.type) {
    case 'string': {
      const min = schema.minLength ?? 0;
      const max = Math.min(schema.maxLength ?? 40, Math.max(min, 40));
      if (String(schema.pattern ?? '').includes('@')) return fc.emailAddress().filter((e) => e.length >= min && e.length <= (schema.maxLength ?? 320));
      return fc.string({ minLength: min, maxLength: max });
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(conforming(schema.items, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
    case 'object': {
      const props: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries<any>(schema.properties ?? {})) props[k] = conforming(s, depth + 1);
      const required = new Set<string>(schema.required ?? []);
      // anyOf of `required` lists (one of two fields): take the first branch's requirement.
      for (const k of schema.anyOf?.[0]?.required ?? []) required.add(k);
      return fc.record(props, { requiredKeys: [...required].filter((k) => k in props) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A string field at, just below and just above its declared bounds. */
function boundaryStrings(schema: any): string[] {
  const out = [''];
  for (const n of [schema?.minLength, schema?.maxLength]) {
    if (typeof n !== 'number') continue;
    for (const m of [n - 1, n, n + 1]) if (m >= 0 && m < 100000) out.push('a'.repeat(m));
  }
  return out;
}

const DEEP = '__DEEP_NESTING__';
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** Values no schema wants: wrong types, odd characters, pollution keys, huge and deep ones. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom<unknown>(
      null, true, false, 0, -0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, '', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\udbffy', '\ufeff{}',
      '\u202e', '../../etc/passwd', '%00', '%', "' OR 1=1 --", '"; DROP TABLE requests; --', '<script>alert(1)</script>', '${7*7}', '{{7*7}}',
      '__proto__', 'constructor', 'acc_', 'req_', 'acc_00000000000000000000000000', [], {}, [null], [[[]]], { __proto__: null }, 'ACoAA' + 'x'.repeat(34),
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('\ud800', '\udc00', '\u0000', '\uffff', 'a', '\u{1f600}'), maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom(MIB - 200, MIB + 10, 64 * 1024).map((n) => 'a'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom(10, 1000, 10000).map(() => DEEP) },
);

interface Case {
  method: string;
  url: string;
  headers: Record<string, string | string[]>;
  payload?: string;
}

/** The JSON text of `value`, with the deep-nesting marker expanded (JSON.stringify would recurse). */
function toText(value: unknown, depth: number): string {
  return JSON.stringify(value).split(`"${DEEP}"`).join(nested(depth));
}

function caseFor(op: DocOperation, ctx: { tenant: Tenant; accountId: string; victimId: string; requestId: string; other: Tenant }): fc.Arbitrary<Case> {
  const body = conforming(op.bodySchema ?? { type: 'object', properties: {} });
  const props = Object.keys(op.bodySchema?.properties ?? {});
  const fieldNames = props.length ? fc.constantFrom(...props) : fc.constant('x');
  const realIds = (b: any) => {
    if (b && typeof b === 'object' && !Array.isArray(b)) {
      // Disconnecting is irreversible: it gets an account of its own so the others keep a live one.
      if ('accountId' in b) b.accountId = op.operationId === 'disconnect_account' ? ctx.victimId : ctx.accountId;
      for (const k of ['request_id', 'requestId', 'requestID']) if (k in b) b[k] = ctx.requestId;
    }
    return b;
  };

  const payload: fc.Arbitrary<string | undefined> = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(body, fc.boolean()).map(([b, real]) => JSON.stringify(real ? realIds(b) : b)) },
    {
      weight: 6,
      arbitrary: fc.tuple(body, fieldNames, hostileValue, fc.constantFrom(10, 1000, 10000), fc.boolean()).map(([b, k, v, depth, real]) => {
        const o: any = real ? realIds(b) : b;
        if (o && typeof o === 'object') o[k] = v;
        return toText(o, depth);
      }),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(body, fieldNames).chain(([b, k]) =>
        fc.constantFrom(...boundaryStrings(op.bodySchema?.properties?.[k])).map((s) => JSON.stringify({ ...(realIds(b) as object), [k]: s })),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(body, fieldNames).map(([b, k]) => {
        const o: any = { ...(b as object) };
        delete o[k];
        return JSON.stringify(o);
      }),
    },
    {
      weight: 2,
      // Prototype pollution attempts have to be written as text: an object literal would not keep them.
      arbitrary: fc
        .tuple(body, fc.constantFrom('"__proto__":{"polluted":1,"accountId":"x"}', '"constructor":{"prototype":{"polluted":1}}', '"__proto__":null', '"prototype":{"polluted":1}', '"hasOwnProperty":1', '"toString":"x"'))
        .map(([b, extra]) => {
          const text = JSON.stringify(realIds(b));
          return text === '{}' ? `{${extra}}` : text.replace(/^\{/, `{${extra},`);
        }),
    },
    { weight: 1, arbitrary: hostileValue.map((v) => toText(v, 10000)) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.string({ maxLength: 50 }),
        fc.constantFrom('{', '{"a":', '[', '"', 'nul', 'tru', '{"a":1}}', '{}{}', '\ufeff{}', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"a":1,"a":2}', '\u0000', '{"a":"\u0000"}', ' ', '\n\n', '{"a":1e999999}', '-', '1'.repeat(5000)),
        fc.constantFrom(10000, 100000).map((d) => nested(d)),
        fc.constant(undefined),
      ),
    },
  );

  const contentType = fc.oneof(
    { weight: 10, arbitrary: fc.constant<string | string[] | undefined>('application/json') },
    {
      weight: 3,
      arbitrary: fc.constantFrom<string | string[] | undefined>(
        undefined, '', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'APPLICATION/JSON', 'application/vnd.api+json', 'application/problem+json',
        'text/plain', 'text/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'application/octet-stream', 'application/jsonx', 'json', ';;;', '*/*',
        ['application/json', 'application/json'], ['application/json', 'text/plain'],
      ),
    },
  );
  const auth = fc.oneof(
    { weight: 12, arbitrary: fc.constant<Record<string, string | string[]>>(ctx.tenant.headers) },
    {
      weight: 3,
      arbitrary: fc.constantFrom<Record<string, string | string[]>>(
        ctx.other.headers,
        {},
        { 'x-api-key': ctx.tenant.apiKey },
        { 'x-api-key': [ctx.tenant.apiKey, ctx.tenant.apiKey], 'x-api-secret': ctx.tenant.apiSecret },
        { 'x-api-key': ctx.tenant.apiKey, 'x-api-secret': [ctx.tenant.apiSecret, ctx.tenant.apiSecret] },
        { 'x-api-key': [ctx.tenant.apiKey, ctx.other.apiKey], 'x-api-secret': ctx.tenant.apiSecret },
        { 'x-api-key': ctx.tenant.apiKey, 'x-api-secret': ctx.other.apiSecret },
        { 'x-api-key': 'k'.repeat(5000), 'x-api-secret': 's'.repeat(5000) },
        { 'x-api-key': `${ctx.tenant.apiKey}\u0000`, 'x-api-secret': ctx.tenant.apiSecret },
        { 'x-api-key': ` ${ctx.tenant.apiKey} `, 'x-api-secret': ctx.tenant.apiSecret },
      ),
    },
  );
  const idempotency = op.headerParams.includes('Idempotency-Key')
    ? fc.oneof(
        { weight: 3, arbitrary: fc.constant<string | string[] | undefined>(undefined) },
        { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }) },
        {
          weight: 2,
          arbitrary: fc.constantFrom<string | string[] | undefined>('', ' ', 'a'.repeat(255), 'a'.repeat(256), 'k'.repeat(8000), 'key with spaces', 'ключ', '\u00ff\u00fe', 'a\tb', ['k1', 'k2'], ['same', 'same'], '../../', '%00'),
        },
      )
    : fc.constant(undefined);

  const pathValue = fc.oneof(
    fc.constant(ctx.requestId),
    fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s)),
    fc.string({ unit: 'binary', maxLength: 20 }).map((s) => encodeURIComponent(s)),
    fc.constantFrom('%', '%zz', '%00', '%2e%2e%2f%2e%2e', '..%2F..%2Fetc%2Fpasswd', 'a'.repeat(101), 'a'.repeat(600), '%ED%A0%80', '%C0%AF', '%FF', ';x=1', 'a?b=c', 'a%23b', '__proto__', 'constructor', '%20', '.'),
  );
  const query = fc.constantFrom('', '', '', '?__proto__[polluted]=1', '?constructor[prototype][polluted]=1', '?a=1&a=2', '?%ff=%fe', '?' + 'q'.repeat(3000));

  return fc.record({ payload, contentType, auth, idempotency, pathValue, query, wrongMethod: fc.nat(40) }).map((r) => {
    const params: Record<string, string> = {};
    for (const p of op.pathParams) params[p.name] = r.pathValue;
    const headers: Record<string, string | string[]> = { ...r.auth };
    if (r.contentType !== undefined) headers['content-type'] = r.contentType;
    if (r.idempotency !== undefined) headers['idempotency-key'] = r.idempotency;
    const method = r.wrongMethod === 0 ? (op.method === 'GET' ? 'POST' : 'PUT') : op.method;
    return { method, url: fillPath(op.path, params) + r.query, headers, payload: method === 'GET' ? undefined : r.payload };
  });
}

describe('hostile input [sqlite]', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  let accountId: string;
  let victimId: string;
  let requestId: string;
  let ops: DocOperation[];
  const dataDir = mkdtempSync(join(tmpdir(), 'welink-fuzz-'));

  before(async () => {
    t = await testApp({ dialect: 'sqlite', databaseUrl: '', dataDir }, { rateLimit: 100000, syncRateLimit: 10_000_000, sqliteSynchronous: 'NORMAL' });
    tenant = await t.tenant();
    other = await t.tenant();
    accountId = await loggedInAccount(t, tenant);
    victimId = await loggedInAccount(t, tenant, 'victim@example.com');
    const ack = await tenant.post('visit_profile', { accountId, profile_id: 'ACoAA' + 'b'.repeat(34) });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    requestId = ack.body.requestId;
    ops = await documentedOperations(t.app.server);
    assert.ok(ops.length >= 10, 'the OpenAPI document lists the operations');
  });
  after(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const seen = new Map<string, number>();
  const count = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1);
  const check = async (c: Case, label: string) => {
    let res;
    try {
      res = await t.app.server.inject({ method: c.method as 'POST', url: c.url, headers: c.headers as Record<string, string>, payload: c.payload });
    } catch (err) {
      // light-my-request refuses what Node's HTTP client would refuse too (header characters).
      if ((err as { code?: string }).code === 'ERR_INVALID_CHAR' || /Invalid character/.test((err as Error).message)) return void count('unsendable');
      throw err;
    }
    const context = `${label} ${c.method} ${c.url.slice(0, 120)} body=${JSON.stringify((c.payload ?? '').slice(0, 160))} headers=${JSON.stringify(c.headers).slice(0, 200)}`;
    assert.ok(res.statusCode < 500, `${context}: answered ${res.statusCode} ${res.body.slice(0, 300)}`);
    count(res.statusCode >= 300 ? `${res.statusCode} ${JSON.parse(res.body).code}` : String(res.statusCode));
    if (res.statusCode >= 300) assertErrorBody(res.statusCode, res.body, context);
    else JSON.parse(res.body);
  };

  it(`every documented operation survives ${RUNS} seeded random and boundary requests with no 5xx and the one error shape`, async (tc) => {
    const arb = fc.constantFrom(...ops).chain((op) => caseFor(op, { tenant, accountId, victimId, requestId, other }).map((c) => ({ op: op.operationId, c })));
    await fc.assert(
      fc.asyncProperty(arb, async ({ op, c }) => check(c, op)),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    tc.diagnostic(`answers: ${JSON.stringify(Object.fromEntries([...seen].sort()))}`);
    assert.equal(({} as any).polluted, undefined, 'Object.prototype was polluted');
    const health = await t.app.server.inject({ method: 'GET', url: '/healthz' });
    assert.equal(health.statusCode, 200);
  });

  it('the engine runs every fuzzed request that was accepted to a terminal state without crashing', async () => {
    await t.app.engine.drain();
    const rows = await t.app.store.db.selectFrom('requests').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    const open = rows.filter((r) => r.status === 'QUEUED' || r.status === 'RUNNING').reduce((s, r) => s + Number(r.n), 0);
    assert.equal(open, 0, `requests left open: ${JSON.stringify(rows)}`);
    const health = await t.app.server.inject({ method: 'GET', url: '/healthz' });
    assert.equal(health.statusCode, 200);
  });

  it('a real socket: invalid UTF-8, malformed HTTP and oversized headers get the error shape or a closed connection, and the server stays up', async () => {
    await t.app.server.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.server.address() as { port: number }).port;
    const auth = `x-api-key: ${tenant.apiKey}\r\nx-api-secret: ${tenant.apiSecret}\r\n`;
    const post = (path: string, body: Buffer, extra = '') =>
      Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n${auth}content-type: application/json\r\ncontent-length: ${body.length}\r\n${extra}connection: close\r\n\r\n`), body]);
    const json = (prefix: string, bytes: number[], suffix: string) => Buffer.concat([Buffer.from(prefix), Buffer.from(bytes), Buffer.from(suffix)]);
    const login = (bytes: number[]) => post('/api/v1/login_v2', json('{"email":"a', bytes, '@example.com","password":"p"}'));
    const raw: Record<string, Buffer> = {
      'invalid UTF-8 in a string (0xff 0xfe)': login([0xff, 0xfe]),
      'overlong encoding (0xc0 0xaf)': login([0xc0, 0xaf]),
      'UTF-8-encoded lone surrogate (0xed 0xa0 0x80)': login([0xed, 0xa0, 0x80]),
      'truncated multibyte sequence': login([0xe2, 0x82]),
      'invalid UTF-8 outside strings': post('/api/v1/get_all_ln_accounts', Buffer.from([0x7b, 0xff, 0x7d])),
      'invalid UTF-8 in an account id': post('/api/v1/get_ln_account_details', json('{"accountId":"', [0xf8, 0x88, 0x80, 0x80, 0x80], '"}')),
      'NUL bytes in the body': post('/api/v1/get_response', Buffer.from('{"request_id":"\u0000\u0000"}\u0000')),
      'invalid UTF-8 in the path': Buffer.from(`GET /api/v1/requests/\xff\xfe HTTP/1.1\r\nhost: x\r\n${auth}connection: close\r\n\r\n`, 'latin1'),
      'invalid UTF-8 in a header value': Buffer.concat([Buffer.from(`POST /api/v1/visit_profile HTTP/1.1\r\nhost: x\r\n${auth}content-type: application/json\r\nidempotency-key: `), Buffer.from([0xff, 0xc0]), Buffer.from('\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}')]),
      'body shorter than content-length': Buffer.from(`POST /api/v1/get_all_ln_accounts HTTP/1.1\r\nhost: x\r\n${auth}content-type: application/json\r\ncontent-length: 100\r\n\r\n{}`),
      'content-length and transfer-encoding together': Buffer.from(`POST /api/v1/get_all_ln_accounts HTTP/1.1\r\nhost: x\r\n${auth}content-type: application/json\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n`),
      'two different content-lengths': Buffer.from(`POST /api/v1/get_all_ln_accounts HTTP/1.1\r\nhost: x\r\n${auth}content-type: application/json\r\ncontent-length: 2\r\ncontent-length: 3\r\nconnection: close\r\n\r\n{} `),
      'invalid chunk size': Buffer.from(`POST /api/v1/get_all_ln_accounts HTTP/1.1\r\nhost: x\r\n${auth}content-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`),
      'chunked body over 1 MiB': Buffer.concat([
        Buffer.from(`POST /api/v1/get_all_ln_accounts HTTP/1.1\r\nhost: x\r\n${auth}content-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n`),
        Buffer.from(`${(MIB + 16).toString(16)}\r\n"${'a'.repeat(MIB + 14)}"\r\n0\r\n\r\n`),
      ]),
      'duplicated content-type and x-api-key': Buffer.from(
        `POST /api/v1/get_all_ln_accounts HTTP/1.1\r\nhost: x\r\n${auth}x-api-key: ${tenant.apiKey}\r\ncontent-type: application/json\r\ncontent-type: text/plain\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`,
      ),
      'garbage request line': Buffer.from('\x00\x01\x02 GARBAGE\r\n\r\n'),
      'request line without version': Buffer.from('GET /healthz\r\n\r\n'),
      'unknown HTTP version': Buffer.from('GET /healthz HTTP/9.9\r\nhost: x\r\n\r\n'),
      'header without a colon': Buffer.from(`GET /healthz HTTP/1.1\r\nhost: x\r\nthis is not a header\r\n\r\n`),
      'space before the header colon': Buffer.from(`GET /healthz HTTP/1.1\r\nhost : x\r\n\r\n`),
      'bare LF line endings': Buffer.from('GET /healthz HTTP/1.1\nhost: x\n\n'),
      'NUL in a header value': Buffer.from(`GET /healthz HTTP/1.1\r\nhost: x\r\nx-a: a\x00b\r\n\r\n`),
      'headers over 16 KiB': Buffer.from(`GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20000)}\r\n\r\n`),
      'absolute-form URL to another host': Buffer.from(`GET http://169.254.169.254/latest/meta-data HTTP/1.1\r\nhost: 169.254.169.254\r\nconnection: close\r\n\r\n`),
      'asterisk-form URL': Buffer.from('OPTIONS * HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n'),
      'CONNECT method': Buffer.from('CONNECT 127.0.0.1:22 HTTP/1.1\r\nhost: 127.0.0.1:22\r\n\r\n'),
      'unknown method': Buffer.from('BREW /api/v1/get_all_ln_accounts HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n'),
      'path traversal': Buffer.from('GET /api/v1/../../../etc/passwd HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n'),
      'percent-encoded garbage path': Buffer.from('GET /api/v1/requests/%zz%ff HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n'),
    };

    const send = (bytes: Buffer) =>
      new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = [];
        const s = connect({ port, host: '127.0.0.1' });
        const done = () => {
          clearTimeout(timer);
          s.destroy();
          resolve(Buffer.concat(chunks));
        };
        // A request the server waits on (short body) is cut after a bound; what it answered so far counts.
        const timer = setTimeout(done, 3000);
        s.on('data', (d) => chunks.push(d));
        s.on('end', done);
        s.on('close', done);
        s.on('error', done);
        s.write(bytes, () => {
          // Half-close only for the short-body case, where the server must see the end to answer.
          if (bytes.includes(Buffer.from('content-length: 100'))) s.end();
        });
      });

    for (const [name, bytes] of Object.entries(raw)) {
      const answer = (await send(bytes)).toString('latin1');
      // Several responses can be pipelined on one connection: check each status line.
      const statuses = [...answer.matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1]));
      for (const status of statuses) assert.ok(status < 500, `${name}: answered ${status}: ${answer.slice(0, 300)}`);
      if (statuses.length === 1 && statuses[0] >= 300) {
        const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
        const chunked = /transfer-encoding: chunked/i.test(answer.slice(0, answer.indexOf('\r\n\r\n')));
        assertErrorBody(statuses[0], chunked ? dechunk(body) : body, name);
      }
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(health.status, 200, `after ${name}`);
    }
  });
});

// The fixed hostile values in every field of every operation, on both stores: PostgreSQL refuses
// some text that SQLite stores (NUL), so this part cannot trust one dialect for the other.
forEachDialect('hostile values in every field', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  let accountId: string;
  let victimId: string;
  let requestId: string;
  let ops: DocOperation[];
  before(async () => {
    t = await testApp(env(), { rateLimit: 100000, syncRateLimit: 10_000_000 });
    tenant = await t.tenant();
    accountId = await loggedInAccount(t, tenant);
    victimId = await loggedInAccount(t, tenant, 'victim@example.com');
    const ack = await tenant.post('visit_profile', { accountId, profile_id: 'ACoAA' + 'b'.repeat(34) });
    requestId = ack.body.requestId;
    ops = await documentedOperations(t.app.server);
  });
  after(() => t.close());

  it('no 5xx and the one error shape for NUL, lone surrogates, deep nesting and sizes around 1 MiB in each field and path parameter', async () => {
    const fixed: (string | { deep: number } | { size: number })[] = ['\u0000', 'a\u0000b', '\ud800', 'a\udfffb', '\ufeff', { deep: 10000 }, { size: MIB + 1 }, { size: MIB - 200 }];
    const pathValues = ['%00', 'a%00b', '%ED%A0%80', '%FF%FE', '%ED%A0%BD', 'a'.repeat(501)];
    let sent = 0;
    for (const op of ops) {
      const base: Record<string, unknown> = { ...(op.example as object) };
      if ('accountId' in base) base.accountId = op.operationId === 'disconnect_account' ? victimId : accountId;
      for (const k of ['request_id', 'requestId', 'requestID']) if (k in base) base[k] = requestId;
      const fields = Object.keys(op.bodySchema?.properties ?? {});
      const urls = op.pathParams.length ? pathValues.map((v) => fillPath(op.path, Object.fromEntries(op.pathParams.map((p) => [p.name, v])))) : [op.path];
      for (const url of urls) {
        // The near-1 MiB body goes into one field per operation: parsing it is what costs, not the field.
        const payloads = op.method === 'GET' ? [undefined] : fields.flatMap((field, i) => fixed.filter((v) => i === 0 || typeof v !== 'object' || !('size' in v) || v.size > MIB).map((v) => (typeof v === 'string' ? JSON.stringify({ ...base, [field]: v }) : 'deep' in v ? toText({ ...base, [field]: DEEP }, v.deep) : JSON.stringify({ ...base, [field]: 'y'.repeat(v.size) }))));
        for (const payload of payloads.length ? payloads : [JSON.stringify({ x: '\u0000' })]) {
          const res = await t.app.server.inject({ method: op.method as 'POST', url, headers: { ...tenant.headers, 'content-type': 'application/json' }, payload });
          const context = `${op.operationId} ${url.slice(0, 80)} ${JSON.stringify((payload ?? '').slice(0, 120))}`;
          assert.ok(res.statusCode < 500, `${context}: answered ${res.statusCode} ${res.body.slice(0, 300)}`);
          if (res.statusCode >= 300) assertErrorBody(res.statusCode, res.body, context);
          sent++;
        }
      }
    }
    assert.ok(sent > 100);
    await t.app.engine.drain();
    const open = await t.app.store.db.selectFrom('requests').select('id').where('status', 'in', ['QUEUED', 'RUNNING']).execute();
    assert.equal(open.length, 0, 'the engine finished every accepted request');
    assert.equal((await t.app.server.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  });
});

function dechunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const nl = rest.indexOf('\r\n');
    if (nl < 0) return out;
    const size = parseInt(rest.slice(0, nl), 16);
    if (!size) return out;
    out += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 2 + size + 2);
  }
}
