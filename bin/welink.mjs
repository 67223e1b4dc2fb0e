#!/usr/bin/env node
// Runs the CLI built to JavaScript in dist/ (no TypeScript loader at run time). `npm install` builds
// it; when src/ has changed since, it is rebuilt first (well under a second, one line on stderr).
import { pathToFileURL } from 'node:url';
import { BuildError, ensureBuilt } from '../scripts/build.mjs';

let entry;
try {
  entry = await ensureBuilt();
} catch (err) {
  if (!(err instanceof BuildError)) throw err;
  process.stderr.write(`welink: ${err.message}\n`);
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
