// Figure 4 (and 5): the engine end to end. Requests are queued directly in the database, as acceptance
// leaves them, on many accounts; the servers (one SQLite process, or a PostgreSQL API process plus
// worker processes) run them through the sandbox with WELINK_PACING=off, and the run counts them
// finished in the database and, when webhooks exist, arrived at a local receiver.
import http from 'node:http';
import { sql } from 'kysely';
import { startWelink, type Proc } from './procs.ts';
import { progress } from './report.ts';
import { openSeedStore, seedAccounts, seedQueued, seedTenant, type Tenant } from './seed.ts';

export interface EngineFigures {
  completed: number;
  incomplete: number;
  perSecond: number;
  countedBy: string;
  webhookLatency: { p50: number; p99: number } | null;
  webhookNote: string;
}

export interface EngineRun {
  dialect: 'sqlite' | 'postgres';
  env: Record<string, string>;
  db: { databaseUrl: string; dataDir: string };
  /** 0: one process doing API and work (SQLite); else an API process plus this many workers. */
  workers: number;
  requests: number;
  /** How long to wait for every webhook; default the larger of 2 min and 10 ms per request. */
  timeoutMs?: number;
  /** Extra node arguments for every server process (bench/engine-cost.ts preloads a counter). */
  nodeArgs?: string[];
  /** Called with the server processes right before the requests are queued and after the last webhook. */
  onPhase?: (phase: 'queueing' | 'done', procs: Proc[]) => Promise<void>;
}

const ACCOUNTS = 1000;

interface Receiver {
  url: string;
  arrivals: Map<string, number>;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const arrivals = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const at = Date.now();
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      try {
        const p = JSON.parse(body) as Record<string, any>;
        const id = p.requestId ?? p.request_id ?? p.data?.requestId ?? p.data?.request_id;
        if (typeof id === 'string' && !arrivals.has(id)) arrivals.set(id, at);
      } catch {
        // not ours
      }
      res.writeHead(200).end('ok');
    });
  });
  server.keepAliveTimeout = 60000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}/hook`, arrivals, close: () => new Promise((r) => server.close(() => r())) };
}

/** Registers the receiver through the API if this build has webhook endpoints; else says why not. */
async function subscribe(api: Proc, tenant: Tenant, receiver: Receiver): Promise<string | null> {
  const spec = (await (await fetch(`${api.url}/openapi.json`)).json()) as { paths?: Record<string, unknown> };
  const path = Object.keys(spec.paths ?? {}).find((p) => p === '/api/v1/create_webhook');
  if (!path) return 'n/a: no dispatcher yet (no create_webhook operation); completion counted in the database';
  const res = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...tenant.headers },
    body: JSON.stringify({ url: receiver.url }),
  });
  if (!res.ok) return `n/a: create_webhook answered ${res.status} ${await res.text()}`;
  return null;
}

function pct(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export async function runEngine(run: EngineRun): Promise<EngineFigures> {
  const store = await openSeedStore(run.db.databaseUrl, run.db.dataDir);
  const procs: Proc[] = [];
  const receiver = await startReceiver();
  try {
    const tenant = await seedTenant(store);
    const accounts = await seedAccounts(store, tenant.workspaceId, ACCOUNTS);
    // Webhooks on loopback are refused unless allowed; the receiver is local.
    const env = { ...run.env, WELINK_WEBHOOK_ALLOW_PRIVATE: 'true' };
    const nodeArgs = run.nodeArgs;
    if (run.workers === 0) procs.push(await startWelink({ env, role: 'all', nodeArgs }));
    else {
      procs.push(await startWelink({ env, role: 'api', nodeArgs }));
      for (let i = 0; i < run.workers; i++) procs.push(await startWelink({ env, role: 'worker', nodeArgs }));
    }
    const why = await subscribe(procs[0], tenant, receiver);
    const hooks = why === null;

    const perAccount = Math.max(1, Math.round(run.requests / ACCOUNTS));
    await run.onPhase?.('queueing', procs);
    const total = await seedQueued(store, tenant.workspaceId, accounts, perAccount);
    const t0 = Date.now();
    const deadline = t0 + (run.timeoutMs ?? Math.max(120_000, total * 10));
    let finished = 0;
    let lastShown = 0;
    while (Date.now() < deadline) {
      const row = await sql<{ n: number }>`select count(*) as n from requests where workspace_id = ${tenant.workspaceId} and status in ('SUCCESS', 'FAILED')`.execute(store.db);
      finished = Number(row.rows[0].n);
      const arrived = receiver.arrivals.size;
      if (Date.now() - lastShown > 2000) {
        lastShown = Date.now();
        progress(`  finished ${finished.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}${hooks ? `, webhooks received ${arrived.toLocaleString('en-US')}` : ''}`);
      }
      if (finished >= total && (!hooks || arrived >= total)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await run.onPhase?.('done', procs);
    const span = await sql<{ first: number; last: number; ok: number }>`
      select min(started_at) as first, max(finished_at) as last, sum(case when status = 'SUCCESS' then 1 else 0 end) as ok
      from requests where workspace_id = ${tenant.workspaceId} and finished_at is not null
    `.execute(store.db);
    const first = Number(span.rows[0].first);
    let last = Number(span.rows[0].last);
    let webhookLatency: EngineFigures['webhookLatency'] = null;
    if (hooks && receiver.arrivals.size > 0) {
      const finishedAt = await store.db.selectFrom('requests').select(['id', 'finished_at']).where('workspace_id', '=', tenant.workspaceId).where('finished_at', 'is not', null).execute();
      const lags: number[] = [];
      for (const r of finishedAt) {
        const at = receiver.arrivals.get(r.id);
        if (at !== undefined) {
          lags.push(at - Number(r.finished_at));
          last = Math.max(last, at);
        }
      }
      lags.sort((a, b) => a - b);
      webhookLatency = { p50: pct(lags, 0.5), p99: pct(lags, 0.99) };
    }
    const completed = hooks ? receiver.arrivals.size : finished;
    if (Number(span.rows[0].ok) !== finished) progress(`  !! ${finished - Number(span.rows[0].ok)} requests FAILED`);
    return {
      completed,
      incomplete: total - completed,
      perSecond: completed / Math.max(0.001, (last - first) / 1000),
      countedBy: hooks ? 'counted at webhook arrival (first start to last webhook)' : 'counted finished in the database (first started_at to last finished_at); no webhook dispatcher yet',
      webhookLatency,
      webhookNote: why ?? '',
    };
  } finally {
    for (const p of procs.reverse()) await p.stop();
    await receiver.close();
    await store.close();
  }
}
