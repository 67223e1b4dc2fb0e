import { sql, type Kysely } from 'kysely';
import { claimDueLanes, unindexedStatus } from '../store/lane-claims.ts';
import { accountIdsInLockOrder } from '../store/locks.ts';
import type { Account, Database, RequestRow } from '../store/tables.ts';
import { LANE_STATUSES, runsOnlyLogins } from './account-states.ts';
import { cancelIfAccountDisconnected } from './transitions/queue.ts';

export interface StartOptions {
  /** Actions a connecting (not yet active) account may run. */
  loginActions: string[];
  /** The earliest time the account may act (its active hours); `now` when it may act at once. */
  holdUntil: (account: Account, now: number) => number;
  /** Actions with a side effect (marked before they run, checked after a crash). */
  sideEffectActions: string[];
}

/** A lane this worker now owns and the request it has just marked RUNNING on it. */
export interface Started {
  account: Account;
  /** The request as it now is in the store (RUNNING, attempts counted). */
  request: RequestRow;
  /** A previous attempt was interrupted after it may have done its side effect. */
  interrupted: boolean;
}

/**
 * Lane bookkeeping as small SQL statements. A lane is an account: the account row's lease says which
 * worker owns the lane, so at most one of its requests runs at a time anywhere.
 */
export class Lanes {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Takes up to `n` idle, due lanes that have runnable work and starts each one's head request, all
   * in one transaction (one commit for the whole batch instead of one per lane). A lane whose account
   * must wait (`holdUntil` later than now: active hours) or that has no runnable head is released in
   * the same transaction.
   */
  async claimAndStart(owner: string, now: number, leaseMs: number, n: number, o: StartOptions): Promise<Started[]> {
    return this.db.transaction().execute((trx) => this.claimAndStartIn(trx, owner, now, leaseMs, n, o));
  }

  /** claimAndStart inside a transaction the caller owns (a group-commit batch on SQLite); safe to rerun after a rollback. */
  async claimAndStartIn(trx: Kysely<Database>, owner: string, now: number, leaseMs: number, n: number, o: StartOptions): Promise<Started[]> {
    const accounts = await claimDueLanes(trx, { owner, now, leaseMs, n, statuses: LANE_STATUSES });
    if (accounts.length === 0) return [];
    const open: Account[] = [];
    for (const account of accounts) {
      const holdUntil = o.holdUntil(account, now);
      if (holdUntil > now) await this.release(owner, account.id, holdUntil, trx);
      else open.push(account);
    }
    const heads = open.length > 0 ? await this.heads(trx, open, now, o.loginActions) : [];
    const rows =
      heads.length === 0
        ? []
        : await trx
            .updateTable('requests')
            .set((eb) => ({
              status: 'RUNNING',
              attempts: eb('attempts', '+', 1),
              lease_owner: owner,
              lease_until: now + leaseMs,
              started_at: eb.fn.coalesce('started_at', eb.val(now)),
              ran_by: owner,
              // A side-effecting action is marked before the provider is called: after a crash, the
              // next run asks the provider whether the effect happened instead of doing it again.
              effect_started_at:
                o.sideEffectActions.length > 0
                  ? eb.fn.coalesce('effect_started_at', eb.case().when('action', 'in', o.sideEffectActions).then(now).else(null).end())
                  : eb.ref('effect_started_at'),
            }))
            .where('id', 'in', heads.map((h) => h.id))
            .where(unindexedStatus(trx), '=', 'QUEUED')
            .returningAll()
            .execute();
    const byAccount = new Map(open.map((a) => [a.id, a]));
    const before = new Map(heads.map((h) => [h.id, h]));
    const started = rows.map((request) => ({ account: byAccount.get(request.account_id)!, request, interrupted: before.get(request.id)!.effect_started_at !== null }));
    const idle = open.filter((a) => !rows.some((r) => r.account_id === a.id)).map((a) => a.id);
    if (idle.length > 0) {
      await trx.updateTable('accounts').set({ lease_owner: null, lease_until: null }).where('id', 'in', idle).where('lease_owner', '=', owner).execute();
    }
    return started;
  }

  /** Each lane's next runnable request, in one query: acceptance order; a connecting account runs only its login. */
  private heads(db: Kysely<Database>, accounts: Account[], now: number, loginActions: string[]): Promise<RequestRow[]> {
    const active = accounts.filter((a) => !runsOnlyLogins(a.status)).map((a) => a.id);
    const connecting = accounts.filter((a) => runsOnlyLogins(a.status)).map((a) => a.id);
    // Per lane, the first queued request in lane order (the lane index finds it without reading the backlog).
    const firstOf = (ids: string[], loginOnly: boolean) =>
      db
        .selectFrom('accounts as a')
        .select((eb) => {
          let q = eb
            .selectFrom('requests as r')
            .select('r.id')
            .whereRef('r.account_id', '=', 'a.id')
            .where('r.status', '=', 'QUEUED')
            .where('r.not_before', '<=', now);
          if (loginOnly) q = q.where('r.action', 'in', loginActions);
          return q.orderBy('r.lane_seq').limit(1).as('id');
        })
        .where('a.id', 'in', ids);
    return db
      .selectFrom('requests')
      .selectAll()
      .where((eb) => {
        const lanes = [];
        if (active.length > 0) lanes.push(eb('id', 'in', firstOf(active, false)));
        if (connecting.length > 0 && loginActions.length > 0) lanes.push(eb('id', 'in', firstOf(connecting, true)));
        return lanes.length > 0 ? eb.or(lanes) : sql<boolean>`1 = 0`;
      })
      .execute();
  }

  async release(owner: string, accountId: string, nextRunAt?: number, db: Kysely<Database> = this.db): Promise<void> {
    await db
      .updateTable('accounts')
      .set({ lease_owner: null, lease_until: null, ...(nextRunAt !== undefined ? { next_run_at: nextRunAt } : {}) })
      .where('id', '=', accountId)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /** Extends every lease this worker holds. */
  async heartbeat(owner: string, until: number): Promise<void> {
    const mine = accountIdsInLockOrder(this.db, this.db.selectFrom('accounts').select('id').where('lease_owner', '=', owner));
    await this.db.updateTable('accounts').set({ lease_until: until }).where('id', 'in', mine).execute();
    await this.db.updateTable('requests').set({ lease_until: until }).where('lease_owner', '=', owner).where('status', '=', 'RUNNING').execute();
  }

  /**
   * Returns the work of workers that stopped heartbeating. A request that was running goes back to
   * QUEUED with its `effect_started_at` kept, so the next run asks the provider first.
   */
  async sweep(now: number, exceptOwner?: string): Promise<number> {
    let reqs = this.db
      .updateTable('requests')
      .set({ status: 'QUEUED', lease_owner: null, lease_until: null })
      .where('status', '=', 'RUNNING')
      .where('lease_until', '<', now);
    if (exceptOwner) reqs = reqs.where('lease_owner', '!=', exceptOwner);
    const returned = await reqs.returning('id').execute();
    let lapsed = this.db.selectFrom('accounts').select('id').where('lease_owner', 'is not', null).where('lease_until', '<', now);
    if (exceptOwner) lapsed = lapsed.where('lease_owner', '!=', exceptOwner);
    await this.db
      .updateTable('accounts')
      .set({ lease_owner: null, lease_until: null })
      .where('id', 'in', accountIdsInLockOrder(this.db, lapsed))
      .where('lease_until', '<', now)
      .execute();
    await cancelIfAccountDisconnected(this.db, returned.map((r) => r.id), now);
    return returned.length;
  }

  /** Earliest time a lane with queued work becomes due (for sleeping exactly that long). */
  async nextDueAt(): Promise<number | null> {
    const row = await this.db
      .selectFrom('requests as r')
      .innerJoin('accounts as a', 'a.id', 'r.account_id')
      .select(sql<number | null>`min(case when a.next_run_at > r.not_before then a.next_run_at else r.not_before end)`.as('t'))
      .where('r.status', '=', 'QUEUED')
      .where('a.status', 'in', LANE_STATUSES)
      .where('a.lease_owner', 'is', null)
      .executeTakeFirst();
    const t = row?.t;
    return t === null || t === undefined ? null : Number(t);
  }
}
