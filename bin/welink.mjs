#!/usr/bin/env node
// Runs the CLI built to JavaScript in dist/ (no TypeScript loader at run time). `npm install` builds
// it; when src/ has changed since, it is rebuilt first (about half a second, one line on stderr).
import { ensureBuilt } from '../scripts/build.mjs';
import { pathToFileURL } from 'node:url';

const { main } = await import(pathToFileURL(await ensureBuilt()).href);
process.exitCode = await main(process.argv.slice(2));
