import type { Logger } from 'pino';
import type { Fail } from '../../actions/outcome.ts';
import type { ProviderHandlers } from '../../actions/provider-contract.ts';
import type { Clock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { PollLoop, type RoundResult } from '../../lib/poll-loop.ts';
import type { Random } from '../../lib/random.ts';
import type { Sealer } from '../../lib/secrets.ts';
import type { GroupCommitter } from '../../store/group-commit.ts';
import type { Store } from '../../store/open.ts';
import { claimDueSyncs, nextSyncDueAt } from '../../store/sync-claims.ts';
import type { Transaction } from 'kysely';
import type { Account, Database } from '../../store/tables.ts';
import { nextActiveInstant, type ActiveHours } from '../pacing.ts';
import { accountRunContext } from '../run-context.ts';
import { pauseAccount } from '../transitions/account.ts';
import { DEFAULT_HOLD_POLICY, holdAccount, type HoldPolicy } from '../transitions/holds.ts';
import { recordConnection, recordInbound } from './record.ts';

export interface LiveSyncOptions {
  store: Store;
  committer: GroupCommitter;
  clock: Clock;
  random: Random;
  sealer: Sealer;
  logger: Logger;
  /** The live provider (its `sync` reads). */
  provider: () => ProviderHandlers;
  /** Mean time between two syncs of an account; each is drawn between 2/3 and 4/3 of it. */
  intervalMs: number;
  /** Active hours are kept only when pacing is on, as for actions. */
  pacing: boolean;
  leaseMs: number;
  pollMs: number;
  /** Accounts synced at once by this process. */
  concurrency?: number;
  holds?: HoldPolicy;
  /** After a commit that created events (wakes the webhook dispatcher). */
  onEvents: () => void;
}

interface Cursor {
  inbox?: number;
  accepted?: number;
}

/** Retried this soon after LinkedIn could not be reached. */
const RETRY_MS = 5 * 60_000;

/**
 * The live accounts' sync: every 10 to 20 minutes (by default) inside its active hours, never while
 * it is held, paused or running an action (it takes the account's lane lease), each live account
 * reads what happened on LinkedIn since its last sync (messages received, invitations accepted) and
 * turns it into MESSAGE_RECEIVED, MESSAGE_REPLY and CONNECTION_ACCEPTED, each exactly once. A handful
 * of reads per sync (the provider bounds them), about what a person's glance at their inbox makes.
 */
export class LiveSync {
  readonly owner = newId('syn');
  private readonly loop: PollLoop;
  private readonly running = new Set<Promise<void>>();
  private beat: NodeJS.Timeout | null = null;
  /** What the round's look found when it claimed nothing after it: the loop's next due time, read once. */
  private looked: { dueAt: number | null } | null = null;

  constructor(private readonly o: LiveSyncOptions) {
    this.loop = new PollLoop({
      round: () => this.round(),
      nextDueAt: () => this.nextDueAt(),
      pollMs: Math.max(o.pollMs, 5_000),
      clock: o.clock,
      onError: (err) => o.logger.warn({ err }, 'claiming live syncs failed; retrying'),
    });
  }

  async start(): Promise<void> {
    // Our leases stay ours while a sync runs (its reads can take a while); a dead process's expire
    // and the engine's sweeper frees them.
    this.beat = setInterval(() => {
      // Nothing of ours to keep: no write (accounts.lease_owner has no index, so each is a scan).
      if (this.running.size === 0) return;
      this.o.store.db
        .updateTable('accounts')
        .set({ lease_until: this.o.clock.now() + this.o.leaseMs })
        .where('lease_owner', '=', this.owner)
        .execute()
        .catch((err) => this.o.logger.warn({ err }, 'sync heartbeat failed'));
    }, Math.max(500, Math.floor(this.o.leaseMs / 3)));
    this.beat.unref();
    this.loop.start();
  }

  /** Live accounts changed (one connected or resumed): look now rather than at the next poll. */
  wake(): void {
    this.loop.wake();
  }

  async stop(): Promise<void> {
    if (this.beat) clearInterval(this.beat);
    this.beat = null;
    await this.loop.stop();
    await Promise.allSettled([...this.running]);
  }

  /** Syncs every account due now and waits for them (tests drive the sync with this and a manual clock). */
  async runDue(): Promise<number> {
    const claimed = await claimDueSyncs(this.o.store.db, { owner: this.owner, now: this.o.clock.now(), leaseMs: this.o.leaseMs, n: this.o.concurrency ?? 4 });
    await Promise.all(claimed.map((a) => this.syncOne(a)));
    return claimed.length;
  }

  /**
   * One look: claims only when a sync is due. A claim is a write (the SQLite writer's lock, row locks
   * on PostgreSQL) and syncs are minutes apart, so a poll that finds nothing due costs one read.
   */
  private async round(): Promise<RoundResult> {
    const cap = this.o.concurrency ?? 4;
    const free = cap - this.running.size;
    if (free <= 0) return 'busy';
    this.looked = null;
    const now = this.o.clock.now();
    const dueAt = await nextSyncDueAt(this.o.store.db);
    if (dueAt === null || dueAt > now) {
      this.looked = { dueAt };
      return 'idle';
    }
    const claimed = await claimDueSyncs(this.o.store.db, { owner: this.owner, now, leaseMs: this.o.leaseMs, n: free });
    for (const a of claimed) {
      const p: Promise<void> = this.syncOne(a).finally(() => {
        this.running.delete(p);
        this.loop.wake();
      });
      this.running.add(p);
    }
    if (this.running.size >= cap) return 'busy';
    return claimed.length > 0 ? 'again' : 'idle';
  }

  /** The loop sleeps until this (or its poll interval, or a wake): the round's look, else a new one. */
  private async nextDueAt(): Promise<number | null> {
    const looked = this.looked;
    this.looked = null;
    return looked ? looked.dueAt : nextSyncDueAt(this.o.store.db);
  }

  /** The next sync: about the interval from now, inside the account's active hours. */
  private nextAt(account: Account, from: number): number {
    const at = from + Math.round(this.o.intervalMs * (2 / 3 + (this.o.random.next() * 2) / 3));
    if (!this.o.pacing || !account.active_hours) return at;
    return nextActiveInstant(at, JSON.parse(account.active_hours) as ActiveHours, account.timezone);
  }

  /** Gives the lease back and sets when the account syncs next (and how far it has read). */
  private async release(account: Account, nextSyncAt: number, cursor?: Cursor): Promise<void> {
    await this.o.store.db
      .updateTable('accounts')
      .set({ lease_owner: null, lease_until: null, next_sync_at: nextSyncAt, ...(cursor ? { sync_cursor: JSON.stringify(cursor) } : {}) })
      .where('id', '=', account.id)
      .where('lease_owner', '=', this.owner)
      .execute();
  }

  private async syncOne(account: Account): Promise<void> {
    const now = this.o.clock.now();
    try {
      const hours = this.o.pacing && account.active_hours ? (JSON.parse(account.active_hours) as ActiveHours) : null;
      const activeAt = hours ? nextActiveInstant(now, hours, account.timezone) : now;
      const sync = this.o.provider().sync;
      if (activeAt > now || !sync) return await this.release(account, activeAt > now ? activeAt : this.nextAt(account, now));

      const ctx = accountRunContext({ account, requestId: `sync_${account.id}_${now}`, now, sealer: this.o.sealer, db: this.o.store.db });
      const cursor = account.sync_cursor ? (JSON.parse(account.sync_cursor) as Cursor) : {};
      // A newly connected account starts from when it was connected: its history is not news.
      const start = Number(account.activated_at ?? now);
      const inbox = await sync.inboxSince(ctx, cursor.inbox ?? start);
      if (!inbox.ok) return await this.refused(account, inbox);
      const accepted = await sync.acceptedSince(ctx, cursor.accepted ?? start);
      const next: Cursor = { inbox: inbox.result.through, accepted: accepted.ok ? accepted.result.through : cursor.accepted ?? start };
      let events = 0;
      const done = await this.o.committer.run(account.id, async (trx) => {
        const mine = await trx.selectFrom('accounts').select(['status', 'lease_owner']).where('id', '=', account.id).executeTakeFirst();
        if (!mine || mine.lease_owner !== this.owner || mine.status !== 'ACTIVE') return false; // disconnected or paused meanwhile
        for (const m of inbox.result.items) events += await recordInbound(trx, account, m, now);
        if (accepted.ok) for (const c of accepted.result.items) events += await recordConnection(trx, account, c, now);
        // Incomplete reads go on at once from where they stopped; complete ones wait for the next turn.
        const incomplete = !inbox.result.complete || (accepted.ok && !accepted.result.complete);
        await trx
          .updateTable('accounts')
          .set({ lease_owner: null, lease_until: null, sync_cursor: JSON.stringify(next), next_sync_at: incomplete ? now : this.nextAt(account, now) })
          .where('id', '=', account.id)
          .where('lease_owner', '=', this.owner)
          .execute();
        // The second read met LinkedIn's pushback: what the first found is kept, and the account held or paused.
        if (!accepted.ok) events += await this.pushback(trx, account, accepted, now);
        return true;
      });
      if (!done) await this.release(account, this.nextAt(account, now));
      if (events > 0) this.o.onEvents();
    } catch (err) {
      this.o.logger.warn({ err, accountId: account.id }, 'live sync failed; retried later');
      await this.release(account, now + RETRY_MS).catch(() => {});
    }
  }

  /** The sync met LinkedIn's pushback before reading anything: held or paused, or tried again later. */
  private async refused(account: Account, f: Fail): Promise<void> {
    const now = this.o.clock.now();
    let events = 0;
    await this.o.committer.run(account.id, async (trx) => {
      await trx
        .updateTable('accounts')
        .set({ lease_owner: null, lease_until: null, next_sync_at: now + RETRY_MS })
        .where('id', '=', account.id)
        .where('lease_owner', '=', this.owner)
        .execute();
      events = await this.pushback(trx, account, f, now);
    });
    if (events > 0) this.o.onEvents();
    if (!f.accountHold && !f.pauseAccount) this.o.logger.warn({ accountId: account.id, code: f.code }, 'live sync refused; retried later');
  }

  /** LinkedIn's 429 or 999 holds the account, a dead session pauses it, exactly as for an action. */
  private async pushback(trx: Transaction<Database>, account: Account, f: Fail, now: number): Promise<number> {
    if (f.accountHold) {
      await holdAccount(trx, account, { kind: f.accountHold, requestId: null, retryAt: f.retryAt, policy: this.o.holds ?? DEFAULT_HOLD_POLICY }, now);
      return 1;
    }
    if (f.pauseAccount) return (await pauseAccount(trx, account, { code: f.code, message: f.message }, now)) ? 1 : 0;
    return 0;
  }
}
