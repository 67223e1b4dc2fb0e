import type { Logger } from 'pino';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { PollLoop, type RoundResult } from '../lib/poll-loop.ts';
import { EventStamper } from '../events/stamper.ts';
import type { Random } from '../lib/random.ts';
import type { Sealer } from '../lib/secrets.ts';
import type { GroupCommitter } from '../store/group-commit.ts';
import type { Store } from '../store/open.ts';
import type { Database } from '../store/tables.ts';
import type { Transaction } from 'kysely';
import { buildMessage } from './message.ts';
import { boundedPayload } from './payload.ts';
import {
  claimDue,
  disableEndpoint,
  endpointFailed,
  endpointSucceeded,
  insertAttempt,
  nextDueAt,
  release,
  releaseAllLeases,
  repairDueHints,
  settleDelivery,
  type AttemptRecord,
  type Delivery,
  type Endpoint,
} from './queue.ts';
import { nextAttemptAt } from './schedule.ts';
import { OpenedSecrets, signingSecrets } from './secrets.ts';
import { postWebhook, type DeliveryOutcome } from './send.ts';
import type { WebhookMetrics } from '../observability/metrics.ts';

export interface DispatcherOptions {
  store: Store;
  committer: GroupCommitter;
  clock: Clock;
  random: Random;
  sealer: Sealer;
  logger: Logger;
  /** Reads webhookRetrySchedule, webhookTimeoutMs, webhookAllowPrivate, webhookDisableAfterHours, pollMs. */
  config: Config;
  /** Attempts in flight at once in this process. Default 64. */
  concurrency?: number;
  /**
   * How long a claimed delivery is reserved. It must outlast one attempt (timeout included), so the
   * default is the attempt timeout plus 10 s; a killed process's deliveries are claimable after it.
   */
  leaseMs?: number;
  metrics?: WebhookMetrics;
}

/** Finished attempts gathered into one claim: at most this many, for at most GATHER_MS. */
const GATHER_FINISHES = 4;
const GATHER_MS = 3;

/** The cross-process wake-up channel (PostgreSQL LISTEN/NOTIFY). */
export const WEBHOOK_CHANNEL = 'welink_webhooks';

/**
 * Delivers pending webhook deliveries: claims due ones under a lease, signs and posts each, and
 * records every attempt and the delivery's next state (delivered, retry later, failed) in one
 * transaction. Deliveries are durable rows, so nothing here is lost when the process dies: their
 * leases expire and any worker (this one after a restart, or another) claims them again.
 */
export class WebhookDispatcher {
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly claimBatch: number;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly loop: PollLoop;
  private unlisten: (() => Promise<void>) | null = null;
  private notifyScheduled = false;
  private repairTimer: NodeJS.Timeout | null = null;
  private started = false;
  private readonly stamper: EventStamper;
  private readonly secrets: OpenedSecrets;
  /** Attempts finished since the last round, and the timer that gathers them into one claim. */
  private finishedSinceRound = 0;
  private gatherTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: DispatcherOptions) {
    this.concurrency = o.concurrency ?? 64;
    this.leaseMs = o.leaseMs ?? o.config.webhookTimeoutMs + 10000;
    this.claimBatch = Math.max(1, Math.floor(this.concurrency / 8));
    this.stamper = new EventStamper({ db: o.store.db, logger: o.logger });
    this.secrets = new OpenedSecrets(o.sealer);
    this.loop = new PollLoop({
      round: () => this.round(),
      nextDueAt: () => nextDueAt(o.store.db),
      pollMs: o.config.pollMs,
      clock: o.clock,
      onError: (err) => o.logger.warn({ err: { message: (err as Error).message } }, 'claiming webhook deliveries failed; retrying'),
    });
  }

  /** Starts the background loop and listens for wake-ups from other processes. */
  async start(): Promise<void> {
    const { store } = this.o;
    if (store.ownedByOneProcess) {
      const n = await releaseAllLeases(store.db, this.o.clock.now());
      if (n > 0) this.o.logger.warn({ released: n }, 'released webhook deliveries left claimed by a previous run');
    }
    this.unlisten = await store.listen(WEBHOOK_CHANNEL, () => {
      this.loop.wake();
      this.stamper.nudge();
    });
    // The endpoints' due hints are repaired now and then (see repairDueHints); cheap, and rarely needed.
    this.repairTimer = setInterval(() => {
      this.stamper.nudge();
      repairDueHints(store.db, this.o.clock.now()).then(
        (n) => n > 0 && this.loop.wake(),
        (err) => this.o.logger.warn({ err: { message: (err as Error).message } }, 'repairing webhook due hints failed'),
      );
    }, 10_000);
    this.repairTimer.unref();
    this.started = true;
    this.stamper.start();
    this.loop.start();
  }

  /**
   * New deliveries were committed: look now, here and (PostgreSQL) in every worker process, since
   * this process may be API-only.
   */
  wake(): void {
    this.loop.wake();
    this.stamper.nudge();
    if (this.o.store.ownedByOneProcess || this.notifyScheduled) return;
    // This process delivers its own events while it has room: waking every worker for each commit
    // only sent them all after the same endpoints at once.
    if (this.started && this.concurrency - this.inFlight.size >= this.claimBatch) return;
    // One NOTIFY per event-loop turn, however many commits asked for one.
    this.notifyScheduled = true;
    setImmediate(() => {
      this.notifyScheduled = false;
      this.o.store.notify(WEBHOOK_CHANNEL).catch((err) => this.o.logger.debug({ err: { message: (err as Error).message } }, 'webhook notify failed'));
    });
  }

  /** Stops claiming and waits for the attempts in flight (each bounded by the attempt timeout). */
  async stop(): Promise<void> {
    if (this.repairTimer) clearInterval(this.repairTimer);
    this.repairTimer = null;
    if (this.gatherTimer) clearTimeout(this.gatherTimer);
    this.gatherTimer = null;
    this.started = false;
    await this.loop.stop();
    await this.stamper.stop();
    await Promise.allSettled([...this.inFlight.values()]);
    await this.unlisten?.();
    this.unlisten = null;
  }

  /** Attempts every delivery due now and waits for them (tests). */
  async runDue(): Promise<number> {
    const claimed = await this.claim(this.concurrency);
    await Promise.all(await this.attemptAll(claimed));
    return claimed.length;
  }

  /**
   * Where one process owns the database, a claim shares the group commit's fsync; shared by several
   * processes, it is its own short transaction so its row locks (SKIP LOCKED) are not held for a batch.
   */
  private claim(n: number): Promise<Delivery[]> {
    const { store, committer, clock } = this.o;
    const limits = { perEndpoint: this.o.config.webhookEndpointConcurrency };
    const run = (trx: Transaction<Database>) => claimDue(trx, clock.now(), this.leaseMs, n, limits);
    return store.ownedByOneProcess ? committer.run('', run) : store.db.transaction().execute(run);
  }

  /**
   * One round: claim due deliveries into the free slots and start their attempts. A claim is a write
   * (an fsync on SQLite): free slots are taken in batches, not one per finished attempt.
   */
  private async round(): Promise<RoundResult> {
    this.finishedSinceRound = 0;
    if (this.gatherTimer) clearTimeout(this.gatherTimer);
    this.gatherTimer = null;
    const free = this.concurrency - this.inFlight.size;
    if (this.inFlight.size > 0 && free < this.claimBatch) return 'busy';
    const batch = await this.claim(free);
    const attempts = await this.attemptAll(batch);
    batch.forEach((d, i) => {
      this.inFlight.set(
        d.id,
        attempts[i].finally(() => {
          this.inFlight.delete(d.id);
          this.attemptFinished();
        }),
      );
    });
    if (this.concurrency - this.inFlight.size < this.claimBatch) return 'busy';
    if (batch.length === free) return 'again';
    // Fewer than asked: what is due is taken, or its endpoints are at their limit. Attempts in flight
    // wake the loop as they finish; without this, an endpoint at its limit (it still looks due) was
    // claimed again every 5 ms, each time a write.
    return this.inFlight.size > 0 ? 'busy' : 'idle';
  }

  /**
   * A finished attempt frees a slot (and its endpoint's share of the limit). Claiming again at once for
   * each one made a claim transaction per delivery under load; finishes are gathered for a few
   * milliseconds, or until a batch's worth of slots is free, into one claim.
   */
  private attemptFinished(): void {
    this.finishedSinceRound++;
    if (this.finishedSinceRound >= GATHER_FINISHES || this.inFlight.size === 0) {
      if (this.gatherTimer) clearTimeout(this.gatherTimer);
      this.gatherTimer = null;
      this.loop.wake();
      return;
    }
    this.gatherTimer ??= setTimeout(() => {
      this.gatherTimer = null;
      this.loop.wake();
    }, GATHER_MS);
  }

  /** Loads what the claimed deliveries need in two queries, then starts one attempt each (never rejecting). */
  private async attemptAll(claimed: Delivery[]): Promise<Promise<void>[]> {
    if (claimed.length === 0) return [];
    const db = this.o.store.db;
    const endpointIds = [...new Set(claimed.map((d) => d.endpoint_id))];
    const eventIds = [...new Set(claimed.map((d) => d.event_id))];
    const endpoints = new Map((await db.selectFrom('webhook_endpoints').selectAll().where('id', 'in', endpointIds).execute()).map((e) => [e.id, e]));
    const events = new Map((await db.selectFrom('events').select(['id', 'payload']).where('id', 'in', eventIds).execute()).map((e) => [e.id, e.payload]));
    return claimed.map((d) =>
      this.attempt(d, endpoints.get(d.endpoint_id), events.get(d.event_id)).catch((err) => {
        // Database trouble while recording: the lease expires and the delivery is attempted again.
        this.o.logger.error({ err: { message: (err as Error).message }, deliveryId: d.id }, 'webhook attempt could not be recorded');
      }),
    );
  }

  private async attempt(d: Delivery, endpoint: Endpoint | undefined, payload: string | undefined): Promise<void> {
    const { clock, config, committer, logger } = this.o;
    if (!endpoint || endpoint.enabled !== 1) {
      await release(this.o.store.db, d, clock.now());
      return;
    }
    const attemptedAt = clock.now();
    if (payload === undefined) {
      // Retention removed the event (its request was purged): there is nothing left to send.
      await committer.run(d.endpoint_id, (trx) =>
        settleDelivery(trx, d, { status: 'FAILED', now: attemptedAt, lastStatus: null, lastError: 'EVENT_PURGED: the event no longer exists.' }),
      );
      return;
    }
    const message = buildMessage(d.id, boundedPayload(payload), signingSecrets(endpoint, attemptedAt, this.secrets), attemptedAt);
    const outcome = await postWebhook({
      url: endpoint.url,
      headers: message.headers,
      body: message.body,
      timeoutMs: config.webhookTimeoutMs,
      allowPrivate: config.webhookAllowPrivate,
      clock,
    });
    const record = attemptRecord(outcome, attemptedAt);
    const now = clock.now();
    this.o.metrics?.webhookAttempt(record.outcome, record.durationMs, outcome.kind === 'delivered' ? now - d.created_at : null);
    const disabled = await committer.run(d.endpoint_id, async (trx) => {
      await insertAttempt(trx, d, record);
      if (outcome.kind === 'delivered') {
        if (await settleDelivery(trx, d, { status: 'DELIVERED', now, lastStatus: outcome.status })) await endpointSucceeded(trx, d.endpoint_id);
        return null;
      }
      const lastError = describe(outcome);
      const lastStatus = outcome.kind === 'rejected' ? outcome.status : null;
      if (outcome.kind === 'rejected' && outcome.gone) {
        if (!(await settleDelivery(trx, d, { status: 'FAILED', now, lastStatus, lastError }))) return null;
        const reason = `Disabled on ${new Date(now).toISOString()}: the receiver answered 410 Gone.`;
        await disableEndpoint(trx, d.endpoint_id, now, reason);
        return reason;
      }
      const retryAfterMs = outcome.kind === 'rejected' ? outcome.retryAfterMs : undefined;
      const next = nextAttemptAt(now, d.attempts, config.webhookRetrySchedule, this.o.random, retryAfterMs);
      const settled =
        next === null
          ? await settleDelivery(trx, d, { status: 'FAILED', now, lastStatus, lastError })
          : await settleDelivery(trx, d, { status: 'PENDING', nextAttemptAt: next, lastStatus, lastError });
      if (!settled) return null;
      return endpointFailed(trx, d.endpoint_id, now, config.webhookDisableAfterHours * 3600 * 1000, lastError);
    });
    // The URL is not logged: customers put tokens in query strings.
    const fields = { deliveryId: d.id, webhookId: d.endpoint_id, attempt: d.attempts, outcome: record.outcome, status: record.statusCode, durationMs: record.durationMs };
    if (outcome.kind === 'delivered') logger.debug(fields, 'webhook delivered');
    else logger.info(fields, 'webhook attempt failed');
    if (disabled) logger.warn({ webhookId: d.endpoint_id, reason: disabled }, 'webhook endpoint disabled');
  }
}

function attemptRecord(outcome: DeliveryOutcome, attemptedAt: number): AttemptRecord {
  switch (outcome.kind) {
    case 'delivered':
      return { attemptedAt, durationMs: outcome.durationMs, statusCode: outcome.status, outcome: 'DELIVERED', excerpt: outcome.excerpt };
    case 'rejected':
      return { attemptedAt, durationMs: outcome.durationMs, statusCode: outcome.status, outcome: outcome.gone ? 'GONE' : 'HTTP_ERROR', excerpt: outcome.excerpt };
    case 'error':
      return { attemptedAt, durationMs: outcome.durationMs, statusCode: null, outcome: outcome.code, excerpt: outcome.message };
  }
}

function describe(outcome: Exclude<DeliveryOutcome, { kind: 'delivered' }>): string {
  return outcome.kind === 'rejected' ? `HTTP ${outcome.status}` : `${outcome.code}: ${outcome.message}`;
}
