import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The layers of src/ point one way (docs/architecture.md): the HTTP surface calls the engine, the
 * engine calls providers through the action contract, and everything sits on the store and lib. A
 * lower layer never imports a higher one, and only src/store knows which database runs.
 */

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Top-level folders of src/ and the folders each may import from (besides itself). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  '(root)': ['*'], // app.ts, the composition root
  cli: ['*'],
  api: ['actions', 'config', 'connect-links', 'console', 'engine', 'events', 'lib', 'observability', 'providers', 'store', 'tenancy', 'webhooks'],
  console: ['api', 'lib', 'store', 'tenancy'],
  'connect-links': ['actions', 'api', 'console', 'engine', 'events', 'lib', 'store'],
  mcp: ['actions', 'api', 'lib'],
  engine: ['actions', 'events', 'lib', 'observability', 'store'],
  webhooks: ['config', 'events', 'lib', 'observability', 'store'],
  providers: ['actions', 'config', 'events', 'lib', 'store'],
  tenancy: ['lib', 'store'],
  observability: ['lib', 'store'],
  events: ['actions', 'lib', 'store'],
  actions: ['lib'],
  config: ['lib'],
  store: ['lib'],
  lib: [],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const layerOf = (path: string): string => {
  const parts = relative(SRC, path).split(sep);
  return parts.length === 1 ? '(root)' : parts[0];
};

const sources = files(SRC).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

it('no import goes from a lower layer to a higher one', () => {
  const wrong: string[] = [];
  for (const { path, text } of sources) {
    const from = layerOf(path);
    const allowed = MAY_IMPORT[from];
    assert.ok(allowed, `src/${relative(SRC, path)}: the folder ${from} has no place in the layer table of this test`);
    if (allowed.includes('*')) continue;
    for (const m of text.matchAll(/^(?:import|export)[^'"]*from\s+'(\.{1,2}\/[^']+)'/gm)) {
      const target = normalize(join(dirname(path), m[1]));
      if (!target.startsWith(SRC)) continue;
      const to = layerOf(target);
      if (to !== from && !allowed.includes(to)) wrong.push(`src/${relative(SRC, path)} imports src/${relative(SRC, target)} (${from} -> ${to})`);
    }
  }
  assert.deepEqual(wrong, []);
});

it('only src/store knows which database runs', () => {
  const wrong = sources
    .filter(({ path }) => layerOf(path) !== 'store')
    .flatMap(({ path, text }) =>
      text
        .split('\n')
        .map((line, i) => ({ line, i }))
        .filter(({ line }) => /dialect\s*[!=]==|dialectOf\(.*\)\s*[!=]==|PostgresAdapter|SqliteAdapter|forUpdate\(\)|skipLocked\(\)/.test(line))
        .map(({ line, i }) => `src/${relative(SRC, path)}:${i + 1}: ${line.trim()}`),
    );
  assert.deepEqual(wrong, []);
});
