import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = resolve(ROOT, 'bin/welink.mjs');

export type ServeRole = 'all' | 'api' | 'worker';

export interface ServeProcess {
  role: ServeRole;
  pid: number;
  /** The HTTP port it reported (0 for a worker, which does not listen). */
  port: number;
  /** `http://127.0.0.1:<port>` (empty for a worker). */
  url: string;
  /** Everything the process wrote so far (the last few MB). */
  stdout(): string;
  stderr(): string;
  /** Sends a signal (default SIGKILL) without waiting. */
  kill(signal?: NodeJS.Signals): void;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL if it has not exited within `timeoutMs`; resolves on exit. */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartOptions {
  role: ServeRole;
  /** Environment of the child on top of this process's (DATABASE_URL, WELINK_*, LOG_LEVEL...). */
  env: Record<string, string>;
  /** How long to wait for readiness before killing it and failing (default 30 s). */
  readyTimeoutMs?: number;
}

/** Thrown by startServe when the child exits before it is ready; `exit` says how. */
export class ServeExitedError extends Error {
  constructor(
    message: string,
    readonly exit: { code: number | null; signal: NodeJS.Signals | null },
  ) {
    super(message);
  }
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  // A failed test must not leave servers behind.
  for (const c of live) c.kill('SIGKILL');
});

/** Keeps the last `max` characters a stream wrote, and hands each complete line to the watchers. */
function capture(stream: NodeJS.ReadableStream | null, max = 4 << 20): { text: () => string; onLine: (fn: (line: string) => void) => () => void } {
  let buf = '';
  let partial = '';
  const watchers: ((line: string) => void)[] = [];
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    buf += chunk;
    if (buf.length > max) buf = buf.slice(buf.length - max);
    if (watchers.length === 0) return;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) for (const w of watchers) w(line);
  });
  return {
    text: () => buf,
    onLine: (fn) => {
      watchers.push(fn);
      return () => void watchers.splice(watchers.indexOf(fn), 1);
    },
  };
}

/**
 * Starts `node bin/welink.mjs serve --role <role>` as a real child process and waits until it is
 * ready: when it logs the JSON line that carries its `port` (an api or all process binds port 0
 * unless `env.PORT` is given, and reports the port the system chose; a worker reports 0). The child
 * logs at `info` at least, since that line is an info line. Children still running when the test
 * process exits are killed.
 */
export async function startServe(opts: StartOptions): Promise<ServeProcess> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), HOST: '127.0.0.1', PORT: '0', ...opts.env };
  // The test runner marks its own children; ours are servers, not test files.
  delete env.NODE_TEST_CONTEXT;
  if (['warn', 'error', 'fatal', 'silent', undefined].includes(env.LOG_LEVEL)) env.LOG_LEVEL = 'info';

  const child = spawn(process.execPath, [BIN, 'serve', '--role', opts.role], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const out = capture(child.stdout);
  const err = capture(child.stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
    child.on('exit', (code, signal) => {
      live.delete(child);
      res({ code, signal });
    });
  });
  let hasExited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  void exited.then((e) => (hasExited = e));

  const ready = new Promise<number | null>((res) => {
    const off = out.onLine((line) => {
      const port = reportedPort(line);
      if (port !== null) {
        off();
        res(port);
      }
    });
    void exited.then(() => res(null));
    setTimeout(() => res(null), opts.readyTimeoutMs ?? 30000).unref();
  });
  const port = await ready;
  if (port === null) {
    const message = `serve --role ${opts.role} did not become ready: ${hasExited ? 'it exited' : 'timed out'}\nstdout: ${out.text().slice(-2000)}\nstderr: ${err.text().slice(-2000)}`;
    if (hasExited) throw new ServeExitedError(message, hasExited);
    child.kill('SIGKILL');
    throw new Error(message);
  }

  return {
    role: opts.role,
    pid: child.pid!,
    port,
    url: port ? `http://127.0.0.1:${port}` : '',
    stdout: out.text,
    stderr: err.text,
    kill: (signal = 'SIGKILL') => {
      if (!hasExited) child.kill(signal);
    },
    exited,
    async stop(timeoutMs = 15000) {
      if (hasExited) return exited;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const r = await exited;
      clearTimeout(t);
      return r;
    },
  };
}

/**
 * The `port` field of the JSON line `serve` logs once it listens; 0 for the line a worker logs once
 * it runs (it does not listen); else null.
 */
function reportedPort(line: string): number | null {
  if (!line.startsWith('{')) return null;
  try {
    const entry = JSON.parse(line) as { port?: unknown; msg?: unknown; role?: unknown };
    if (entry.role === 'worker' && entry.msg === 'worker started') return 0;
    return typeof entry.port === 'number' && Number.isInteger(entry.port) ? entry.port : null;
  } catch {
    return null;
  }
}

/** Stops every process given (SIGTERM, then SIGKILL after `timeoutMs`), in parallel. */
export async function stopAll(procs: ServeProcess[], timeoutMs = 15000): Promise<void> {
  await Promise.all(procs.map((p) => p.stop(timeoutMs)));
}

export interface HttpAnswer {
  status: number;
  body: any;
  headers: Headers;
}

/** A tiny JSON client for a started server, with a credential pair. */
export function apiClient(baseUrl: string, creds: { apiKey: string; apiSecret: string }) {
  const headers = { 'x-api-key': creds.apiKey, 'x-api-secret': creds.apiSecret };
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, extra: Record<string, string> = {}): Promise<HttpAnswer> => {
    const res = await fetch(`${baseUrl}${path.startsWith('/') ? path : `/api/v1/${path}`}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...extra },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    post: (path: string, body: unknown = {}, extra?: Record<string, string>) => call('POST', path, body, extra),
    get: (path: string) => call('GET', path),
  };
}
