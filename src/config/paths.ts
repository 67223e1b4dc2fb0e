import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of this install's package.json. Relative paths in the configuration (the data folder, a
 * `sqlite:` file) are taken from here, so `npx welink` run from a subfolder finds the same database
 * instead of silently creating a second one.
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('welink: no package.json above src/config');
    dir = parent;
  }
}
