#!/usr/bin/env node
// Builds the server once to JavaScript, so no TypeScript loader runs in production: dist/cli.js is
// src/cli/main.ts and everything it imports, bundled by esbuild (dependencies stay in node_modules and
// are imported from there), with dist/cli.js.map for `--enable-source-maps`.
//
// In the bundle every module keeps its own `import.meta.url`, the URL of its source file, so whatever
// a module reads relative to itself (the console's assets, package.json, the project root) is found
// exactly where it is in development: dist/ runs inside this repository, next to src/, and a file
// edited under src/console/assets is served at the next start without a build.
//
// `node scripts/build.mjs` (also `npm run build`, and the `prepare` script that `npm install` and
// `npm ci` run) always builds. bin/welink.mjs calls ensureBuilt(), which rebuilds only when an input
// (src/, tsconfig.json, this file) is newer than dist/cli.js: a developer editing src/ just runs
// `npm start` or `npx welink` again. The build takes about half a second.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
/** The built CLI: exports `main(argv)` like src/cli/main.ts. */
export const DIST_ENTRY = join(DIST, 'cli.js');
const INPUTS = [join(ROOT, 'src'), join(ROOT, 'tsconfig.json'), fileURLToPath(import.meta.url)];

/** Why dist/ must be (re)built, or null when it is up to date. */
export function staleReason() {
  if (!existsSync(DIST_ENTRY)) return 'dist/ has not been built';
  const builtAt = statSync(DIST_ENTRY).mtimeMs;
  for (const input of INPUTS) {
    const newer = newerThan(input, builtAt);
    if (newer) return `${relative(ROOT, newer)} changed since the last build`;
  }
  return null;
}

// Directories count too: deleting or renaming a file changes its directory's mtime.
function newerThan(path, time) {
  if (!existsSync(path)) return null;
  const st = statSync(path);
  if (st.mtimeMs > time) return path;
  if (!st.isDirectory()) return null;
  for (const name of readdirSync(path)) {
    const found = newerThan(join(path, name), time);
    if (found) return found;
  }
  return null;
}

/** A build that could not run or failed; esbuild has printed the compile errors. */
export class BuildError extends Error {}
/** esbuild, a dev dependency, is not installed (`npm ci --omit=dev`). */
export class NoEsbuildError extends BuildError {}

// `import.meta.url` of each source file becomes its own URL, computed from the bundle's at run time
// (so the repository may be moved after the build). import.meta.dirname and .filename would need the
// same; they are refused rather than silently pointing into dist/.
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (/\bimport\.meta\.(dirname|filename)\b/.test(text)) {
        return { errors: [{ text: 'import.meta.dirname and import.meta.filename are not supported in src/ (the build cannot keep them): use import.meta.url' }] };
      }
      const fromBundle = relative(DIST, args.path).split(sep).join('/');
      return { contents: text.replace(/\bimport\.meta\.url\b/g, `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

const OPTIONS = {
  entryPoints: [join(ROOT, 'src/cli/main.ts')],
  outfile: DIST_ENTRY,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Class and function names as written (error types in logs, plugin names), not as renamed to avoid
  // clashes in the bundle's single scope.
  keepNames: true,
  sourcemap: 'linked',
  sourcesContent: false,
  plugins: [sourceUrls],
  write: false,
  logLevel: 'warning',
};

/** Builds dist/; returns how long it took, in milliseconds. */
export async function build() {
  const startedAt = Date.now();
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (err) {
    if (err?.code === 'ERR_MODULE_NOT_FOUND') throw new NoEsbuildError('esbuild (a dev dependency) is not installed', { cause: err });
    throw err;
  }
  let result;
  try {
    result = await esbuild.build(OPTIONS);
  } catch (err) {
    // esbuild has already printed each error with its source line.
    if (Array.isArray(err?.errors)) throw new BuildError(`the build of dist/ failed: ${err.message}`, { cause: err });
    throw err;
  }
  const code = result.outputFiles.find((f) => f.path === DIST_ENTRY);
  // Several processes may build at once (tests start many servers): every file is written under a
  // temporary name and renamed, and the entry comes last, so a reader never sees a half-built dist/.
  for (const file of result.outputFiles.filter((f) => f !== code)) writeAtomic(file.path, file.contents);
  writeAtomic(DIST_ENTRY, code.contents);
  // Stamped with the start: a source saved while the build ran makes the next start rebuild.
  utimesSync(DIST_ENTRY, new Date(startedAt), new Date(startedAt));
  return Date.now() - startedAt;
}

/**
 * Builds when dist/ is missing or older than the sources, saying so in one line on stderr. Without
 * esbuild (installed with --omit=dev), an existing but older build runs, with a notice; none at all
 * is an error.
 */
export async function ensureBuilt() {
  const reason = staleReason();
  if (reason === null) return DIST_ENTRY;
  let ms;
  try {
    ms = await build();
  } catch (err) {
    if (!(err instanceof NoEsbuildError)) throw err;
    if (!existsSync(DIST_ENTRY)) throw new NoEsbuildError(`${reason}, and ${NO_ESBUILD_HELP}`);
    process.stderr.write(`welink: ${reason}, but esbuild is not installed to rebuild it: running the existing build\n`);
    return DIST_ENTRY;
  }
  process.stderr.write(`welink: ${reason}; rebuilt dist/ in ${ms} ms\n`);
  return DIST_ENTRY;
}

const NO_ESBUILD_HELP =
  'esbuild (a dev dependency) is not installed to build it: run `npm install` with dev dependencies, or copy a dist/ built elsewhere';

function writeAtomic(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const ms = await build();
    process.stdout.write(`welink: built dist/ in ${ms} ms\n`);
  } catch (err) {
    if (err instanceof NoEsbuildError && existsSync(DIST_ENTRY)) {
      // `npm ci --omit=dev` over a dist/ built before: keep it.
      process.stdout.write('welink: esbuild (a dev dependency) is not installed; keeping the existing dist/\n');
    } else if (err instanceof NoEsbuildError) {
      process.stderr.write(`welink: dist/ cannot be built: ${NO_ESBUILD_HELP}\n`);
      process.exitCode = 1;
    } else if (err instanceof BuildError) {
      process.stderr.write(`welink: ${err.message}\n`);
      process.exitCode = 1;
    } else {
      throw err;
    }
  }
}
