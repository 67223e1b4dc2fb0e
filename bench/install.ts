// Figure 8: what a fresh `npm install` costs. The repository's files (tracked, plus untracked ones not
// ignored: the working tree being benchmarked, without node_modules, dist or data) are copied into a
// scratch folder, and `npm ci` runs there twice, each into an empty node_modules:
// - cold: with an empty npm cache of its own (`--cache <empty folder>`), so every package is
//   downloaded from the registry, as on a fresh machine;
// - warm: again with the cache the cold run filled, which leaves what does not depend on the network
//   (unpacking, native builds such as better-sqlite3's, the `prepare` build of dist/).
// Both time the whole command (wall clock); the size is `du -sk node_modules` after the cold run,
// and the size of the production dependencies alone is `npm ci --omit=dev` with the warm cache.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { progress, record } from './report.ts';

const ROOT = resolve(import.meta.dirname, '..');

export async function installFigures(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'welink-bench-install-'));
  try {
    const repo = join(scratch, 'repo');
    const cache = join(scratch, 'npm-cache');
    mkdirSync(cache);
    copyWorkingTree(repo);

    progress(`8. npm ci, cold (empty npm cache: every package downloaded), load average ${load()}`);
    const cold = await npmCi(repo, cache, []);
    const size = duMiB(join(repo, 'node_modules'));
    record({ figure: '8 npm ci, cold', dialect: '-', value: `${seconds(cold.ms)}`, detail: `${cold.summary}; empty cache; load average ${cold.load}`, target: 'report', met: null });
    record({ figure: '8 node_modules size', dialect: '-', value: `${size} MiB`, detail: 'du -sk node_modules after npm ci (dependencies and dev dependencies)', target: 'report', met: null });

    rmSync(join(repo, 'node_modules'), { recursive: true, force: true });
    progress(`8. npm ci, warm (the cache the cold run filled), load average ${load()}`);
    const warm = await npmCi(repo, cache, []);
    record({ figure: '8 npm ci, warm', dialect: '-', value: `${seconds(warm.ms)}`, detail: `${warm.summary}; cache filled by the cold run; load average ${warm.load}`, target: '-', met: null });

    rmSync(join(repo, 'node_modules'), { recursive: true, force: true });
    progress('8. npm ci --omit=dev (production dependencies only), warm cache');
    const prod = await npmCi(repo, cache, ['--omit=dev']);
    const prodSize = duMiB(join(repo, 'node_modules'));
    record({ figure: '8 node_modules size, --omit=dev', dialect: '-', value: `${prodSize} MiB`, detail: `npm ci --omit=dev, ${seconds(prod.ms)} with the warm cache`, target: '-', met: null });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function copyWorkingTree(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f.length > 0);
  for (const file of files) {
    mkdirSync(join(to, dirname(file)), { recursive: true });
    // A tracked file deleted in the working tree is not part of it.
    try {
      cpSync(join(ROOT, file), join(to, file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

async function npmCi(cwd: string, cache: string, extra: string[]): Promise<{ ms: number; summary: string; load: string }> {
  const before = load();
  const started = performance.now();
  const out = await new Promise<string>((res, rej) => {
    const child = spawn('npm', ['ci', '--no-audit', '--no-fund', '--cache', cache, ...extra], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    child.on('exit', (code) => (code === 0 ? res(text) : rej(new Error(`npm ci failed (${code}):\n${text.slice(-4000)}`))));
  });
  const ms = performance.now() - started;
  const summary = /added \d+ packages?/.exec(out)?.[0] ?? 'npm ci';
  return { ms, summary, load: `${before} before, ${load()} after` };
}

function duMiB(path: string): number {
  return Math.round(Number(execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split('\t')[0]) / 1024);
}

const load = () => loadavg()[0].toFixed(1);
const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
