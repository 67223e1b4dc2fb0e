#!/usr/bin/env node
// Fails when an installed dependency's `engines.node` does not cover every Node version our own
// `engines.node` declares: then `npm install` warns EBADENGINE on some version we claim to support,
// and that dependency may not run there. Walks package-lock.json, which records each package's engines.
// Our own workspace packages (packages/*, published on their own) must declare exactly our range:
// they are built and tested only on the versions the root declares, so a wider claim is untested
// and a narrower one would warn on install.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

export function engineProblems(lock) {
  const ours = lock.packages?.['']?.engines?.node;
  if (!ours) return ['package.json declares no engines.node'];
  const problems = [];
  for (const [path, pkg] of Object.entries(lock.packages ?? {})) {
    const theirs = pkg.engines?.node;
    if (path === '' || !theirs) continue;
    const name = path.replace(/^.*node_modules\//, '');
    if (!path.includes('node_modules/')) {
      if (theirs !== ours) problems.push(`workspace package ${pkg.name ?? path} (${path}) declares engines.node "${theirs}", not ours "${ours}"`);
      continue;
    }
    if (!semver.validRange(theirs)) problems.push(`${name}@${pkg.version} declares engines.node "${theirs}", which is not a valid range`);
    else if (!semver.subset(ours, theirs, { includePrerelease: false })) {
      problems.push(`${name}@${pkg.version} (${path}) needs node "${theirs}", narrower than ours "${ours}"`);
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('..', import.meta.url).pathname;
  const problems = engineProblems(JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')));
  if (problems.length > 0) {
    console.error(`engines check failed: our engines.node must be covered by every dependency's\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('engines check: every dependency supports our engines.node');
}
