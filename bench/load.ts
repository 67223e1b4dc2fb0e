// The load generator, run as its own process so it never shares a core's event loop with the server
// under test. Reads a LoadSpec (JSON file named by argv[2]) and prints one LoadResult as JSON.
//
// Two ways to load:
// - `saturate`: autocannon, closed loop, N connections: the throughput figures.
// - `rate`: autocannon's fixed-rate mode (`overallRate`).
// - `paced`: an open-loop schedule of exactly `rate` requests per second, evenly spaced, with latency
//   measured from each request's scheduled send time (so a stalled server cannot hide its queue:
//   no coordinated omission) at microsecond resolution. autocannon's rate mode sends each
//   connection's quota as a burst at the start of every second and keeps whole milliseconds, so the
//   latency targets are judged on `paced`; `rate` is printed beside it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';

export interface LoadSpec {
  mode: 'saturate' | 'rate' | 'paced';
  url: string;
  path: string;
  headers: Record<string, string>;
  /** Request bodies, used in turn starting at `offset`. */
  bodies: string[];
  offset?: number;
  /** Send a unique Idempotency-Key with each request (this prefix plus a counter). */
  idempotencyPrefix?: string;
  connections: number;
  durationSec: number;
  warmupSec?: number;
  /** Requests per second (rate, paced). */
  rate?: number;
}

export interface LoadResult {
  requests: number;
  rps: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  latency: { p50: number; p99: number; p999: number; max: number; mean: number };
}

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<any>;

function bodySource(spec: LoadSpec) {
  let i = spec.offset ?? 0;
  let n = 0;
  const headers = { 'content-type': 'application/json', ...spec.headers };
  return () => {
    const body = spec.bodies[i++ % spec.bodies.length];
    const h = spec.idempotencyPrefix ? { ...headers, 'idempotency-key': `${spec.idempotencyPrefix}-${n++}` } : headers;
    return { body, headers: h };
  };
}

async function viaAutocannon(spec: LoadSpec, durationSec: number, next: () => { body: string; headers: Record<string, string> }): Promise<LoadResult> {
  const r = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: durationSec,
    ...(spec.mode === 'rate' ? { overallRate: spec.rate, ignoreCoordinatedOmission: true } : {}),
    requests: [
      {
        method: 'POST',
        path: spec.path,
        setupRequest: (req: Record<string, unknown>) => ({ ...req, ...next() }),
      },
    ],
  });
  const codes: Record<string, number> = {};
  for (const [code, v] of Object.entries(r.statusCodeStats ?? {})) codes[code] = (v as { count: number }).count;
  const total = r.requests.total as number;
  return {
    requests: total,
    rps: total / (r.duration as number),
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    statusCodes: codes,
    latency: { p50: r.latency.p50, p99: r.latency.p99, p999: r.latency.p99_9 ?? r.latency.p999, max: r.latency.max, mean: r.latency.average },
  };
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function paced(spec: LoadSpec, durationSec: number, next: () => { body: string; headers: Record<string, string> }): Promise<LoadResult> {
  const rate = spec.rate ?? 100;
  const target = new URL(spec.path, spec.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const total = Math.floor(rate * durationSec);
  const latencies = new Float64Array(total);
  const codes: Record<string, number> = {};
  let done = 0;
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  const t0 = performance.now() + 20;
  await new Promise<void>((resolve) => {
    const send = (i: number) => {
      const scheduled = t0 + (i * 1000) / rate;
      const { body, headers } = next();
      const req = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies[i] = performance.now() - scheduled;
            const c = String(res.statusCode);
            codes[c] = (codes[c] ?? 0) + 1;
            if ((res.statusCode ?? 0) >= 300) non2xx++;
            if (++done === total) resolve();
          });
        },
      );
      req.on('error', () => {
        latencies[i] = performance.now() - scheduled;
        errors++;
        if (++done === total) resolve();
      });
      req.end(body);
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
      while (sent < due) send(sent++);
      if (sent < total) setTimeout(tick, 1);
    };
    setTimeout(tick, 20);
  });
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  const sorted = latencies.slice().sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    requests: total,
    rps: total / elapsed,
    non2xx,
    errors,
    statusCodes: codes,
    latency: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), p999: percentile(sorted, 0.999), max: sorted[sorted.length - 1], mean: sum / sorted.length },
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadSpec;
  const next = bodySource(spec);
  const run = (sec: number) => (spec.mode === 'paced' ? paced(spec, sec, next) : viaAutocannon(spec, sec, next));
  if (spec.warmupSec) await run(spec.warmupSec);
  const result = await run(spec.durationSec);
  process.stdout.write(JSON.stringify(result) + '\n');
}

await main();
