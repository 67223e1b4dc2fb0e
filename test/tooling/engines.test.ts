import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
// @ts-expect-error: a plain .mjs script without types
import { engineProblems } from '../../scripts/check-engines.mjs';

const lock = (ours: string, deps: Record<string, { version: string; engines?: { node?: string } }>) => ({
  packages: { '': { engines: { node: ours } }, ...Object.fromEntries(Object.entries(deps).map(([n, p]) => [`node_modules/${n}`, p])) },
});

it('flags a dependency whose engines.node excludes part of ours (cookie@2 wants Node 22, we run on 20)', () => {
  const problems = engineProblems(
    lock('>=20.10', {
      cookie: { version: '2.0.2', engines: { node: '>=22' } },
      'light-my-request/node_modules/x': { version: '1.0.0', engines: { node: '>=18' } },
      entities: { version: '9.0.0', engines: { node: '>=20.19.0' } },
      'better-sqlite3': { version: '12.11.1', engines: { node: '20.x || 22.x || 23.x || 24.x || 25.x || 26.x' } },
    }),
  );
  assert.deepEqual(problems, [
    'cookie@2.0.2 (node_modules/cookie) needs node ">=22", narrower than ours ">=20.10"',
    'entities@9.0.0 (node_modules/entities) needs node ">=20.19.0", narrower than ours ">=20.10"',
    'better-sqlite3@12.11.1 (node_modules/better-sqlite3) needs node "20.x || 22.x || 23.x || 24.x || 25.x || 26.x", narrower than ours ">=20.10"',
  ]);
});

it('our package-lock.json is consistent: every dependency supports every Node version we declare, Node 20 included', () => {
  const real = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8'));
  assert.deepEqual(engineProblems(real), []);
  assert.match(real.packages[''].engines.node, /\^20\./);
  // Nested under light-my-request, or hoisted when nothing else wants another cookie: what it resolves.
  const cookie = real.packages['node_modules/light-my-request/node_modules/cookie'] ?? real.packages['node_modules/cookie'];
  assert.equal(cookie?.version, '1.1.1', 'light-my-request gets the Node 20 cookie through the override');
});

it('app.inject still sends cookies with the overridden cookie package (light-my-request uses its stringifySetCookie)', async () => {
  const { default: Fastify } = await import('fastify');
  const app = Fastify();
  app.get('/echo', async (req) => ({ cookie: req.headers.cookie ?? null }));
  const res = await app.inject({ method: 'GET', url: '/echo', cookies: { li_at: 'AQED', note: 'a b;c' } });
  assert.deepEqual(res.json(), { cookie: 'li_at=AQED; note=a%20b%3Bc' });
  const pathScoped = await app.inject({ method: 'GET', url: '/echo', cookies: [{ name: 'x', value: '1', path: '/other' }, { name: 'y', value: '2', path: '/' }] });
  assert.deepEqual(pathScoped.json(), { cookie: 'y=2' });
  await app.close();
});

it('a workspace package (the published SDK) must declare exactly our engines.node, and ours does', () => {
  const ours = '^20.19.0 || ^22.0.0 || ^24.0.0 || ^26.0.0';
  const problems = engineProblems({ packages: { '': { engines: { node: ours } }, 'packages/sdk': { name: '@welink/sdk', version: '0.1.0', engines: { node: '>=20.10' } } } });
  assert.deepEqual(problems, [`workspace package @welink/sdk (packages/sdk) declares engines.node ">=20.10", not ours "${ours}"`]);
  const root = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const sdk = JSON.parse(readFileSync(new URL('../../packages/sdk/package.json', import.meta.url), 'utf8'));
  assert.equal(sdk.engines.node, root.engines.node);
});
