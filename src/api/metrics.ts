import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/open.ts';

/**
 * Prometheus text at /metrics for operators: HTTP answers by status and by operation outcome
 * (counted in this process), plus queue and delivery gauges read from the store (shared by all
 * processes). Counts only, never ids or tenant data. Expose it on an internal network only.
 */
export function registerMetrics(app: FastifyInstance, store: Store): void {
  const responses = new Map<string, number>();
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unknown';
    if (!route.startsWith('/api/')) return;
    const key = `code="${reply.statusCode}",route="${route}"`;
    responses.set(key, (responses.get(key) ?? 0) + 1);
  });

  app.get('/metrics', async (_req, reply) => {
    const lines: string[] = [];
    lines.push('# HELP welink_http_responses_total API responses by status code and route (this process).');
    lines.push('# TYPE welink_http_responses_total counter');
    for (const [k, v] of responses) lines.push(`welink_http_responses_total{${k}} ${v}`);

    const db = store.db;
    const [requests, deliveries, accounts, attempts] = await Promise.all([
      db.selectFrom('requests').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('status', 'in', ['QUEUED', 'RUNNING', 'PIN_REQUIRED']).groupBy('status').execute(),
      db.selectFrom('webhook_deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'PENDING').groupBy('status').execute(),
      db.selectFrom('accounts').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute(),
      db
        .selectFrom('webhook_attempts')
        .select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
        .where('attempted_at', '>', Date.now() - 3600_000)
        .groupBy('outcome')
        .execute(),
    ]);
    lines.push('# HELP welink_requests_unfinished Requests waiting or running, by state (all processes).');
    lines.push('# TYPE welink_requests_unfinished gauge');
    for (const s of ['QUEUED', 'RUNNING', 'PIN_REQUIRED']) lines.push(`welink_requests_unfinished{state="${s}"} ${Number(requests.find((r) => r.status === s)?.n ?? 0)}`);
    lines.push('# HELP welink_webhook_deliveries_pending Webhook deliveries not yet delivered or given up.');
    lines.push('# TYPE welink_webhook_deliveries_pending gauge');
    lines.push(`welink_webhook_deliveries_pending ${Number(deliveries[0]?.n ?? 0)}`);
    lines.push('# HELP welink_webhook_attempts_last_hour Webhook attempts in the last hour, by outcome.');
    lines.push('# TYPE welink_webhook_attempts_last_hour gauge');
    for (const a of attempts) lines.push(`welink_webhook_attempts_last_hour{outcome="${a.outcome}"} ${Number(a.n)}`);
    lines.push('# HELP welink_accounts LinkedIn accounts by status.');
    lines.push('# TYPE welink_accounts gauge');
    for (const a of accounts) lines.push(`welink_accounts{status="${a.status}"} ${Number(a.n)}`);
    return reply.type('text/plain; version=0.0.4').send(lines.join('\n') + '\n');
  });
}
