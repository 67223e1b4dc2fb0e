import type { Logger } from 'pino';
import { actionByName, budgetsOf, isLoginAction, loginActionNames, sideEffectActionNames, type Action } from '../actions/catalogue.ts';
import type { Clock } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import { PollLoop, type RoundResult } from '../lib/poll-loop.ts';
import type { Random } from '../lib/random.ts';
import type { Sealer } from '../lib/secrets.ts';
import type { FailureCode } from '../actions/failures.ts';
import { ProviderError, type Outcome } from '../actions/outcome.ts';
import { runAction, verifyAction, type ProviderHandlers } from '../actions/provider-contract.ts';
import type { RunContext } from '../actions/run-context.ts';
import type { GroupCommitter } from '../store/group-commit.ts';
import type { Store } from '../store/open.ts';
import { isDatabaseDown } from '../store/unavailable.ts';
import type { Transaction } from 'kysely';
import type { Account, Database, RequestRow } from '../store/tables.ts';
import { accountRunContext } from './run-context.ts';
import { createTracker } from '../store/message-trackers.ts';
import { Lanes, type StartOptions, type Started } from './lanes.ts';
import { drawDelayMs, nextActiveInstant, type ActiveHours, type PacingOptions } from './pacing.ts';
import { purge, type PurgeCounts } from './purge.ts';
import { timeAction, type EngineMetrics } from '../observability/metrics.ts';
import { freeLane, loginAwaitsPin, loginFailed, loginSucceeded, pauseAccount } from './transitions/account.ts';
import { cancelIfAccountDisconnected, handBack } from './transitions/queue.ts';
import { deferRun, finishRun, putRunBack, retryRunLater, type Run } from './transitions/run.ts';
import { DEFAULT_HOLD_POLICY, holdAccount, holdCategory, type HoldPolicy } from './transitions/holds.ts';
import { budgetsApply, spend, spentBudget } from './budgets.ts';
import { defaultCategoryHoldMs, type BudgetCategory } from '../actions/budgets.ts';
import { failureCatalogue } from '../actions/failures.ts';

export interface EngineOptions {
  store: Store;
  committer: GroupCommitter;
  clock: Clock;
  random: Random;
  sealer: Sealer;
  logger: Logger;
  /** The provider for a workspace mode. */
  providers: (mode: 'sandbox' | 'live') => ProviderHandlers;
  pacing: PacingOptions;
  leaseMs: number;
  concurrency: number;
  pollMs: number;
  /** After a commit that created webhook deliveries. */
  onEvents: () => void;
  /** Upper bound of one provider call. */
  actionTimeoutMs?: number;
  maxAttempts?: number;
  /** Retention of finished requests; the background purge runs when set. */
  retention?: { retentionMs: number; rateWindowMs: number; everyMs?: number };
  /** Test-only faults (config `WELINK_FAULT_*`); both off in production. */
  faults?: { killAfterEffectPercent: number; actionDelayMs: number };
  metrics?: EngineMetrics;
  /**
   * Runs inside the transaction that records a successful login, after the account became ACTIVE
   * (a hosted connection link is completed there, with its ACCOUNT_CONNECTED event).
   */
  onLoginSucceeded?: (trx: Transaction<Database>, request: RequestRow, now: number) => Promise<void>;
  /** How long LinkedIn's pushback holds an account (defaults: 15 min after a 429, 6 h after a 999). */
  holds?: HoldPolicy;
}

type Finish =
  | { kind: 'done'; outcome: Outcome<unknown> }
  | { kind: 'retry'; code: FailureCode; message: string }
  /** welink's own budget of a category is spent: nothing was sent to LinkedIn. */
  | { kind: 'budget'; category: BudgetCategory; until: number; message: string };

/**
 * The worker: claims due lanes, runs each lane's next request through the provider, and records the
 * outcome, the account's pacing and the webhook event in one transaction.
 */
export class Engine {
  readonly owner = newId('wrk');
  private readonly lanes: Lanes;
  private readonly loop: PollLoop;
  private running = new Map<string, Promise<void>>();
  /**
   * Lanes whose run failed on a database error: their leases are ours, so the heartbeat would renew
   * them and the sweeper (which skips our own) would never return them. Handed back once it answers.
   */
  private orphans = new Set<string>();
  private timers: NodeJS.Timeout[] = [];
  private modes = new Map<string, 'sandbox' | 'live'>();
  /** Free slots worth a claim while lanes run (a claim is a transaction of several statements). */
  private readonly claimBatch: number;

  constructor(private readonly o: EngineOptions) {
    this.lanes = new Lanes(o.store.db);
    this.claimBatch = Math.max(1, Math.floor(o.concurrency / 8));
    this.loop = new PollLoop({
      round: () => this.round(),
      nextDueAt: () => this.lanes.nextDueAt(),
      pollMs: o.pollMs,
      clock: o.clock,
      onError: (err) => o.logger.warn({ err }, 'claiming work failed; retrying'),
    });
  }

  /** Starts the background loop, the heartbeat and the sweeper. */
  async start(): Promise<void> {
    const { store } = this.o;
    // A lone process owns every lease: leftovers can only be from its own previous life.
    if (store.ownedByOneProcess) await this.lanes.sweep(Number.MAX_SAFE_INTEGER);
    await store.listen('welink_work', () => this.wake());
    const beat = setInterval(() => {
      this.lanes.heartbeat(this.owner, this.o.clock.now() + this.o.leaseMs).catch((err) => this.o.logger.warn({ err }, 'heartbeat failed'));
    }, Math.max(500, Math.floor(this.o.leaseMs / 3)));
    const sweep = setInterval(() => {
      this.lanes.sweep(this.o.clock.now(), this.owner).then(
        (n) => n > 0 && (this.o.logger.warn({ returned: n }, 'returned requests of a stopped worker'), this.wake()),
        (err) => this.o.logger.warn({ err }, 'sweep failed'),
      );
    }, Math.max(1000, Math.floor(this.o.leaseMs / 2)));
    beat.unref();
    sweep.unref();
    this.timers.push(beat, sweep);
    if (this.o.retention) {
      const every = this.o.retention.everyMs ?? 10 * 60 * 1000;
      const purgeTimer = setInterval(() => {
        this.purge().catch((err) => this.o.logger.warn({ err }, 'purge failed'));
      }, every);
      purgeTimer.unref();
      this.timers.push(purgeTimer);
    }
    this.loop.start();
  }

  /** New work was queued (here or, through NOTIFY, in another process): look now. */
  wake(): void {
    this.loop.wake();
  }

  /** Stops claiming, lets running actions finish (up to `graceMs`), then hands back what is left. */
  async stop(graceMs = 10000): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.loop.stop();
    const all = Promise.allSettled([...this.running.values()]);
    const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref())]);
    if (timedOut) await handBack(this.o.store.db, this.owner, this.o.clock.now());
  }

  /**
   * Hands back the work of workers whose lease expired (they died or stopped heartbeating): the
   * sweeper runs this on a timer; tests call it after making a lease expire.
   */
  async sweepExpired(): Promise<number> {
    return this.lanes.sweep(this.o.clock.now(), this.owner);
  }

  /** Deletes what the retention period lets go (see purge.ts); the engine calls it every few minutes. */
  async purge(): Promise<PurgeCounts> {
    const r = this.o.retention;
    if (!r) return { requests: 0, idempotencyKeys: 0, syncSeen: 0 };
    const counts = await purge(this.o.store.db, this.o.clock.now(), r);
    if (counts.requests > 0 || counts.idempotencyKeys > 0 || counts.syncSeen > 0) this.o.logger.info(counts, 'purged finished requests');
    return counts;
  }

  /**
   * Runs every lane that is due now, one request each, and waits for them. Tests drive the engine
   * with this and a manual clock instead of the background loop.
   */
  async runDue(max = this.o.concurrency): Promise<number> {
    const started = await this.claimAndStart(max);
    await Promise.all(started.map((s) => this.runLane(s)));
    return started.length;
  }

  /** runDue until nothing is due (at the current clock time). */
  async drain(maxRounds = 10000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxRounds; i++) {
      const n = await this.runDue();
      if (n === 0) break;
      total += n;
    }
    return total;
  }

  /**
   * Where one process owns the database (SQLite), the claim joins the group committer's batch,
   * sharing its commit (one fsync) with the finishes and effect rows of the same moment. Shared by
   * several processes (PostgreSQL), it stays its own short transaction: its row locks (SKIP LOCKED)
   * should not be held for a whole batch.
   */
  private claimAndStart(max: number): Promise<Started[]> {
    const { store, clock, leaseMs, committer } = this.o;
    if (!store.ownedByOneProcess) return this.lanes.claimAndStart(this.owner, clock.now(), leaseMs, max, this.startOptions);
    return committer.run('', (trx) => this.lanes.claimAndStartIn(trx, this.owner, clock.now(), leaseMs, max, this.startOptions));
  }

  /** One round of the loop: hand back orphans, then claim and start as many lanes as there is room for. */
  private async round(): Promise<RoundResult> {
    if (this.orphans.size > 0) await this.returnOrphans();
    const free = this.o.concurrency - this.running.size;
    if (free <= 0) return 'busy';
    // While lanes run, each finish wakes the loop: claiming then for one slot made every action pay
    // for a claim of its own. A batch of slots is claimed at once; nothing running, any slot is.
    if (this.running.size > 0 && free < this.claimBatch) return 'busy';
    const started = await this.claimAndStart(free);
    for (const s of started) {
      const p = this.runLane(s).finally(() => {
        this.running.delete(s.account.id);
        this.wake();
      });
      this.running.set(s.account.id, p);
    }
    if (this.o.concurrency - this.running.size < this.claimBatch) return 'busy';
    return started.length > 0 ? 'again' : 'idle';
  }

  /** Requeues the running request and frees the lease of each orphaned lane (as the sweeper does for a dead worker). */
  private async returnOrphans(): Promise<void> {
    const ids = [...this.orphans].filter((id) => !this.running.has(id));
    if (ids.length === 0) return;
    await handBack(this.o.store.db, this.owner, this.o.clock.now(), ids);
    for (const id of ids) this.orphans.delete(id);
    this.o.logger.warn({ returned: ids.length }, 'returned lanes whose run failed on a database error');
  }

  private async modeOf(workspaceId: string): Promise<'sandbox' | 'live'> {
    let mode = this.modes.get(workspaceId);
    if (!mode) {
      const ws = await this.o.store.db.selectFrom('workspaces').select('mode').where('id', '=', workspaceId).executeTakeFirstOrThrow();
      mode = ws.mode;
      this.modes.set(workspaceId, mode);
    }
    return mode;
  }

  private readonly startOptions: StartOptions = {
    loginActions: [...loginActionNames],
    holdUntil: (account, now) => this.activeFrom(account, now),
    // Logins are marked too: an interrupted one is never run again (its credentials may have left).
    sideEffectActions: [...sideEffectActionNames, ...loginActionNames],
  };

  /** Runs a request the claim has just marked RUNNING, and records its outcome. */
  private async runLane({ account, request: req, interrupted }: Started): Promise<void> {
    try {
      const action = actionByName(req.action);
      if (!action) {
        await this.finish(account, req, undefined, {}, { kind: 'done', outcome: { ok: false, code: 'UNKNOWN_ACTION', message: `No action named ${req.action}.` } });
        return;
      }
      // Parsed once for the run and its record (budgets, reply tracker).
      const input = JSON.parse(req.input) as Record<string, unknown>;
      const finish = await timeAction(this.o.metrics, action.name, this.execute(account, req, action, input, interrupted));
      await this.finish(account, req, action, input, finish);
    } catch (err) {
      // Database trouble mid-run: the lease expires and the sweeper hands the request back.
      this.o.logger.error({ err, accountId: account.id }, 'lane run failed');
      this.orphans.add(account.id);
    }
  }

  /** When an active account may act next under its active hours (pacing on); logins are never held. */
  private activeFrom(account: Account, now: number): number {
    if (!this.o.pacing.enabled || account.status !== 'ACTIVE' || !account.active_hours) return now;
    return nextActiveInstant(now, JSON.parse(account.active_hours) as ActiveHours, account.timezone);
  }

  private context(account: Account, req: RequestRow): RunContext {
    return accountRunContext({ account, requestId: req.id, now: this.o.clock.now(), sealer: this.o.sealer, db: this.o.store.db });
  }

  private async execute(account: Account, req: RequestRow, action: Action, input: Record<string, unknown>, interrupted: boolean): Promise<Finish> {
    const mode = await this.modeOf(account.workspace_id);
    const provider = this.o.providers(mode);
    const ctx = this.context(account, req);
    if (interrupted && isLoginAction(action.name)) {
      // The credentials may have reached LinkedIn before the worker died: never post them twice.
      return { kind: 'done', outcome: { ok: false, code: 'LOGIN_INTERRUPTED', message: failureCatalogue.LOGIN_INTERRUPTED.message } };
    }
    if (!interrupted && budgetsApply(account, mode)) {
      const spent = await spentBudget(this.o.store.db, account, budgetsOf(action.name, input), mode, this.o.clock.now());
      if (spent) {
        const per = spent.window === 'daily' ? 'day' : spent.window === 'weekly' ? 'week' : '30 days';
        return {
          kind: 'budget',
          category: spent.category,
          until: spent.freesAt!,
          message: `welink's budget of ${spent.category.replace('_', ' ')} for this account is spent (${spent.used} of ${spent.cap} per ${per}); the request waits until ${new Date(spent.freesAt!).toISOString()}.`,
        };
      }
    }
    try {
      const faults = this.o.faults;
      if (faults && faults.actionDelayMs > 0) await new Promise((r) => setTimeout(r, faults.actionDelayMs));
      if (action.sideEffect && interrupted) {
        // A previous run may have done it before its worker died: ask before doing it again.
        const v = await this.bounded(verifyAction(provider, action.name, ctx, input));
        if (v.happened) return { kind: 'done', outcome: { ok: true, result: v.result } };
        // The check itself met LinkedIn's pushback (a 429, a dead session): that decides, not a second try.
        if (v.fail) return { kind: 'done', outcome: v.fail };
      }
      // effect_started_at was committed with the RUNNING mark (lanes.claimAndStart).
      const outcome = await this.bounded(runAction(provider, action.name, ctx, input));
      if (action.sideEffect && faults && faults.killAfterEffectPercent > 0 && this.o.random.next() * 100 < faults.killAfterEffectPercent) {
        // Test-only: die after the effect and before the transaction that records it.
        process.kill(process.pid, 'SIGKILL');
        await new Promise(() => {});
      }
      return { kind: 'done', outcome };
    } catch (err) {
      if (err instanceof ProviderError && err.retryable) return { kind: 'retry', code: err.code, message: err.message };
      // The provider's own storage (the sandbox) lost the database: infrastructure, not a verdict.
      if (isDatabaseDown(err)) return { kind: 'retry', code: 'DATABASE_UNAVAILABLE', message: 'The database was unreachable during the action.' };
      this.o.logger.error({ err, requestId: req.id, action: action.name }, 'provider failed');
      const code = err instanceof ProviderError ? err.code : 'PROVIDER_ERROR';
      return { kind: 'done', outcome: { ok: false, code, message: err instanceof ProviderError ? err.message : 'The provider failed unexpectedly.' } };
    }
  }

  private bounded<T>(p: Promise<T>): Promise<T> {
    const ms = this.o.actionTimeoutMs ?? 120000;
    let t: NodeJS.Timeout;
    return Promise.race([
      p.finally(() => clearTimeout(t)),
      new Promise<T>((_, reject) => {
        t = setTimeout(() => reject(new ProviderError(`The action did not finish within ${ms} ms.`, 'PROVIDER_TIMEOUT', true)), ms);
      }),
    ]);
  }

  private nextRunAt(account: Account, now: number, action: Action | undefined): number {
    if (action && isLoginAction(action.name)) return now;
    const delayed = now + drawDelayMs(this.o.pacing, this.o.random);
    if (!this.o.pacing.enabled) return delayed;
    const hours = account.active_hours ? (JSON.parse(account.active_hours) as ActiveHours) : null;
    return nextActiveInstant(delayed, hours, account.timezone);
  }

  /**
   * A live send with `track_reply`: its reply tracker is made with the result (the sandbox makes its
   * own), and the live account's sync reports the reply (MESSAGE_REPLY).
   */
  private async withTracker(trx: Transaction<Database>, account: Account, req: RequestRow, input: { track_reply?: unknown; frequency?: unknown }, result: unknown, now: number): Promise<unknown> {
    const r = result as { thread_id?: unknown; sent_at?: unknown; tracker_id?: unknown } | null;
    if (!r || typeof r.thread_id !== 'string' || r.tracker_id !== undefined) return result;
    if (input.track_reply !== true || (await this.modeOf(account.workspace_id)) !== 'live') return result;
    const trackerId = await createTracker(trx, {
      workspaceId: account.workspace_id,
      accountId: account.id,
      threadId: r.thread_id,
      requestId: req.id,
      frequencyHours: typeof input.frequency === 'number' ? input.frequency : undefined,
      since: typeof r.sent_at === 'number' ? r.sent_at : now,
      now,
    });
    return { ...r, tracker_id: trackerId };
  }

  /** Records a run's outcome in one transaction: the request's new state, the account's, and the events. */
  private async finish(account: Account, req: RequestRow, action: Action | undefined, input: Record<string, unknown>, f: Finish): Promise<void> {
    const now = this.o.clock.now();
    const maxAttempts = this.o.maxAttempts ?? 5;
    const run: Run = { id: req.id, owner: this.owner };
    const login = action !== undefined && isLoginAction(action.name);
    let emitted = false;
    await this.o.committer.run(account.id, async (trx) => {
      if (f.kind === 'budget') {
        // Nothing reached LinkedIn: the lane goes on at once with the account's other requests.
        const reason = { code: 'BUDGET_SPENT' as const, message: f.message };
        if (!(await deferRun(trx, run, f.until, reason))) return;
        await freeLane(trx, account.id);
        await holdCategory(trx, account, { category: f.category, until: f.until, reason, requestId: req.id }, now);
        await cancelIfAccountDisconnected(trx, [req.id], now);
        emitted = true;
        return;
      }
      if (f.kind === 'retry' && !login && req.attempts < maxAttempts) {
        // The lane waits out the backoff with the request at its head: later requests do not overtake it.
        const backoff = Math.min(300000, 2000 * 2 ** (req.attempts - 1)) * (0.5 + this.o.random.next());
        // LinkedIn may have seen the failed call (a 5xx): the retry keeps the human-like pause too.
        const at = Math.max(now + Math.round(backoff), this.nextRunAt(account, now, action));
        if (await retryRunLater(trx, run, at)) {
          await freeLane(trx, account.id, at);
          await cancelIfAccountDisconnected(trx, [req.id], now);
        }
        return;
      }
      // A login is never retried: the credentials may have reached LinkedIn (the caller retries deliberately).
      const outcome: Outcome<unknown> =
        f.kind === 'retry' ? { ok: false, code: f.code, message: login ? `The login did not complete: ${f.message} Send login_v2 again.` : f.message } : f.outcome;

      if (!outcome.ok && outcome.accountHold) {
        if (!(await putRunBack(trx, run))) return;
        await freeLane(trx, account.id);
        await holdAccount(trx, account, { kind: outcome.accountHold, requestId: req.id, retryAt: outcome.retryAt, policy: this.o.holds ?? DEFAULT_HOLD_POLICY }, now);
        await cancelIfAccountDisconnected(trx, [req.id], now);
        emitted = true;
        return;
      }
      if (!outcome.ok && outcome.pauseAccount) {
        if (!(await putRunBack(trx, run))) return;
        await freeLane(trx, account.id);
        emitted = await pauseAccount(trx, account, { code: outcome.code, message: outcome.message }, now);
        await cancelIfAccountDisconnected(trx, [req.id], now);
        return;
      }
      if (!outcome.ok && (outcome.categoryHold || outcome.retryAt !== undefined)) {
        const hold = outcome.categoryHold;
        const until = hold?.until ?? outcome.retryAt ?? now + defaultCategoryHoldMs(hold!.category);
        const reason = { code: outcome.code, message: outcome.message };
        if (!(await deferRun(trx, run, until, reason))) return;
        // LinkedIn was called: the next action of the lane keeps the human-like pause.
        await freeLane(trx, account.id, this.nextRunAt(account, now, action));
        if (hold) {
          await holdCategory(trx, account, { category: hold.category, until, reason, requestId: req.id }, now);
          emitted = true;
        }
        await cancelIfAccountDisconnected(trx, [req.id], now);
        return;
      }

      const pin = !outcome.ok && outcome.code === 'PIN_REQUIRED';
      const result = outcome.ok ? await this.withTracker(trx, account, req, input, outcome.result, now) : undefined;
      const finished = await finishRun(
        trx,
        req,
        this.owner,
        outcome.ok ? { kind: 'success', result } : pin ? { kind: 'pin' } : { kind: 'failure', code: outcome.code, message: outcome.message, result: outcome.result },
        action,
        now,
      );
      if (!finished) return; // our lease was taken over: the new owner records the outcome
      emitted = true;
      if (outcome.ok && action && budgetsApply(account, await this.modeOf(account.workspace_id))) {
        await spend(trx, account.id, budgetsOf(action.name, input), req.id, now);
      }
      if (login) {
        if (outcome.ok) {
          await loginSucceeded(trx, account.id, outcome.result as Record<string, unknown>, now);
          await this.o.onLoginSucceeded?.(trx, finished, now);
        } else if (pin) await loginAwaitsPin(trx, account.id, now);
        else await loginFailed(trx, account.id, outcome.code, now);
      }
      await freeLane(trx, account.id, this.nextRunAt(account, now, action));
    });
    if (emitted) this.o.onEvents();
  }
}
