// Child processes of a benchmark run: welink servers, the baseline server, the load generator.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import type { LoadResult, LoadSpec } from './load.ts';

const ROOT = resolve(import.meta.dirname, '..');
const RUN_TS = join(ROOT, 'bin/run-ts.mjs');
const WELINK = join(ROOT, 'bin/welink.mjs');

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

export interface Proc {
  child: ChildProcess;
  port: number;
  url: string;
  /** Resident set size in MiB, from /proc. */
  rssMiB(): number;
  /** Milliseconds from spawn to the first 200 from /healthz (NaN for a worker). */
  startMs: number;
  stop(): Promise<void>;
}

function rssOf(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function wrap(child: ChildProcess, port: number, stderrTail: string[]): Proc {
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    rssMiB: () => rssOf(child.pid),
    startMs: NaN,
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null || child.signalCode !== null) return res();
        const hard = setTimeout(() => child.kill('SIGKILL'), 15000);
        child.once('exit', () => {
          clearTimeout(hard);
          res();
        });
        child.kill('SIGTERM');
      }),
  };
}

function collectTail(child: ChildProcess): string[] {
  const tail: string[] = [];
  const keep = (d: Buffer) => {
    tail.push(d.toString());
    if (tail.length > 40) tail.shift();
  };
  child.stderr?.on('data', keep);
  return tail;
}

async function waitReady(url: string, child: ChildProcess, tail: string[], timeoutMs = 60000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${tail.join('')}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`server at ${url} not ready within ${timeoutMs} ms: ${tail.join('')}`);
}

/** `welink serve` with the given environment; waits for /healthz (API roles) or a short settle (worker). */
export async function startWelink(opts: { env: Record<string, string>; role?: 'all' | 'api' | 'worker'; nodeArgs?: string[] }): Promise<Proc> {
  const port = opts.role === 'worker' ? 0 : await freePort();
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), WELINK, 'serve', '--role', opts.role ?? 'all'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...opts.env },
    // Logs go to a pipe that is drained, as they would be under a process supervisor.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // BENCH_LOG_DIR keeps each server's logs (warn and above) for a post-mortem.
  if (process.env.BENCH_LOG_DIR) child.stdout?.pipe(createWriteStream(join(process.env.BENCH_LOG_DIR, `welink-${opts.role ?? 'all'}-${child.pid}.log`)));
  else child.stdout?.resume();
  const tail = collectTail(child);
  if (opts.role === 'worker') {
    await new Promise((r) => setTimeout(r, 1500));
    if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}: ${tail.join('')}`);
    return wrap(child, 0, tail);
  }
  const proc = wrap(child, port, tail);
  await waitReady(proc.url, child, tail);
  proc.startMs = performance.now() - spawnedAt;
  return proc;
}

export async function startBaseline(): Promise<Proc> {
  const port = await freePort();
  const child = spawn(process.execPath, [RUN_TS, join(ROOT, 'bench/baseline-server.ts'), String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.resume();
  const tail = collectTail(child);
  const proc = wrap(child, port, tail);
  await waitReady(proc.url, child, tail);
  return proc;
}

let specCounter = 0;

/** Runs the load generator in its own process and returns what it measured. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const file = join(tmpdir(), `welink-bench-load-${process.pid}-${specCounter++}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const child = spawn(process.execPath, [RUN_TS, join(ROOT, 'bench/load.ts'), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  if (code !== 0) throw new Error(`load generator failed (${code}): ${err}`);
  return JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
}

/** Samples a process's RSS every 200 ms while `during` runs; returns the peak in MiB. */
export async function peakRss<T>(procs: Proc[], during: Promise<T>): Promise<{ value: T; peakMiB: number }> {
  let peak = 0;
  const sample = () => {
    for (const p of procs) peak = Math.max(peak, p.rssMiB() || 0);
  };
  sample();
  const t = setInterval(sample, 200);
  try {
    const value = await during;
    sample();
    return { value, peakMiB: peak };
  } finally {
    clearInterval(t);
  }
}
