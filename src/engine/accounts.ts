import { sql, type Kysely, type Transaction } from 'kysely';
import { emitEvent } from '../events/emit.ts';
import { newId } from '../lib/ids.ts';
import { forUpdate, serializeOn } from '../store/locks.ts';
import { prepared } from '../store/prepared.ts';
import type { Account, AccountStatus, Database } from '../store/tables.ts';

/**
 * The accounts module: finding a workspace's account, and the two ways one comes into being or back
 * (a credential login, a session handed over as cookies). A disconnected account is gone for the API:
 * it answers like a missing one, and its email is free for a new account.
 */

type Db = Kysely<Database> | Transaction<Database>;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const byId = prepared<[id: string, workspaceId: string], Account>(2, (db, id, ws) =>
  db.selectFrom('accounts').selectAll().where('id', '=', id).where('workspace_id', '=', ws).where('status', '!=', 'DISCONNECTED'),
);
const byIdLocked = prepared<[id: string, workspaceId: string], Account>(2, (db, id, ws) =>
  forUpdate(db, db.selectFrom('accounts').selectAll().where('id', '=', id).where('workspace_id', '=', ws)),
);

/** The workspace's account with this id, or null (missing, another workspace's, or disconnected). */
export async function findAccount(db: Db, workspaceId: string, accountId: string): Promise<Account | null> {
  return (await byId(db, accountId, workspaceId)).rows[0] ?? null;
}

/**
 * The account row locked for the rest of the transaction, whatever its status: acceptances of one
 * account serialize on it across processes, so two can never both take the last slot of the hour.
 */
export async function lockAccount(trx: Transaction<Database>, workspaceId: string, accountId: string): Promise<Account | null> {
  return (await byIdLocked(trx, accountId, workspaceId)).rows[0] ?? null;
}

export async function findAccountByEmail(db: Db, workspaceId: string, email: string, lock = false): Promise<Account | null> {
  const q = db.selectFrom('accounts').selectAll().where('workspace_id', '=', workspaceId).where('email', '=', normalizeEmail(email)).where('status', '!=', 'DISCONNECTED');
  return (await (lock ? forUpdate(db as Kysely<Database>, q) : q).executeTakeFirst()) ?? null;
}

export interface AccountFields {
  status: AccountStatus;
  status_reason: string | null;
  secrets: string | null;
  proxy: string | null;
  profile?: string | null;
  premium?: number;
}

/**
 * The workspace's live account with this email, changed to `fields`, or a new one with them. At most
 * one account per (workspace, email) is not disconnected (a unique index says so): when another
 * process creates it between our look and our insert, the insert yields and we take theirs.
 */
export async function upsertAccountByEmail(
  trx: Transaction<Database>,
  o: { workspaceId: string; email: string; fields: AccountFields; now: number; maxAccounts: number },
): Promise<{ account: Account; created: boolean; before: Account | null } | { limited: number }> {
  const email = normalizeEmail(o.email);
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await findAccountByEmail(trx, o.workspaceId, email, true);
    if (existing) return { account: await updateAccount(trx, existing, o.fields, o.now), created: false, before: existing };
    if (await workspaceIsFull(trx, o.workspaceId, o.maxAccounts)) return { limited: o.maxAccounts };
    const row: Account = {
      id: newId('acc', o.now),
      workspace_id: o.workspaceId,
      email,
      profile: null,
      premium: 0,
      timezone: null,
      active_hours: null,
      next_run_at: 0,
      lease_owner: null,
      lease_until: null,
      next_seq: 0,
      created_at: o.now,
      updated_at: o.now,
      hold_until: null,
      hold_reason: null,
      category_holds: null,
      budgets: null,
      activated_at: null,
      next_sync_at: null,
      sync_cursor: null,
      ...o.fields,
    };
    const inserted = await trx
      .insertInto('accounts')
      .values(row)
      .onConflict((oc) => oc.columns(['workspace_id', 'email']).where(sql<boolean>`status <> 'DISCONNECTED'`).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { account: inserted, created: true, before: null };
  }
  throw new Error(`could not create or find the account of ${email}`);
}

/**
 * True when the workspace already holds `max` accounts that are not disconnected. Counted while
 * holding the workspace's account-creation lock, so concurrent creations through several processes
 * cannot pass the limit.
 */
async function workspaceIsFull(trx: Transaction<Database>, workspaceId: string, max: number): Promise<boolean> {
  await serializeOn(trx, `accounts:${workspaceId}`);
  const row = await trx
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('status', '!=', 'DISCONNECTED')
    .executeTakeFirstOrThrow();
  return Number(row.n) >= max;
}

/** Changes a known account's status and credentials; a disconnected one is never brought back. */
export async function updateAccount(trx: Transaction<Database>, account: Account, fields: AccountFields, now: number): Promise<Account> {
  const updated = await trx
    .updateTable('accounts')
    .set({ ...fields, updated_at: now })
    .where('id', '=', account.id)
    .where('status', '!=', 'DISCONNECTED')
    .returningAll()
    .executeTakeFirst();
  return updated ?? account;
}

/**
 * An account connected with a session the owner handed over (cookies checked against LinkedIn):
 * ACTIVE at once, created or reconnected by id or email. A PAUSED account resumes, and its waiting
 * requests run. Emits ACCOUNT_CONNECTED.
 */
export async function connectWithSession(
  trx: Transaction<Database>,
  o: {
    workspaceId: string;
    /** Reconnect this account; otherwise the one with this email, or a new one. */
    account: Account | null;
    email: string;
    secrets: string;
    proxy: string | null;
    profile: Record<string, unknown>;
    /** `event_type` of the ACCOUNT_CONNECTED payload: the operation that connected it. */
    via: string;
    /** The hosted connection link the owner used, if any (carried in the event). */
    connectLinkId?: string;
    maxAccounts: number;
    now: number;
  },
): Promise<{ account: Account; resumed: boolean } | { limited: number }> {
  const fields: AccountFields = {
    status: 'ACTIVE',
    status_reason: null,
    profile: JSON.stringify({ ...o.profile, email: normalizeEmail(o.email) }),
    premium: o.profile.premium ? 1 : 0,
    secrets: o.secrets,
    proxy: o.proxy,
  };
  let account: Account;
  let before: Account | null;
  if (o.account) {
    before = o.account;
    account = await updateAccount(trx, o.account, fields, o.now);
  } else {
    const upserted = await upsertAccountByEmail(trx, { workspaceId: o.workspaceId, email: o.email, fields, now: o.now, maxAccounts: o.maxAccounts });
    if ('limited' in upserted) return upserted;
    ({ account, before } = upserted);
  }
  // The ramp-up of welink's budgets counts from the first time the account was connected.
  await trx.updateTable('accounts').set((eb) => ({ activated_at: eb.fn.coalesce('activated_at', eb.val(o.now)) })).where('id', '=', account.id).execute();
  const resumed = before?.status === 'PAUSED';
  await emitEvent(
    trx,
    {
      workspaceId: o.workspaceId,
      accountId: account.id,
      requestId: null,
      type: 'ACCOUNT_CONNECTED',
      payload: { event: 'ACCOUNT_CONNECTED', event_type: o.via, status: 'SUCCESS', accountId: account.id, resumed, ...(o.connectLinkId ? { connectLinkId: o.connectLinkId } : {}), result: o.profile },
    },
    o.now,
  );
  return { account, resumed };
}

/** New secrets a run obtained (a refreshed session cookie); never written to a disconnected account. */
export async function saveAccountSecrets(db: Db, accountId: string, sealed: string): Promise<void> {
  await db.updateTable('accounts').set({ secrets: sealed }).where('id', '=', accountId).where('status', '!=', 'DISCONNECTED').execute();
}
