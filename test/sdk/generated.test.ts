import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateSources } from '../../packages/sdk/scripts/sources.ts';

const GENERATED = join(dirname(fileURLToPath(import.meta.url)), '../../packages/sdk/src/generated');

it('the SDK types are generated from the current server document (else run `npm run sdk:generate`)', async () => {
  const fresh = await generateSources();
  for (const [name, text] of Object.entries(fresh)) {
    const checkedIn = readFileSync(join(GENERATED, name), 'utf8');
    if (checkedIn !== text) {
      const a = checkedIn.split('\n');
      const b = text.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      assert.fail(
        `packages/sdk/src/generated/${name} is stale: the server's OpenAPI document changed. Run \`npm run sdk:generate\` and commit the result.\n` +
          `First difference at line ${line + 1}:\n  checked in: ${a[line] ?? '(end of file)'}\n  generated:  ${b[line] ?? '(end of file)'}`,
      );
    }
  }
});
