/** `npm run sdk:generate`: rewrites packages/sdk/src/generated from the server's current OpenAPI document. */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSources } from './sources.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../src/generated');
const sources = await generateSources();
for (const [name, text] of Object.entries(sources)) {
  writeFileSync(join(dir, name), text);
  process.stdout.write(`wrote packages/sdk/src/generated/${name}\n`);
}
