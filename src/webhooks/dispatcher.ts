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
import { claimDueDeliveries, type ClaimedDelivery } from '../store/webhook-claims.ts';
import type { Kysely } from 'kysely';
import { buildMessage } from './message.ts';
import { boundedPayload } from './payload.ts';
import { nextDueAt, release, releaseAllLeases, repairDueHints, type AttemptRecord } from './queue.ts';
import { recordFinished, touchesEndpoints, type FinishedAttempt, type Recorded } from './record.ts';
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

/** Finished attempts gathered into one round: at most this many, for at most GATHER_MS. */
const GATHER_FINISHES = 4;
const GATHER_MS = 3;

/**
 * A round that finds nothing to claim while an endpoint looks due (its deliveries are in flight
 * elsewhere, or at their limit) makes the next look wait longer: 5 ms, doubling, at most this. New
 * deliveries of this process, NOTIFY and finished attempts still wake the loop at once.
 */
const EMPTY_BACKOFF_MAX_MS = 100;
/** How often, at most, an idle dispatcher repairs the due hints (see repairDueHints). */
const IDLE_REPAIR_MS = 250;

/** The cross-process wake-up channel (PostgreSQL LISTEN/NOTIFY). */
export const WEBHOOK_CHANNEL = 'welink_webhooks';

/**
 * Delivers pending webhook deliveries: claims due ones under a lease, signs and posts each, and
 * records every attempt and the delivery's next state (delivered, retry later, failed). Deliveries are
 * durable rows, so nothing here is lost when the process dies: their leases expire and any worker
 * (this one after a restart, or another) claims them again.
 *
 * A round records the attempts finished since the last one and claims into the slots they freed, in
 * one transaction: a delivery holds its slot (its lease counts against its endpoint's limit) until
 * its attempt is recorded.
 */
export class WebhookDispatcher {
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly claimBatch: number;
  /** Attempts being made, by delivery id. */
  private readonly sending = new Map<string, Promise<void>>();
  /** Attempts made and not recorded yet, and how many of them the round running now records. */
  private finished: FinishedAttempt[] = [];
  private recording = 0;
  private readonly loop: PollLoop;
  private unlisten: (() => Promise<void>) | null = null;
  private notifyScheduled = false;
  private repairTimer: NodeJS.Timeout | null = null;
  private started = false;
  private readonly stamper: EventStamper;
  private readonly secrets: OpenedSecrets;
  /** Attempts finished since the last round, and the timer that gathers them into one round. */
  private finishedSinceRound = 0;
  private gatherTimer: NodeJS.Timeout | null = null;
  /** Rounds in a row that claimed nothing, and when an idle look last repaired the hints. */
  private emptyRounds = 0;
  private repairedAt = 0;

  constructor(private readonly o: DispatcherOptions) {
    this.concurrency = o.concurrency ?? 64;
    this.leaseMs = o.leaseMs ?? o.config.webhookTimeoutMs + 10000;
    this.claimBatch = Math.max(1, Math.floor(this.concurrency / 8));
    this.stamper = new EventStamper({ db: o.store.db, logger: o.logger });
    this.secrets = new OpenedSecrets(o.sealer);
    this.loop = new PollLoop({
      round: () => this.round(),
      nextDueAt: () => this.nextLook(),
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
    if (this.started && this.free() >= this.claimBatch) return;
    // One NOTIFY per event-loop turn, however many commits asked for one.
    this.notifyScheduled = true;
    setImmediate(() => {
      this.notifyScheduled = false;
      this.o.store.notify(WEBHOOK_CHANNEL).catch((err) => this.o.logger.debug({ err: { message: (err as Error).message } }, 'webhook notify failed'));
    });
  }

  /** Stops claiming, waits for the attempts in flight (each bounded by the attempt timeout) and records them. */
  async stop(): Promise<void> {
    if (this.repairTimer) clearInterval(this.repairTimer);
    this.repairTimer = null;
    if (this.gatherTimer) clearTimeout(this.gatherTimer);
    this.gatherTimer = null;
    this.started = false;
    await this.loop.stop();
    await this.stamper.stop();
    await Promise.allSettled([...this.sending.values()]);
    const last = this.finished;
    this.finished = [];
    // Not recorded, their leases expire and the deliveries are sent again: at least once, as after a crash.
    await this.recordAndClaim(last, 0).catch((err) => this.o.logger.error({ err: { message: (err as Error).message }, attempts: last.length }, 'webhook attempts could not be recorded'));
    await this.unlisten?.();
    this.unlisten = null;
  }

  /** Attempts every delivery due now, waits for them and records them (tests). */
  async runDue(): Promise<number> {
    const claimed = await this.recordAndClaim([], this.concurrency);
    const finished = await Promise.all(claimed.map((c) => this.attempt(c)));
    await this.recordAndClaim(
      finished.filter((f): f is FinishedAttempt => f !== null),
      0,
    );
    return claimed.length;
  }

  /** Slots free for a claim: attempts finished count until recorded, their leases still hold their endpoint's. */
  private free(): number {
    return this.concurrency - this.sending.size - this.finished.length - this.recording;
  }

  /**
   * Records `finished` and claims up to `n`. Where one process owns the database both share the group
   * commit's fsync; shared by several processes, the claim is never part of a longer transaction, so
   * its row locks (SKIP LOCKED) are held for one statement.
   */
  private async recordAndClaim(finished: FinishedAttempt[], n: number, onRecorded: () => void = () => {}): Promise<ClaimedDelivery[]> {
    if (finished.length === 0 && n <= 0) return [];
    const { store, committer, clock, config } = this.o;
    const run = async (db: Kysely<Database>, committed: boolean) => {
      const recorded = await recordFinished(db, finished, { now: clock.now(), disableAfterMs: config.webhookDisableAfterHours * 3600 * 1000 });
      if (committed) onRecorded();
      const claimed = await claimDueDeliveries(db, { now: clock.now(), leaseMs: this.leaseMs, n, perEndpoint: config.webhookEndpointConcurrency });
      return { recorded, claimed };
    };
    // On PostgreSQL recording the attempts of healthy endpoints is one statement and a claim another:
    // each commits on its own (two round trips, not four with BEGIN and COMMIT), which shortens the
    // time a finished attempt holds its endpoint's slot.
    const separate = !store.ownedByOneProcess && !touchesEndpoints(finished);
    const { recorded, claimed } = separate
      ? await run(store.db, true)
      : store.ownedByOneProcess
        ? await committer.run('', (trx) => run(trx, false))
        : await store.db.transaction().execute((trx) => run(trx, false));
    if (!separate) onRecorded();
    this.reportDisabled(recorded);
    return claimed;
  }

  private reportDisabled(recorded: Recorded): void {
    for (const { endpointId, reason } of recorded.disabled) this.o.logger.warn({ webhookId: endpointId, reason }, 'webhook endpoint disabled');
  }

  /**
   * One round: record what finished, claim due deliveries into the free slots and start their
   * attempts. A round is a write (an fsync): free slots are taken in batches, not one per finished attempt.
   */
  private async round(): Promise<RoundResult> {
    this.finishedSinceRound = 0;
    if (this.gatherTimer) clearTimeout(this.gatherTimer);
    this.gatherTimer = null;
    const toRecord = this.finished;
    this.finished = [];
    this.recording = toRecord.length;
    // The attempts recorded now free their slots for this claim (the recording commits first).
    const free = this.concurrency - this.sending.size;
    const n = this.sending.size > 0 && free < this.claimBatch ? 0 : free;
    let claimed: ClaimedDelivery[];
    let recorded = false;
    try {
      claimed = await this.recordAndClaim(toRecord, n, () => (recorded = true));
    } catch (err) {
      // Kept for the next round unless committed already (a claim failing after its own commit).
      if (!recorded) this.finished.unshift(...toRecord);
      throw err;
    } finally {
      this.recording = 0;
    }
    for (const c of claimed) this.send(c);
    if (n === 0) return 'busy';
    this.emptyRounds = claimed.length === 0 ? this.emptyRounds + 1 : 0;
    if (claimed.length === n) return 'again';
    // Fewer than asked: what is due is taken, or its endpoints are at their limit. Attempts in flight
    // wake the loop as they finish; without this, an endpoint at its limit (it still looks due) was
    // claimed again every 5 ms, each time a write.
    return this.sending.size + this.finished.length > 0 ? 'busy' : 'idle';
  }

  /** When an idle loop looks again: when something is due, spaced out after empty rounds. */
  private async nextLook(): Promise<number | null> {
    const { store, clock } = this.o;
    const now = clock.now();
    // A claim that found nothing pending clears its endpoint's hint; a delivery committed during
    // that claim is then found by the repair, which runs every 10 s anyway, and here more often.
    if (now - this.repairedAt >= IDLE_REPAIR_MS || now < this.repairedAt) {
      this.repairedAt = now;
      await repairDueHints(store.db, now);
    }
    const due = await nextDueAt(store.db);
    if (due === null || this.emptyRounds === 0) return due;
    return Math.max(due, now + Math.min(EMPTY_BACKOFF_MAX_MS, 5 * 2 ** (this.emptyRounds - 1)));
  }

  private send(c: ClaimedDelivery): void {
    const id = c.delivery.id;
    this.sending.set(
      id,
      this.attempt(c).then((f) => {
        this.sending.delete(id);
        if (f) this.finished.push(f);
        this.attemptFinished();
      }),
    );
  }

  /**
   * A finished attempt frees a slot (and its endpoint's share of the limit) once recorded. A round
   * for each one made a transaction per delivery under load; finishes are gathered for a few
   * milliseconds, or until a batch's worth of slots is free, into one round.
   */
  private attemptFinished(): void {
    this.finishedSinceRound++;
    if (this.finishedSinceRound >= GATHER_FINISHES || this.sending.size === 0) {
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

  /** Makes one attempt; resolves with what is to be recorded, null when nothing is. Never rejects. */
  private async attempt(c: ClaimedDelivery): Promise<FinishedAttempt | null> {
    const { delivery: d, endpoint, payload } = c;
    const { clock, config, logger } = this.o;
    try {
      if (endpoint.enabled !== 1) {
        await release(this.o.store.db, d, clock.now());
        return null;
      }
      const attemptedAt = clock.now();
      const base = { delivery: d, failingSinceAtClaim: endpoint.failing_since };
      if (payload === null) {
        // Retention removed the event (its request was purged): there is nothing left to send.
        return { ...base, record: null, verdict: null, next: { status: 'FAILED', now: attemptedAt, lastStatus: null, lastError: 'EVENT_PURGED: the event no longer exists.' } };
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
      // The URL is not logged: customers put tokens in query strings.
      const fields = { deliveryId: d.id, webhookId: d.endpoint_id, attempt: d.attempts, outcome: record.outcome, status: record.statusCode, durationMs: record.durationMs };
      if (outcome.kind === 'delivered') {
        logger.debug(fields, 'webhook delivered');
        return { ...base, record, verdict: { kind: 'answered' }, next: { status: 'DELIVERED', now, lastStatus: outcome.status } };
      }
      logger.info(fields, 'webhook attempt failed');
      const lastError = describe(outcome);
      const lastStatus = outcome.kind === 'rejected' ? outcome.status : null;
      if (outcome.kind === 'rejected' && outcome.gone) return { ...base, record, verdict: { kind: 'gone', at: now }, next: { status: 'FAILED', now, lastStatus, lastError } };
      const retryAfterMs = outcome.kind === 'rejected' ? outcome.retryAfterMs : undefined;
      const next = nextAttemptAt(now, d.attempts, config.webhookRetrySchedule, this.o.random, retryAfterMs);
      return {
        ...base,
        record,
        verdict: { kind: 'failed', at: now, error: lastError },
        next: next === null ? { status: 'FAILED', now, lastStatus, lastError } : { status: 'PENDING', nextAttemptAt: next, lastStatus, lastError },
      };
    } catch (err) {
      // Database trouble while giving a delivery back: its lease expires and it is attempted again.
      logger.error({ err: { message: (err as Error).message }, deliveryId: d.id }, 'webhook attempt could not be recorded');
      return null;
    }
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
