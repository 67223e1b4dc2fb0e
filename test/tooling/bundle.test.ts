import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
// @ts-expect-error: a plain .mjs script without types
import { ensureBuilt } from '../../scripts/build.mjs';

// What every `welink serve` holds from its start is what dist/cli.js imports statically: the bundle
// hoists the static imports of all of src/ to its top, lazily imported modules included.
const bundle = readFileSync(await ensureBuilt(), 'utf8');
const staticImports = [...bundle.matchAll(/^import\s[^;]*?\sfrom\s"([^"]+)";$/gms)].map((m) => m[1]);

it('the bundle imports the MCP SDK (and the zod it brings) only on demand, by name', () => {
  assert.ok(staticImports.includes('fastify'), 'the static imports were read');
  assert.deepEqual(staticImports.filter((p) => p.startsWith('@modelcontextprotocol/') || p === 'zod'), []);
  assert.match(bundle, /import\("@modelcontextprotocol\/sdk\/server\/index\.js"\)/);
});

it('the bundle is Latin-1 text, so V8 holds its source at one byte per character, not two', () => {
  // A character above U+00FF anywhere (a regular expression keeps it as written) doubles the
  // source string V8 keeps: write it as an escape (\u2019) instead.
  const wide = bundle.match(/[^\u0000-\u00ff]/u);
  assert.equal(wide, null, wide ? `the bundle holds ${JSON.stringify(wide[0])} at ${bundle.slice(Math.max(0, wide.index! - 60), wide.index! + 20)}` : '');
});
