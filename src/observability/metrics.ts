import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../store/open.ts';
import { processRegistry } from './process-metrics.ts';

/** What the engine reports: one observation per provider run. */
export interface EngineMetrics {
  actionRun(action: string, outcome: ActionOutcome, seconds: number): void;
}

/** What the webhook dispatcher reports: one observation per attempt. */
export interface WebhookMetrics {
  /** `sinceEventMs`: from the event (the request's finish) to this successful delivery; null when not delivered. */
  webhookAttempt(outcome: string, durationMs: number, sinceEventMs: number | null): void;
}

export type ActionOutcome = 'success' | 'failure' | 'retry' | 'error';

const SECONDS_FAST = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const SECONDS_SLOW = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const SECONDS_DELIVERY = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 7200, 36000];

/**
 * The metrics of one app: counters and histograms kept in this process, and gauges read from the
 * store at scrape time (shared by every process). Labels are bounded sets (operation names, error
 * codes, outcomes, route patterns), never ids or tenant data. Built once in app.ts and handed to the
 * parts that observe.
 */
export class Metrics implements EngineMetrics, WebhookMetrics {
  private readonly registry = new Registry();
  // Every API call counts one response: counted here in plain maps (route, then status), and handed to
  // prom-client only when scraped, so the call path builds no label set.
  private readonly responseCounts = new Map<string, Map<number, number>>();
  private readonly responses = new Counter({
    name: 'welink_http_responses_total',
    help: 'API responses by status code and route (this process).',
    labelNames: ['code', 'route'],
    registers: [this.registry],
    collect: () => this.flushResponses(),
  });
  private readonly accepted = new Counter({ name: 'welink_requests_accepted_total', help: 'Asynchronous requests accepted (queued), by action (this process; replays not counted).', labelNames: ['action'], registers: [this.registry] });
  private readonly rejected = new Counter({ name: 'welink_requests_rejected_total', help: 'Asynchronous calls refused, by action and error code (this process).', labelNames: ['action', 'reason'], registers: [this.registry] });
  private readonly acceptance = new Histogram({ name: 'welink_acceptance_seconds', help: 'Time from receiving an asynchronous call to its acknowledgement (durable), by action.', labelNames: ['action'], buckets: SECONDS_FAST, registers: [this.registry] });
  private readonly actionDuration = new Histogram({ name: 'welink_action_duration_seconds', help: 'Time a provider took to run an action, by action and outcome (success, failure, retry, error).', labelNames: ['action', 'outcome'], buckets: SECONDS_SLOW, registers: [this.registry] });
  private readonly attempts = new Counter({ name: 'welink_webhook_attempts_total', help: 'Webhook delivery attempts by outcome (this process).', labelNames: ['outcome'], registers: [this.registry] });
  private readonly attemptDuration = new Histogram({ name: 'welink_webhook_attempt_duration_seconds', help: 'Duration of one webhook delivery attempt, by outcome.', labelNames: ['outcome'], buckets: SECONDS_SLOW, registers: [this.registry] });
  private readonly finishToWebhook = new Histogram({ name: 'welink_finish_to_webhook_seconds', help: 'Time from an event (a request finishing) to its successful webhook delivery, retries included.', buckets: SECONDS_DELIVERY, registers: [this.registry] });

  constructor(store: Store) {
    const db = store.db;
    // Gauges from the store: what every process shares, read when scraped.
    new Gauge({
      name: 'welink_requests_unfinished',
      help: 'Requests waiting or running, by state: the queue depth (all processes).',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const rows = await db.selectFrom('requests').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('status', 'in', ['QUEUED', 'RUNNING', 'PIN_REQUIRED']).groupBy('status').execute();
        for (const s of ['QUEUED', 'RUNNING', 'PIN_REQUIRED']) this.set({ state: s }, Number(rows.find((r) => r.status === s)?.n ?? 0));
      },
    });
    new Gauge({
      name: 'welink_webhook_deliveries_pending',
      help: 'Webhook deliveries not yet delivered or given up (all processes).',
      registers: [this.registry],
      async collect() {
        const row = await db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'PENDING').executeTakeFirst();
        this.set(Number(row?.n ?? 0));
      },
    });
    new Gauge({
      name: 'welink_webhook_attempts_last_hour',
      help: 'Webhook attempts in the last hour, by outcome (all processes).',
      labelNames: ['outcome'],
      registers: [this.registry],
      async collect() {
        const rows = await db.selectFrom('webhook_attempts').select(['outcome', (eb) => eb.fn.countAll<number>().as('n')]).where('attempted_at', '>', Date.now() - 3600_000).groupBy('outcome').execute();
        this.reset();
        for (const r of rows) this.set({ outcome: r.outcome }, Number(r.n));
      },
    });
    new Gauge({
      name: 'welink_accounts',
      help: 'LinkedIn accounts by status (all processes).',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const rows = await db.selectFrom('accounts').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
        this.reset();
        for (const r of rows) this.set({ status: r.status }, Number(r.n));
      },
    });
  }

  /** Every API response, by route pattern. */
  httpResponse(route: string, status: number): void {
    let byStatus = this.responseCounts.get(route);
    if (!byStatus) this.responseCounts.set(route, (byStatus = new Map()));
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  }

  private flushResponses(): void {
    for (const [route, byStatus] of this.responseCounts) {
      for (const [status, n] of byStatus) if (n > 0) this.responses.inc({ code: String(status), route }, n);
      byStatus.clear();
    }
  }

  /** An asynchronous call answered: accepted (new request), replayed, or refused with `code`. */
  asyncAnswer(action: string, answer: { status: number; code?: string; replayed: boolean; seconds: number }): void {
    if (answer.status >= 200 && answer.status < 300) {
      if (answer.replayed) return;
      this.accepted.inc({ action });
      this.acceptance.observe({ action }, answer.seconds);
    } else {
      this.rejected.inc({ action, reason: answer.code ?? `HTTP_${answer.status}` });
    }
  }

  actionRun(action: string, outcome: ActionOutcome, seconds: number): void {
    this.actionDuration.observe({ action, outcome }, seconds);
  }

  webhookAttempt(outcome: string, durationMs: number, sinceEventMs: number | null): void {
    this.attempts.inc({ outcome });
    this.attemptDuration.observe({ outcome }, durationMs / 1000);
    if (sinceEventMs !== null) this.finishToWebhook.observe(Math.max(0, sinceEventMs) / 1000);
  }

  /** The Prometheus text exposition: process metrics, then ours. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    const merged = Registry.merge([processRegistry(), this.registry]);
    return { contentType: merged.contentType, text: await merged.metrics() };
  }
}

/**
 * Awaits an engine run and reports its duration and outcome when metrics are wired. The outcome is
 * read from the engine's `Finish` value: a retry, or a done run that succeeded or failed.
 */
export async function timeAction<T extends { kind: string; outcome?: { ok: boolean } }>(metrics: EngineMetrics | undefined, action: string, run: Promise<T>): Promise<T> {
  if (!metrics) return run;
  const started = performance.now();
  try {
    const finish = await run;
    metrics.actionRun(action, finish.kind === 'retry' ? 'retry' : finish.outcome?.ok ? 'success' : 'failure', (performance.now() - started) / 1000);
    return finish;
  } catch (err) {
    metrics.actionRun(action, 'error', (performance.now() - started) / 1000);
    throw err;
  }
}
