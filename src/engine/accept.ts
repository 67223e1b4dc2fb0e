import type { Transaction } from 'kysely';
import { budgetsOf, isLoginAction, loginActionNames, type Action } from '../actions/catalogue.ts';
import type { Clock } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import { fingerprint, type Sealer } from '../lib/secrets.ts';
import type { GroupCommitter } from '../store/group-commit.ts';
import { acceptanceStatements } from '../store/acceptance.ts';
import { forUpdate } from '../store/locks.ts';
import { prepared } from '../store/prepared.ts';
import type { Account, Database, IdempotencyKeysTable } from '../store/tables.ts';
import { acceptsRequests } from './account-states.ts';
import { findAccountByEmail, normalizeEmail, upsertAccountByEmail } from './accounts.ts';
import { activeCategoryHolds, holdFor, type CategoryHold } from './transitions/holds.ts';
import { canonicalJson } from './canonical-json.ts';
import { recentAcceptancesQuery, usageOf, type RateLimitPolicy, type WindowUsage } from './rate-limit.ts';

export interface AcceptOptions {
  committer: GroupCommitter;
  clock: Clock;
  sealer: Sealer;
  rateLimit: RateLimitPolicy;
  /** Shortest pacing pause, used to estimate the earliest start of a queued request. */
  minPauseMs: number;
  idempotencyTtlMs: number;
  /** Accounts a workspace may hold (a login that would create one more is refused). */
  maxAccountsPerWorkspace: number;
  /** Credential logins one account may start per rolling hour (they do not count toward `rateLimit`). */
  loginsPerHour: number;
  /** Called after a commit that queued work (wakes the local worker, notifies other processes). */
  onQueued: () => void;
}

export interface AcceptCall {
  workspaceId: string;
  apiKeyId: string;
  action: Action;
  body: Record<string, unknown>;
  idempotencyKey?: string;
}

/** What an accepted request is told: its id, its account, and where it stands in the account's queue. */
export interface Acknowledgement {
  requestId: string;
  accountId: string;
  action: string;
  /** 1 when nothing of this account runs or waits before it. */
  queuePosition: number;
  /** Earliest time it can start (ms), given the queue and pacing. */
  earliestStartAt: number;
}

/** Why a request was not accepted; nothing was written. */
export type Refusal =
  | { code: 'ACCOUNT_NOT_FOUND' }
  | { code: 'ACCOUNT_NOT_ACTIVE'; status: string }
  | { code: 'RATE_LIMITED'; retryAt: number; usage: WindowUsage }
  | { code: 'IDEMPOTENCY_KEY_REUSED' }
  | { code: 'IDEMPOTENCY_KEY_IN_USE' }
  | { code: 'ACCOUNT_LIMIT_REACHED'; limit: number }
  | { code: 'LOGIN_RATE_LIMITED'; retryAt: number; limit: number };

export type Acceptance =
  | { kind: 'accepted'; ack: Acknowledgement; usage: WindowUsage }
  /** The same Idempotency-Key and body were accepted before: the first acknowledgement again. */
  | { kind: 'replayed'; ack: Acknowledgement }
  | { kind: 'refused'; refusal: Refusal };

const HOUR = 3_600_000;

function waitMessage(h: CategoryHold): string {
  return `This kind of action is held for this account (${h.reason}) until ${new Date(h.until).toISOString()}: the request waits until then.`;
}

/** What acceptance reads of the account it queues on. */
type AccountHead = Pick<Account, 'id' | 'status' | 'next_seq' | 'next_run_at' | 'category_holds'>;
/** A stored Idempotency-Key as acceptance reads it. */
type PriorKey = Pick<IdempotencyKeysTable, 'fingerprint' | 'response' | 'expires_at'>;

// The statements of every acceptance, compiled once (see store/prepared.ts). An acceptance of an
// existing account is the account locked with its Idempotency-Key, then store/acceptance.ts (one
// statement on PostgreSQL, four on SQLite).
const HEAD_COLUMNS = ['id', 'status', 'next_seq', 'next_run_at', 'category_holds'] as const;
const selectIdempotencyKey = prepared<[workspaceId: string, key: string], PriorKey>(2, (db, ws, key) =>
  db.selectFrom('idempotency_keys').select(['fingerprint', 'response', 'expires_at']).where('workspace_id', '=', ws).where('key', '=', key),
);
// Locked whatever its status: acceptances of one account serialize on it across processes, so two
// can never both take the last slot of the hour.
const lockHead = prepared<[accountId: string, workspaceId: string], AccountHead>(2, (db, id, ws) =>
  forUpdate(db, db.selectFrom('accounts').select(HEAD_COLUMNS).where('id', '=', id).where('workspace_id', '=', ws)),
);
const lockHeadWithKey = prepared<[accountId: string, workspaceId: string, key: string], AccountHead & { key_fingerprint: string | null; key_response: string | null; key_expires_at: number | null }>(
  3,
  (db, id, ws, key) => {
    const keyColumn = (c: 'fingerprint' | 'response' | 'expires_at') =>
      db.selectFrom('idempotency_keys').select(c).where('workspace_id', '=', ws).where('key', '=', key);
    return forUpdate(
      db,
      db
        .selectFrom('accounts')
        .select(HEAD_COLUMNS)
        .select([keyColumn('fingerprint').as('key_fingerprint'), keyColumn('response').as('key_response'), keyColumn('expires_at').as('key_expires_at')])
        .where('id', '=', id)
        .where('workspace_id', '=', ws),
    );
  },
);
const statements = acceptanceStatements(recentAcceptancesQuery);

/**
 * Acceptance of an asynchronous action: one transaction (shared with the other acceptances of the
 * same event-loop turn by the group committer) that checks the account, the Idempotency-Key and the
 * rolling-hour limit, then inserts the request. Nothing is written for a refused call. The answer is
 * a value; the API turns it into HTTP.
 */
export class Acceptor {
  constructor(private readonly o: AcceptOptions) {}

  async accept(call: AcceptCall): Promise<Acceptance> {
    // Secret fields (passwords) enter the stored fingerprint only as a keyed MAC: a plain hash of
    // a password next to its email would be open to an offline dictionary attack.
    let fpBody: Record<string, unknown> = call.body;
    const secretFields: readonly string[] = call.action.secretFields ?? [];
    if (call.idempotencyKey && secretFields.some((f) => call.body[f] !== undefined)) {
      fpBody = { ...call.body };
      for (const f of secretFields) if (fpBody[f] !== undefined) fpBody[f] = this.o.sealer.mac(canonicalJson(fpBody[f]));
    }
    const fp = call.idempotencyKey ? fingerprint(`${call.action.name}\n${canonicalJson(fpBody)}`) : '';
    const lockKey = isLoginAction(call.action.name) ? `login:${normalizeEmail(String(call.body.email))}` : String(call.body.accountId);
    let answer: Acceptance;
    try {
      answer = await this.o.committer.run(lockKey, (trx) => this.acceptIn(trx, call, fp));
    } catch (err) {
      if (!call.idempotencyKey || !isKeyConflict(err)) throw err;
      // Another process accepted the same key between our check and our insert; it has committed
      // now, so a second look replays its answer (or tells a different body apart).
      try {
        answer = await this.o.committer.run(lockKey, (trx) => this.acceptIn(trx, call, fp));
      } catch (again) {
        if (!isKeyConflict(again)) throw again;
        return { kind: 'refused', refusal: { code: 'IDEMPOTENCY_KEY_IN_USE' } };
      }
    }
    if (answer.kind === 'accepted') this.o.onQueued();
    return answer;
  }

  private async acceptIn(trx: Transaction<Database>, call: AcceptCall, fp: string): Promise<Acceptance> {
    const now = this.o.clock.now();
    const { action, body } = call;
    const login = isLoginAction(action.name);

    let account: AccountHead;
    if (login) {
      const replay = await this.checkKey(trx, call, fp, now);
      if (replay) return replay;
      const tooMany = await this.loginsExhausted(trx, call, now);
      if (tooMany) return { kind: 'refused', refusal: tooMany };
      const located = await this.loginAccount(trx, call, now);
      if ('limited' in located) return { kind: 'refused', refusal: { code: 'ACCOUNT_LIMIT_REACHED', limit: located.limited } };
      account = located;
    } else {
      const accountId = String(body.accountId);
      let found: AccountHead | undefined;
      if (call.idempotencyKey) {
        const [row] = (await lockHeadWithKey(trx, accountId, call.workspaceId, call.idempotencyKey)).rows;
        // A missing account still replays a key it was given: look the key up alone.
        const prior = row ? (row.key_expires_at === null ? null : { fingerprint: row.key_fingerprint!, response: row.key_response!, expires_at: Number(row.key_expires_at) }) : undefined;
        const replay = await this.answerKey(trx, call, fp, now, prior);
        if (replay) return replay;
        found = row;
      } else {
        found = (await lockHead(trx, accountId, call.workspaceId)).rows[0];
      }
      if (!found) return { kind: 'refused', refusal: { code: 'ACCOUNT_NOT_FOUND' } };
      if (!acceptsRequests(found.status)) return { kind: 'refused', refusal: { code: 'ACCOUNT_NOT_ACTIVE', status: found.status } };
      account = found;
    }

    const laneSeq = Number(account.next_seq) + 1;
    // Secret fields (passwords) are sealed into the account, never stored with the request.
    const secret: readonly string[] | undefined = action.secretFields;
    const input: Record<string, unknown> = {};
    for (const key of Object.keys(action.input.properties)) {
      if (body[key] !== undefined && !secret?.includes(key)) input[key] = body[key];
    }
    const requestId = newId('req', now);
    // A request of a category LinkedIn (or welink's budget) holds right now waits for the hold, with its reason.
    const held = account.category_holds ? holdFor(budgetsOf(action.name, input), activeCategoryHolds(account, now)) : null;
    const laneFreeAt = Math.max(now, Number(account.next_run_at));
    const queued = await statements.queue(
      trx,
      {
        id: requestId,
        workspaceId: call.workspaceId,
        accountId: account.id,
        action: action.name,
        input: JSON.stringify(input),
        laneSeq,
        now,
        apiKeyId: call.apiKeyId,
        notBefore: held?.until ?? 0,
        waitCode: held?.reason ?? null,
        waitMessage: held ? waitMessage(held) : null,
      },
      {
        windowSince: now - this.o.rateLimit.windowMs,
        windowLimit: this.o.rateLimit.limit,
        // Logins are account management: they have their own limit and leave the hourly one untouched.
        enforceWindow: !login,
        key: call.idempotencyKey ? { key: call.idempotencyKey, fingerprint: fp, expiresAt: now + this.o.idempotencyTtlMs } : null,
        laneFreeAt,
        pauseMs: this.o.minPauseMs,
      },
    );
    const usage = usageOf(queued.used, queued.oldest, now, this.o.rateLimit);
    if (!queued.queued) {
      return { kind: 'refused', refusal: { code: 'RATE_LIMITED', retryAt: usage.nextSlotAt ?? now + usage.resetSeconds * 1000, usage } };
    }
    const position = queued.ahead + 1;
    const ack: Acknowledgement = {
      requestId,
      accountId: account.id,
      action: action.name,
      queuePosition: position,
      earliestStartAt: laneFreeAt + queued.ahead * this.o.minPauseMs,
    };
    const after: WindowUsage = login
      ? usage
      : {
          ...usage,
          used: usage.used + 1,
          remaining: usage.remaining - 1,
          resetSeconds: usage.used === 0 ? Math.ceil(this.o.rateLimit.windowMs / 1000) : usage.resetSeconds,
        };
    return { kind: 'accepted', ack, usage: after };
  }

  /** Looks the call's Idempotency-Key up: the earlier answer if it holds, null to go on. */
  private async checkKey(trx: Transaction<Database>, call: AcceptCall, fp: string, now: number): Promise<Acceptance | null> {
    if (!call.idempotencyKey) return null;
    return this.answerKey(trx, call, fp, now, undefined);
  }

  /**
   * The answer a stored key gives (`prior`: null when none is stored, undefined when not read yet):
   * the first acknowledgement again, a refusal for another body, or null to go on (an expired key
   * is removed first).
   */
  private async answerKey(trx: Transaction<Database>, call: AcceptCall, fp: string, now: number, prior: PriorKey | null | undefined): Promise<Acceptance | null> {
    const key = call.idempotencyKey!;
    if (prior === undefined) prior = (await selectIdempotencyKey(trx, call.workspaceId, key)).rows[0] ?? null;
    if (!prior) return null;
    if (Number(prior.expires_at) > now) {
      if (prior.fingerprint !== fp) return { kind: 'refused', refusal: { code: 'IDEMPOTENCY_KEY_REUSED' } };
      return { kind: 'replayed', ack: storedAck(prior.response) };
    }
    await trx.deleteFrom('idempotency_keys').where('workspace_id', '=', call.workspaceId).where('key', '=', key).execute();
    return null;
  }

  /**
   * A credential login posts a password to LinkedIn, the riskiest call there is: at most
   * `loginsPerHour` per account per rolling hour are accepted.
   */
  private async loginsExhausted(trx: Transaction<Database>, call: AcceptCall, now: number): Promise<Refusal | null> {
    const existing = await findAccountByEmail(trx, call.workspaceId, String(call.body.email), true);
    if (!existing) return null;
    const limit = this.o.loginsPerHour;
    const recent = await trx
      .selectFrom('requests')
      .select('accepted_at')
      .where('account_id', '=', existing.id)
      .where('action', 'in', [...loginActionNames])
      .where('accepted_at', '>', now - HOUR)
      .orderBy('accepted_at', 'desc')
      .limit(limit)
      .execute();
    if (recent.length < limit) return null;
    return { code: 'LOGIN_RATE_LIMITED', limit, retryAt: Number(recent[recent.length - 1].accepted_at) + HOUR };
  }

  /** login_v2: reconnects the workspace's account with this email (CONNECTING, new password), or creates it. */
  private async loginAccount(trx: Transaction<Database>, call: AcceptCall, now: number): Promise<Account | { limited: number }> {
    const upserted = await upsertAccountByEmail(trx, {
      workspaceId: call.workspaceId,
      email: String(call.body.email),
      fields: {
        status: 'CONNECTING',
        status_reason: null,
        secrets: this.o.sealer.sealJson({ password: String(call.body.password) }),
        proxy: call.body.proxy ? this.o.sealer.sealJson(call.body.proxy) : null,
      },
      now,
      maxAccounts: this.o.maxAccountsPerWorkspace,
    });
    return 'limited' in upserted ? upserted : upserted.account;
  }
}

/** An acknowledgement stored under an Idempotency-Key (older rows hold the HTTP body, with an ISO time). */
function storedAck(json: string): Acknowledgement {
  const v = JSON.parse(json) as Record<string, unknown>;
  const at = v.earliestStartAt;
  return {
    requestId: String(v.requestId),
    accountId: String(v.accountId),
    action: String(v.action),
    queuePosition: Number(v.queuePosition),
    earliestStartAt: typeof at === 'string' ? Date.parse(at) : Number(at),
  };
}

/** A unique violation on idempotency_keys (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_PRIMARYKEY). */
function isKeyConflict(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  if (!e) return false;
  if (e.code === '23505') return e.constraint === 'idempotency_keys_pk';
  return typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT') && /idempotency_keys/.test(e.message ?? '');
}
