import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = resolve(ROOT, 'bin/welink.mjs');

export type ServeRole = 'all' | 'api' | 'worker';

export interface ServeProcess {
  role: ServeRole;
  pid: number;
  /** The HTTP port (0 for a worker, which does not listen). */
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

/** A TCP port free right now on 127.0.0.1 (the child binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}

function capture(stream: NodeJS.ReadableStream | null, max = 4 << 20): { text: () => string; onData: (fn: (chunk: string) => void) => void } {
  let buf = '';
  const watchers: ((chunk: string) => void)[] = [];
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    buf += chunk;
    if (buf.length > max) buf = buf.slice(buf.length - max);
    for (const w of watchers) w(chunk);
  });
  return { text: () => buf, onData: (fn) => watchers.push(fn) };
}

/**
 * Starts `node bin/welink.mjs serve --role <role>` as a real child process and waits until it is
 * ready: an api or all process when `/readyz` answers 200 on its port (a free port is picked unless
 * `env.PORT` is given), a worker when it logs "worker started" (so a worker is started with
 * LOG_LEVEL=info at least). Children still running when the test process exits are killed.
 */
export async function startServe(opts: StartOptions): Promise<ServeProcess> {
  const port = opts.role === 'worker' ? 0 : Number(opts.env.PORT ?? (await freePort()));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), HOST: '127.0.0.1', ...opts.env, PORT: String(port) };
  // The test runner marks its own children; ours are servers, not test files.
  delete env.NODE_TEST_CONTEXT;
  if (opts.role === 'worker' && ['warn', 'error', 'fatal', 'silent', undefined].includes(env.LOG_LEVEL)) env.LOG_LEVEL = 'info';

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

  const proc: ServeProcess = {
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

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30000);
  const fail = (why: string): never => {
    const message = `serve --role ${opts.role} did not become ready: ${why}\nstdout: ${out.text().slice(-2000)}\nstderr: ${err.text().slice(-2000)}`;
    if (hasExited) throw new ServeExitedError(message, hasExited);
    child.kill('SIGKILL');
    throw new Error(message);
  };
  if (opts.role === 'worker') {
    const started = new Promise<boolean>((res) => {
      if (/"msg":"worker started"/.test(out.text())) res(true);
      out.onData(() => /"msg":"worker started"/.test(out.text()) && res(true));
      void exited.then(() => res(false));
      setTimeout(() => res(false), Math.max(0, deadline - Date.now())).unref();
    });
    if (!(await started)) {
      fail(hasExited ? 'it exited' : 'timed out');
    }
    return proc;
  }
  while (Date.now() < deadline) {
    if (hasExited) fail('it exited');
    try {
      const res = await fetch(`${proc.url}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return proc;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return fail('timed out');
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

/** Polls `check` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return check();
}
