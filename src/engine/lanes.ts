import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../store/open.ts';
import type { Account, Database, RequestRow } from '../store/tables.ts';

export interface StartOptions {
  /** Actions a connecting (not yet active) account may run. */
  loginActions: string[];
  /** The earliest time the account may act (its active hours); `now` when it may act at once. */
  holdUntil: (account: Account, now: number) => number;
  sideEffect: (action: string) => boolean;
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
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /**
   * Takes up to `n` idle, due lanes that have runnable work and starts each one's head request, all
   * in one transaction (one commit for the whole batch instead of one per lane). A lane whose account
   * must wait (`holdUntil` later than now: active hours) or that has no runnable head is released in
   * the same transaction.
   */
  async claimAndStart(owner: string, now: number, leaseMs: number, n: number, o: StartOptions): Promise<Started[]> {
    return this.db.transaction().execute(async (trx) => {
      const accounts = await this.claim(trx, owner, now, leaseMs, n);
      const started: Started[] = [];
      for (const account of accounts) {
        const holdUntil = o.holdUntil(account, now);
        const head = holdUntil > now ? undefined : await this.head(trx, account, now, o.loginActions);
        if (!head) {
          await this.release(owner, account.id, holdUntil > now ? holdUntil : undefined, trx);
          continue;
        }
        // A side-effecting action is marked before the provider is called: after a crash, the next
        // run asks the provider whether the effect happened instead of doing it again.
        const effectStartedAt = head.effect_started_at ?? (o.sideEffect(head.action) ? now : null);
        const request: RequestRow = {
          ...head,
          status: 'RUNNING',
          attempts: head.attempts + 1,
          lease_owner: owner,
          lease_until: now + leaseMs,
          started_at: head.started_at ?? now,
          ran_by: owner,
          effect_started_at: effectStartedAt,
        };
        const r = await trx
          .updateTable('requests')
          .set({
            status: 'RUNNING',
            attempts: request.attempts,
            lease_owner: owner,
            lease_until: request.lease_until,
            started_at: request.started_at,
            ran_by: owner,
            effect_started_at: effectStartedAt,
          })
          .where('id', '=', head.id)
          .where('status', '=', 'QUEUED')
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) {
          await this.release(owner, account.id, undefined, trx);
          continue;
        }
        started.push({ account, request, interrupted: head.effect_started_at !== null });
      }
      return started;
    });
  }

  private claim(db: Kysely<Database>, owner: string, now: number, leaseMs: number, n: number): Promise<Account[]> {
    let due = db
      .selectFrom('accounts as a')
      .select('a.id')
      .where('a.status', 'in', ['ACTIVE', 'CONNECTING'])
      .where('a.next_run_at', '<=', now)
      .where('a.lease_owner', 'is', null)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('requests as r')
            .select('r.id')
            .whereRef('r.account_id', '=', 'a.id')
            .where('r.status', '=', 'QUEUED')
            .where('r.not_before', '<=', now),
        ),
      )
      .orderBy('a.next_run_at')
      .limit(n);
    // Other workers skip the lanes this one is taking instead of waiting on them.
    if (this.dialect === 'postgres') due = due.forUpdate().skipLocked();
    return db
      .updateTable('accounts')
      .set({ lease_owner: owner, lease_until: now + leaseMs })
      .where('id', 'in', due)
      .where('lease_owner', 'is', null)
      .returningAll()
      .execute();
  }

  /** The lane's next runnable request: acceptance order; a connecting account runs only its login. */
  private head(db: Kysely<Database>, account: Account, now: number, loginActions: string[]): Promise<RequestRow | undefined> {
    let q = db
      .selectFrom('requests')
      .selectAll()
      .where('account_id', '=', account.id)
      .where('status', '=', 'QUEUED')
      .where('not_before', '<=', now);
    if (account.status !== 'ACTIVE') q = q.where('action', 'in', loginActions);
    return q.orderBy('lane_seq').limit(1).executeTakeFirst();
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
    await this.db.updateTable('accounts').set({ lease_until: until }).where('lease_owner', '=', owner).execute();
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
    const r = await reqs.executeTakeFirst();
    let accs = this.db
      .updateTable('accounts')
      .set({ lease_owner: null, lease_until: null })
      .where('lease_owner', 'is not', null)
      .where('lease_until', '<', now);
    if (exceptOwner) accs = accs.where('lease_owner', '!=', exceptOwner);
    await accs.execute();
    return Number(r.numUpdatedRows);
  }

  /** Earliest time a lane with queued work becomes due (for sleeping exactly that long). */
  async nextDueAt(): Promise<number | null> {
    const row = await this.db
      .selectFrom('requests as r')
      .innerJoin('accounts as a', 'a.id', 'r.account_id')
      .select(sql<number | null>`min(case when a.next_run_at > r.not_before then a.next_run_at else r.not_before end)`.as('t'))
      .where('r.status', '=', 'QUEUED')
      .where('a.status', 'in', ['ACTIVE', 'CONNECTING'])
      .where('a.lease_owner', 'is', null)
      .executeTakeFirst();
    const t = row?.t;
    return t === null || t === undefined ? null : Number(t);
  }
}
