import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerDocs } from '../../src/api/docs.ts';
import { chromiumAvailable, chromiumPath, launchChromium, tryItInScalar } from '../helpers/browser.ts';

// A stand-alone app with a one-operation document, so the docs module is tested on its own.
const credentials = { apiKey: 'wl_test_key', apiSecret: 'wl_test_secret' };
const operationPath = '/api/v1/get_all_ln_accounts';
const unauthorized = {
  statusCode: 401,
  error: 'Unauthorized',
  code: 'UNAUTHORIZED',
  message: 'Missing or invalid x-api-key / x-api-secret.',
};

const document = {
  openapi: '3.1.0',
  info: { title: 'welink API (docs test)', version: '0.0.0' },
  components: {
    securitySchemes: {
      apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      apiSecret: { type: 'apiKey', in: 'header', name: 'x-api-secret' },
    },
  },
  security: [{ apiKey: [], apiSecret: [] }],
  tags: [{ name: 'Account management' }],
  paths: {
    [operationPath]: {
      post: {
        operationId: 'getAllLnAccounts',
        summary: 'List LinkedIn accounts',
        tags: ['Account management'],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object' }, example: {} } },
        },
        responses: {
          '200': {
            description: 'The accounts.',
            content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } },
          },
        },
      },
    },
  },
};

function buildApp(): { app: FastifyInstance; builds: () => number; bodies: unknown[] } {
  const app = Fastify();
  let builds = 0;
  const bodies: unknown[] = [];
  registerDocs(app, {
    openapi: () => {
      builds++;
      return document;
    },
    title: 'welink API',
  });
  app.post(operationPath, async (req, reply) => {
    bodies.push(req.body);
    if (req.headers['x-api-key'] !== credentials.apiKey || req.headers['x-api-secret'] !== credentials.apiSecret) {
      return reply.code(401).send(unauthorized);
    }
    return [];
  });
  return { app, builds: () => builds, bodies };
}

test('docs routes serve the document once built, the page and the local Scalar bundle', async () => {
  const { app, builds } = buildApp();
  try {
    for (let i = 0; i < 2; i++) {
      const res = await app.inject({ method: 'GET', url: '/openapi.json' });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^application\/json/);
      assert.deepEqual(res.json(), document);
    }
    assert.equal(builds(), 1);

    const page = await app.inject({ method: 'GET', url: '/docs' });
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /^text\/html/);
    assert.match(page.body, /<title>welink API<\/title>/);
    assert.match(page.body, /<script src="\/docs\/scalar\.js\?v=[\w.-]+"><\/script>/);
    assert.doesNotMatch(page.body, /https?:\/\//, 'the page links nothing outside this server');

    const script = await app.inject({ method: 'GET', url: '/docs/scalar.js' });
    assert.equal(script.statusCode, 200);
    assert.match(script.headers['content-type'] as string, /^text\/javascript/);
    assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(script.body, /createApiReference/);
  } finally {
    await app.close();
  }
});

const browserRequired = process.env.WELINK_TEST_BROWSER_REQUIRED === '1';
const skip =
  chromiumAvailable() || browserRequired
    ? false
    : `${chromiumPath} not found (apt-get install chromium); set WELINK_TEST_BROWSER_REQUIRED=1 to fail instead`;

test('/docs renders in Chromium and "try it" calls this server with both auth headers', { skip, timeout: 180_000 }, async () => {
  assert.ok(chromiumAvailable(), `WELINK_TEST_BROWSER_REQUIRED=1 but ${chromiumPath} is missing`);
  const { app, bodies } = buildApp();
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const requested: string[] = [];
    context.on('request', (r) => requested.push(r.url()));
    const page = await context.newPage();

    await page.goto(`${base}/docs`);
    const sidebar = page.getByRole('navigation', { name: /^Sidebar/ });
    await sidebar.getByText('Account management').waitFor({ timeout: 30_000 });
    await sidebar.getByText('List LinkedIn accounts').waitFor({ timeout: 30_000 });

    const denied = await tryItInScalar(page, { operationPath, apiKey: credentials.apiKey, apiSecret: 'wrong' });
    assert.equal(denied.status, 401);
    assert.deepEqual(JSON.parse(denied.bodyText), unauthorized);

    const allowed = await tryItInScalar(page, { operationPath, ...credentials, body: '{ "page": 1 }' });
    assert.equal(allowed.status, 200);
    assert.deepEqual(JSON.parse(allowed.bodyText), []);
    assert.deepEqual(bodies, [{}, { page: 1 }], 'the example body, then the edited one');

    const host = new URL(base).host;
    const elsewhere = requested.filter((u) => !/^(data|blob):/.test(u) && new URL(u).host !== host);
    assert.deepEqual(elsewhere, [], 'no request may leave the local server');
    assert.ok(requested.some((u) => u.startsWith(`${base}/docs/scalar.js`)));
  } finally {
    await browser.close();
    await app.close();
  }
});
