import { sql, type Transaction } from 'kysely';
import { fail, type Fail } from '../../actions/outcome.ts';
import type { ActionName } from '../../actions/catalogue.ts';
import type { ActionHandler, RunTable } from '../../actions/provider-contract.ts';
import type { RunContext } from '../../actions/run-context.ts';
import type { Database } from '../../store/tables.ts';
import { recordEffect } from './effects.ts';
import { accountTraits, type AccountTraits } from './magic.ts';
import { resolvePerson, type Person, type ProfileRef } from './people.ts';
import { BUDGETS, type BudgetName } from './rules.ts';
import { sandboxDb, type SDb, type STrx } from './tables.ts';
import type { Degree, SelfProfile, World } from './world/index.ts';

export interface SimDeps {
  db: SDb;
  seed: string;
  world: World;
  /**
   * Runs a handler's transaction, keyed by account: through the group committer, so the effect rows
   * of the actions running at the same moment share one commit (one fsync on SQLite).
   */
  commit<T>(accountId: string, fn: (trx: STrx, core: Transaction<Database>) => Promise<T>): Promise<T>;
}

/** The workspace's simulated-clock offset (0 until sandbox_advance_time moves it). */
export async function clockOffset(db: SDb | STrx, workspaceId: string): Promise<number> {
  const row = await db.selectFrom('sandbox_clocks').select('offset_ms').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row ? Number(row.offset_ms) : 0;
}

/**
 * One action's view of the simulated LinkedIn: the account, its traits (from the email's magic tags),
 * simulated time, and the state helpers the handlers share.
 */
export class Sim {
  readonly traits: AccountTraits;
  /** Simulated now: the engine's clock plus the workspace offset. */
  readonly now: number;

  constructor(
    readonly deps: SimDeps,
    readonly ctx: RunContext,
    readonly offset: number,
  ) {
    this.traits = accountTraits(ctx.account.email);
    this.now = ctx.now + offset;
  }

  get db(): SDb {
    return this.deps.db;
  }
  get world(): World {
    return this.deps.world;
  }
  get accountId(): string {
    return this.ctx.account.id;
  }
  get workspaceId(): string {
    return this.ctx.account.workspaceId;
  }
  get premium(): boolean {
    return this.traits.premium;
  }
  get self(): SelfProfile {
    return this.world.selfFor(this.ctx.account.email);
  }
  /** The account's own profile id, as login returned it. */
  get myId(): string {
    return String(this.ctx.account.profile?.profile_id ?? this.self.profile_id);
  }

  /** Simulated instant -> engine clock (for retryAt). */
  toReal(t: number): number {
    return t - this.offset;
  }

  person(ref: ProfileRef): Person | null {
    return resolvePerson(this.world, this.deps.seed, ref);
  }

  notFound(ref: ProfileRef): Fail {
    return fail('PROFILE_NOT_FOUND', undefined, { result: { profile_id: ref.profile_id ?? ref.profile_url ?? null } });
  }

  /** Distance to a person now: the world's graph, with connections gained or lost on top. */
  async degree(p: Person, db: SDb | STrx = this.db): Promise<Degree | null> {
    const o = await db
      .selectFrom('sandbox_connections')
      .select('state')
      .where('account_id', '=', this.accountId)
      .where('profile_id', '=', p.profile.profile_id)
      .executeTakeFirst();
    if (o) return o.state === 'CONNECTED' ? 1 : 2;
    if (p.magic === 'ALREADY_CONNECTED') return 1;
    if (p.magic === 'OUT_OF_NETWORK') return null;
    if (p.audience !== 'world') return 2;
    return this.world.degree(this.ctx.account.email, p.profile.profile_id);
  }

  /** The newest invitation the account sent to this profile, if any (magic `invitation-pending...` ids have one from the start). */
  async lastSent(p: Person, db: SDb | STrx = this.db) {
    const row = await db
      .selectFrom('sandbox_invitations')
      .selectAll()
      .where('account_id', '=', this.accountId)
      .where('profile_id', '=', p.profile.profile_id)
      .where('direction', '=', 'SENT')
      .orderBy('sent_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (row || p.magic !== 'INVITATION_PENDING') return row;
    return {
      id: `inv_${p.profile.profile_id.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}`,
      workspace_id: this.workspaceId,
      account_id: this.accountId,
      profile_id: p.profile.profile_id,
      direction: 'SENT' as const,
      status: 'PENDING' as const,
      message: null,
      request_id: null,
      sent_at: this.now - 86_400_000,
      resolution: null,
      resolves_at: null,
      resolved_at: null,
    };
  }

  /**
   * A budget check: null when there is room, else LinkedIn's refusal of that category until the
   * oldest counted action leaves the window (the engine holds the category's requests till then).
   */
  async budget(name: BudgetName, kinds: string[]): Promise<Fail | null> {
    const b = BUDGETS[name];
    const limit = this.premium ? b.premium : b.free;
    if (!Number.isFinite(limit)) return null;
    const since = this.now - b.windowMs;
    const rows = await this.db
      .selectFrom('sandbox_effects')
      .select('created_at')
      .where('account_id', '=', this.accountId)
      .where('kind', 'in', kinds)
      .where('created_at', '>', since)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    if (rows.length < limit) return null;
    const freeAt = Number(rows[rows.length - 1].created_at) + b.windowMs;
    return fail(b.code, `LinkedIn allows ${limit} ${b.what} on this account; the request waits until ${new Date(this.toReal(freeAt)).toISOString()}.`, {
      retryAt: this.toReal(freeAt) + 1,
      categoryHold: { category: b.category, until: this.toReal(freeAt) + 1 },
    });
  }

  /**
   * Runs `fn` in one transaction: a handler's state change and its effect row commit together, and
   * the promise settles only after that commit, so the effect is durable before the engine records
   * SUCCESS. The transaction may be shared with other operations of the same batch, and `fn` may run
   * again alone if the batch fails: it must not throw for expected outcomes.
   */
  tx<T>(fn: (trx: STrx, core: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.deps.commit(this.accountId, fn);
  }

  /** Records the side effect of this request (what verify finds after a crash). */
  async effect(trx: STrx, kind: string, target: string | null, result: unknown): Promise<void> {
    await recordEffect(trx, {
      workspaceId: this.workspaceId,
      accountId: this.accountId,
      requestId: this.ctx.requestId,
      kind,
      target,
      payload: result,
      now: this.now,
      realNow: this.ctx.now,
    });
  }

  /** Reads a per-account JSON value of sandbox_state. */
  async getState<T>(key: string): Promise<T | undefined> {
    const row = await this.db.selectFrom('sandbox_state').select('value').where('account_id', '=', this.accountId).where('key', '=', key).executeTakeFirst();
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async setState(key: string, value: unknown, db: SDb | STrx = this.db): Promise<void> {
    const v = JSON.stringify(value);
    await db
      .insertInto('sandbox_state')
      .values({ account_id: this.accountId, key, value: v, updated_at: this.ctx.now })
      .onConflict((oc) => oc.columns(['account_id', 'key']).doUpdateSet({ value: v, updated_at: this.ctx.now }))
      .execute();
  }
}

/** A sandbox action handler: the simulated LinkedIn's answer to one request, typed by the action's declaration. */
export type SimHandler<K extends ActionName> = ActionHandler<K, Sim>;

/** The sandbox's handlers, one per catalogue action; each file of handlers/ supplies a part. */
export type SimTable = RunTable<Sim>;

export async function openSim(deps: SimDeps, ctx: RunContext): Promise<Sim> {
  return new Sim(deps, ctx, await clockOffset(deps.db, ctx.account.workspaceId));
}

export { sandboxDb, sql };
