import type { Logger } from 'pino';
import { actionByName, actions } from '../actions/catalogue.ts';
import type { ActionDeclaration } from '../actions/define.ts';
import { emitEvent } from '../events/emit.ts';
import { requestEnvelope } from '../events/envelope.ts';
import type { Clock } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import type { Random } from '../lib/random.ts';
import type { Sealer } from '../lib/secrets.ts';
import { ProviderError, type AccountSecrets, type Outcome, type ProviderHandlers, type RunContext } from '../providers/types.ts';
import type { GroupCommitter } from '../store/group-commit.ts';
import type { Store } from '../store/open.ts';
import { isDatabaseDown } from '../store/unavailable.ts';
import type { Account, AccountUpdate, RequestRow } from '../store/tables.ts';
import { Lanes, type StartOptions, type Started } from './lanes.ts';
import { drawDelayMs, nextActiveInstant, type ActiveHours, type PacingOptions } from './pacing.ts';
import { purge, type PurgeCounts } from './purge.ts';
import { timeAction, type EngineMetrics } from '../observability/metrics.ts';

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
}

const LOGIN_ACTIONS = actions.filter((a) => a.kind === 'login').map((a) => a.name);

type Finish =
  | { kind: 'done'; outcome: Outcome<unknown> }
  | { kind: 'retry'; code: string; message: string };

/**
 * The worker: claims due lanes, runs each lane's next request through the provider, and records the
 * outcome, the account's pacing and the webhook event in one transaction.
 */
export class Engine {
  readonly owner = newId('wrk');
  private readonly lanes: Lanes;
  private running = new Map<string, Promise<void>>();
  /**
   * Lanes whose run failed on a database error: their leases are ours, so the heartbeat would renew
   * them and the sweeper (which skips our own) would never return them. Handed back once it answers.
   */
  private orphans = new Set<string>();
  private stopping = false;
  private loopDone: Promise<void> | null = null;
  private wakeResolve: (() => void) | null = null;
  private timers: NodeJS.Timeout[] = [];
  private modes = new Map<string, 'sandbox' | 'live'>();

  constructor(private readonly o: EngineOptions) {
    this.lanes = new Lanes(o.store.db, o.store.dialect);
  }

  /** Starts the background loop, the heartbeat and the sweeper. */
  async start(): Promise<void> {
    const { store } = this.o;
    // A lone SQLite process owns every lease: leftovers can only be from its own previous life.
    if (store.dialect === 'sqlite') await this.lanes.sweep(Number.MAX_SAFE_INTEGER);
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
    this.loopDone = this.loop();
  }

  wake(): void {
    const r = this.wakeResolve;
    this.wakeResolve = null;
    r?.();
  }

  /** Stops claiming, lets running actions finish (up to `graceMs`), then hands back what is left. */
  async stop(graceMs = 10000): Promise<void> {
    this.stopping = true;
    this.wake();
    for (const t of this.timers) clearInterval(t);
    await this.loopDone;
    const all = Promise.allSettled([...this.running.values()]);
    const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref())]);
    if (timedOut) {
      const db = this.o.store.db;
      await db.updateTable('requests').set({ status: 'QUEUED', lease_owner: null, lease_until: null }).where('lease_owner', '=', this.owner).where('status', '=', 'RUNNING').execute();
      await db.updateTable('accounts').set({ lease_owner: null, lease_until: null }).where('lease_owner', '=', this.owner).execute();
    }
  }

  /** Deletes what the retention period lets go (see purge.ts); the engine calls it every few minutes. */
  async purge(): Promise<PurgeCounts> {
    const r = this.o.retention;
    if (!r) return { requests: 0, idempotencyKeys: 0 };
    const counts = await purge(this.o.store.db, this.o.clock.now(), r);
    if (counts.requests > 0 || counts.idempotencyKeys > 0) this.o.logger.info(counts, 'purged finished requests');
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
   * On SQLite the claim joins the group committer's batch, sharing its commit (one fsync) with the
   * finishes and effect rows of the same moment. On PostgreSQL it stays its own short transaction:
   * its row locks (SKIP LOCKED) should not be held for a whole batch.
   */
  private claimAndStart(max: number): Promise<Started[]> {
    const { store, clock, leaseMs, committer } = this.o;
    if (store.dialect !== 'sqlite') return this.lanes.claimAndStart(this.owner, clock.now(), leaseMs, max, this.startOptions);
    return committer.run('', (trx) => this.lanes.claimAndStartIn(trx, this.owner, clock.now(), leaseMs, max, this.startOptions));
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let claimed = 0;
      try {
        if (this.orphans.size > 0) await this.returnOrphans();
        const free = this.o.concurrency - this.running.size;
        if (free > 0) {
          const started = await this.claimAndStart(free);
          claimed = started.length;
          for (const s of started) {
            const p = this.runLane(s).finally(() => {
              this.running.delete(s.account.id);
              this.wake();
            });
            this.running.set(s.account.id, p);
          }
        }
      } catch (err) {
        this.o.logger.warn({ err }, 'claiming work failed; retrying');
        await this.sleep(1000);
        continue;
      }
      if (claimed > 0 && this.running.size < this.o.concurrency) continue;
      let delay = this.o.pollMs;
      if (this.running.size < this.o.concurrency) {
        try {
          const due = await this.lanes.nextDueAt();
          if (due !== null) delay = Math.min(delay, Math.max(5, due - this.o.clock.now()));
        } catch {
          // The database is away; poll again later.
        }
      }
      await this.sleep(delay);
    }
  }

  /** Requeues the running request and frees the lease of each orphaned lane (as the sweeper does for a dead worker). */
  private async returnOrphans(): Promise<void> {
    const ids = [...this.orphans].filter((id) => !this.running.has(id));
    if (ids.length === 0) return;
    const db = this.o.store.db;
    await db.updateTable('requests').set({ status: 'QUEUED', lease_owner: null, lease_until: null }).where('account_id', 'in', ids).where('lease_owner', '=', this.owner).where('status', '=', 'RUNNING').execute();
    await db.updateTable('accounts').set({ lease_owner: null, lease_until: null }).where('id', 'in', ids).where('lease_owner', '=', this.owner).execute();
    for (const id of ids) this.orphans.delete(id);
    this.o.logger.warn({ returned: ids.length }, 'returned lanes whose run failed on a database error');
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wakeResolve = null;
        resolve();
      }, ms);
      this.wakeResolve = () => {
        clearTimeout(t);
        resolve();
      };
    });
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
    loginActions: LOGIN_ACTIONS,
    holdUntil: (account, now) => this.activeFrom(account, now),
    sideEffectActions: actions.filter((a) => a.sideEffect).map((a) => a.name),
  };

  /** Runs a request the claim has just marked RUNNING, and records its outcome. */
  private async runLane({ account, request: req, interrupted }: Started): Promise<void> {
    try {
      const action = actionByName(req.action);
      if (!action) {
        await this.finish(account, req, undefined, { kind: 'done', outcome: { ok: false, code: 'UNKNOWN_ACTION', message: `No action named ${req.action}.` } });
        return;
      }
      const finish = await timeAction(this.o.metrics, action.name, this.execute(account, req, action, interrupted));
      await this.finish(account, req, action, finish);
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
    const { sealer, store, clock } = this.o;
    let secrets: AccountSecrets = account.secrets ? sealer.openJson<AccountSecrets>(account.secrets) : {};
    return {
      account: {
        id: account.id,
        workspaceId: account.workspace_id,
        email: account.email,
        premium: account.premium === 1,
        profile: account.profile ? JSON.parse(account.profile) : null,
        secrets,
        proxy: account.proxy ? sealer.openJson(account.proxy) : null,
      },
      requestId: req.id,
      now: clock.now(),
      saveSecrets: async (patch) => {
        secrets = { ...secrets, ...patch };
        await store.db.updateTable('accounts').set({ secrets: sealer.sealJson(secrets) }).where('id', '=', account.id).where('status', '!=', 'DISCONNECTED').execute();
      },
    };
  }

  private async execute(account: Account, req: RequestRow, action: ActionDeclaration<any, any>, interrupted: boolean): Promise<Finish> {
    const provider = this.o.providers(await this.modeOf(account.workspace_id));
    const ctx = this.context(account, req);
    const input = JSON.parse(req.input) as Record<string, unknown>;
    const run = provider.run[action.name];
    if (!run) return { kind: 'done', outcome: { ok: false, code: 'NOT_SUPPORTED', message: `This provider cannot run ${action.name}.` } };
    try {
      const faults = this.o.faults;
      if (faults && faults.actionDelayMs > 0) await new Promise((r) => setTimeout(r, faults.actionDelayMs));
      if (action.sideEffect && interrupted) {
        // A previous run may have done it before its worker died: ask before doing it again.
        const verify = provider.verify[action.name];
        if (!verify) return { kind: 'done', outcome: { ok: false, code: 'OUTCOME_UNKNOWN', message: 'The previous attempt was interrupted and cannot be verified.' } };
        const v = await this.bounded(verify(ctx, input));
        if (v.happened) return { kind: 'done', outcome: { ok: true, result: v.result } };
      }
      // effect_started_at was committed with the RUNNING mark (lanes.claimAndStart).
      const outcome = await this.bounded(run(ctx, input));
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

  private nextRunAt(account: Account, now: number, action: ActionDeclaration<any, any> | undefined): number {
    if (action?.kind === 'login') return now;
    const delayed = now + drawDelayMs(this.o.pacing, this.o.random);
    if (!this.o.pacing.enabled) return delayed;
    const hours = account.active_hours ? (JSON.parse(account.active_hours) as ActiveHours) : null;
    return nextActiveInstant(delayed, hours, account.timezone);
  }

  private async finish(account: Account, req: RequestRow, action: ActionDeclaration<any, any> | undefined, f: Finish): Promise<void> {
    const now = this.o.clock.now();
    const maxAttempts = this.o.maxAttempts ?? 5;
    let emitted = false;
    await this.o.committer.run(account.id, async (trx) => {
      const guard = (q: any) => q.where('id', '=', req.id).where('lease_owner', '=', this.owner).where('status', '=', 'RUNNING');
      const accountPatch: AccountUpdate = { lease_owner: null, lease_until: null, updated_at: now };

      if (f.kind === 'retry' && req.attempts < maxAttempts) {
        const backoff = Math.min(300000, 2000 * 2 ** (req.attempts - 1)) * (0.5 + this.o.random.next());
        const r = await guard(trx.updateTable('requests').set({ status: 'QUEUED', lease_owner: null, lease_until: null, not_before: now + Math.round(backoff) })).executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return;
        await trx.updateTable('accounts').set(accountPatch).where('id', '=', account.id).execute();
        return;
      }
      const outcome: Outcome<unknown> = f.kind === 'retry' ? { ok: false, code: f.code, message: f.message } : f.outcome;

      if (!outcome.ok && outcome.pauseAccount) {
        const r = await guard(trx.updateTable('requests').set({ status: 'QUEUED', lease_owner: null, lease_until: null, effect_started_at: null })).executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return;
        await trx.updateTable('accounts').set({ lease_owner: null, lease_until: null }).where('id', '=', account.id).execute();
        // A disconnected account stays disconnected (the owner removed it while this ran).
        await trx.updateTable('accounts').set({ ...accountPatch, status: 'PAUSED', status_reason: outcome.code }).where('id', '=', account.id).where('status', '!=', 'DISCONNECTED').execute();
        await emitEvent(
          trx,
          {
            workspaceId: account.workspace_id,
            accountId: account.id,
            requestId: null,
            type: 'ACCOUNT_PAUSED',
            payload: { event: 'ACCOUNT_PAUSED', event_type: '/api/v1/account_paused', status: outcome.code, accountId: account.id, message: outcome.message },
          },
          now,
        );
        emitted = true;
        return;
      }
      if (!outcome.ok && outcome.retryAt !== undefined) {
        const r = await guard(trx.updateTable('requests').set({ status: 'QUEUED', lease_owner: null, lease_until: null, not_before: outcome.retryAt, effect_started_at: null, error_code: outcome.code, error_message: outcome.message })).executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return;
        await trx.updateTable('accounts').set(accountPatch).where('id', '=', account.id).execute();
        return;
      }

      const pin = !outcome.ok && outcome.code === 'PIN_REQUIRED';
      const finished: RequestRow = {
        ...req,
        status: outcome.ok ? 'SUCCESS' : pin ? 'PIN_REQUIRED' : 'FAILED',
        result: outcome.ok ? JSON.stringify(outcome.result ?? {}) : outcome.result ? JSON.stringify(outcome.result) : null,
        error_code: outcome.ok || pin ? null : outcome.code,
        error_message: outcome.ok ? null : outcome.message,
        finished_at: pin ? null : now,
        lease_owner: null,
        lease_until: null,
      };
      const r = await guard(
        trx.updateTable('requests').set({
          status: finished.status,
          result: finished.result,
          error_code: finished.error_code,
          error_message: finished.error_message,
          finished_at: finished.finished_at,
          lease_owner: null,
          lease_until: null,
        }),
      ).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return; // our lease was taken over: the new owner records the outcome

      if (action?.kind === 'login') {
        if (outcome.ok) {
          const profile = outcome.result as Record<string, unknown>;
          Object.assign(accountPatch, { status: 'ACTIVE', status_reason: null, profile: JSON.stringify(profile), premium: profile.premium ? 1 : 0 });
        } else if (pin) {
          Object.assign(accountPatch, { status: 'PIN_REQUIRED', status_reason: 'PIN_REQUIRED' });
        } else {
          Object.assign(accountPatch, { status: 'LOGIN_FAILED', status_reason: outcome.code });
        }
      }
      accountPatch.next_run_at = this.nextRunAt(account, now, action);
      await trx.updateTable('accounts').set({ lease_owner: null, lease_until: null }).where('id', '=', account.id).execute();
      // A disconnected account stays disconnected: a login finishing after the owner removed it must not revive it.
      await trx.updateTable('accounts').set(accountPatch).where('id', '=', account.id).where('status', '!=', 'DISCONNECTED').execute();
      const type = finished.status === 'SUCCESS' ? action?.events.success : finished.status === 'PIN_REQUIRED' ? 'LOGIN_PIN_REQUIRED' : action?.events.failure;
      await emitEvent(
        trx,
        { workspaceId: account.workspace_id, accountId: account.id, requestId: req.id, type: type ?? 'REQUEST_FAILED', payload: requestEnvelope(finished, action) },
        now,
      );
      emitted = true;
    });
    if (emitted) this.o.onEvents();
  }
}
