// Figure 8: what a fresh `npm install` costs. The repository's files (tracked, plus untracked ones not
// ignored: the working tree being benchmarked, without node_modules, dist or data) are copied into a
// scratch folder, and `npm ci` runs there three times, each into an empty node_modules:
// - cold: with an empty npm cache of its own (`--cache <empty folder>`), so every package is
//   downloaded from the registry, as on a fresh machine;
// - warm: again with the cache the cold run filled, which leaves what does not depend on the network
//   (unpacking, install scripts: better-sqlite3's native module, the `prepare` build of dist/);
// - warm with --ignore-scripts: the same without install scripts, to show what they cost.
// Each times the whole command (wall clock). Sizes are `du -sk` after the cold run: node_modules, and
// the production dependencies alone (the folders `npm ls --omit=dev --all --parseable` lists, counted
// once each by one du).
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
    record({ figure: '8 npm ci, cold', dialect: '-', value: seconds(cold.ms), detail: `${cold.summary}, empty npm cache; load average ${cold.load}`, target: 'report', met: null });
    const all = duKiB([join(repo, 'node_modules')]);
    const prodDirs = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: repo, encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes('node_modules'));
    record({ figure: '8 node_modules size', dialect: '-', value: mib(all), detail: `du -sk node_modules after npm ci; production dependencies alone ${mib(duKiB(prodDirs))} (${prodDirs.length} packages)`, target: 'report', met: null });

    rmSync(join(repo, 'node_modules'), { recursive: true, force: true });
    progress(`8. npm ci, warm (the cache the cold run filled), load average ${load()}`);
    const warm = await npmCi(repo, cache, []);
    rmSync(join(repo, 'node_modules'), { recursive: true, force: true });
    progress(`8. npm ci --ignore-scripts, warm, load average ${load()}`);
    const bare = await npmCi(repo, cache, ['--ignore-scripts']);
    record({
      figure: '8 npm ci, warm',
      dialect: '-',
      value: seconds(warm.ms),
      detail: `cache filled by the cold run; ${seconds(bare.ms)} of it without install scripts (--ignore-scripts); load average ${warm.load}`,
      target: '-',
      met: null,
    });
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

/** Total KiB of the given paths, each file counted once however many of them hold it. */
function duKiB(paths: string[]): number {
  const out = execFileSync('du', ['-skc', ...paths], { encoding: 'utf8', maxBuffer: 16 << 20 }).trim().split('\n');
  return Number(out[out.length - 1].split('\t')[0]);
}

const load = () => loadavg()[0].toFixed(1);
const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
const mib = (kib: number) => `${Math.round(kib / 1024)} MiB`;
