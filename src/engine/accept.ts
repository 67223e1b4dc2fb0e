import type { Transaction } from 'kysely';
import type { ActionDeclaration } from '../actions/define.ts';
import { ApiError, errorBody } from '../api/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import { fingerprint, type Sealer } from '../lib/secrets.ts';
import type { GroupCommitter } from '../store/group-commit.ts';
import type { DialectName } from '../store/open.ts';
import { prepared } from '../store/prepared.ts';
import type { Account, Database, IdempotencyKeysTable } from '../store/tables.ts';
import { canonicalJson } from './canonical-json.ts';
import { rateLimitHeaders, windowUsage, type RateLimitPolicy } from './rate-limit.ts';

export interface AcceptOptions {
  committer: GroupCommitter;
  dialect: DialectName;
  clock: Clock;
  sealer: Sealer;
  rateLimit: RateLimitPolicy;
  /** Shortest pacing pause, used to estimate the earliest start of a queued request. */
  minPauseMs: number;
  idempotencyTtlMs: number;
  /** Called after a commit that queued work (wakes the local worker, notifies other processes). */
  onQueued: () => void;
}

export interface AcceptCall {
  workspaceId: string;
  apiKeyId: string;
  action: ActionDeclaration<any, any>;
  body: Record<string, unknown>;
  idempotencyKey?: string;
}

export interface AcceptAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** States in which an account still takes new requests (they wait while it is connecting or paused). */
const ACCEPTING = new Set(['ACTIVE', 'CONNECTING', 'PIN_REQUIRED', 'PAUSED']);
const UNFINISHED = ['QUEUED', 'RUNNING', 'PIN_REQUIRED'] as const;

// The statements of every acceptance, compiled once (see store/prepared.ts).
const selectIdempotencyKey = prepared<[workspaceId: string, key: string], IdempotencyKeysTable>(2, (db, ws, key) =>
  db.selectFrom('idempotency_keys').selectAll().where('workspace_id', '=', ws).where('key', '=', key),
);
const selectAccount = prepared<[id: string, workspaceId: string], Account>(2, (db, id, ws) =>
  db.selectFrom('accounts').selectAll().where('id', '=', id).where('workspace_id', '=', ws),
);
const selectAccountForUpdate = prepared<[id: string, workspaceId: string], Account>(2, (db, id, ws) =>
  db.selectFrom('accounts').selectAll().where('id', '=', id).where('workspace_id', '=', ws).forUpdate(),
);
const insertRequest = prepared<[id: string, workspaceId: string, accountId: string, action: string, input: string, laneSeq: number, now: number, apiKeyId: string]>(
  8,
  (db, id, ws, acc, action, input, seq, now, key) =>
    db.insertInto('requests').values({
      id,
      workspace_id: ws,
      account_id: acc,
      action,
      input,
      status: 'QUEUED',
      result: null,
      error_code: null,
      error_message: null,
      lane_seq: seq,
      attempts: 0,
      lease_owner: null,
      lease_until: null,
      effect_started_at: null,
      not_before: 0,
      accepted_at: now,
      started_at: null,
      finished_at: null,
      api_key_id: key,
    }),
);
const advanceLane = prepared<[nextSeq: number, now: number, accountId: string]>(3, (db, seq, now, id) =>
  db.updateTable('accounts').set({ next_seq: seq, updated_at: now }).where('id', '=', id),
);
const countAhead = prepared<[accountId: string, laneSeq: number], { n: number }>(2, (db, acc, seq) =>
  db
    .selectFrom('requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', acc)
    .where('status', 'in', UNFINISHED)
    .where('lane_seq', '<', seq),
);
const insertIdempotencyKey = prepared<[workspaceId: string, key: string, fingerprint: string, response: string, requestId: string, now: number, expiresAt: number]>(
  7,
  (db, ws, key, fp, response, requestId, now, expires) =>
    db.insertInto('idempotency_keys').values({
      workspace_id: ws,
      key,
      fingerprint: fp,
      status_code: 200,
      response,
      request_id: requestId,
      created_at: now,
      expires_at: expires,
    }),
);

/**
 * Acceptance of an asynchronous action: one transaction (shared with the other acceptances of the
 * same event-loop turn by the group committer) that checks the account, the Idempotency-Key and the
 * rolling-hour limit, then inserts the request. Nothing is written for a refused call.
 */
export class Acceptor {
  constructor(private readonly o: AcceptOptions) {}

  async accept(call: AcceptCall): Promise<AcceptAnswer> {
    // Secret fields (passwords) enter the stored fingerprint only as a keyed MAC: a plain hash of
    // a password next to its email would be open to an offline dictionary attack.
    let fpBody: Record<string, unknown> = call.body;
    if (call.idempotencyKey && call.action.secretFields?.some((f) => call.body[f] !== undefined)) {
      fpBody = { ...call.body };
      for (const f of call.action.secretFields) if (fpBody[f] !== undefined) fpBody[f] = this.o.sealer.mac(canonicalJson(fpBody[f]));
    }
    const fp = call.idempotencyKey ? fingerprint(`${call.action.name}\n${canonicalJson(fpBody)}`) : '';
    const lockKey = call.action.kind === 'login' ? `login:${String(call.body.email).toLowerCase()}` : String(call.body.accountId);
    let answer: AcceptAnswer;
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
        return this.error(new ApiError('IDEMPOTENCY_KEY_IN_USE'));
      }
    }
    if (answer.status === 200 && !answer.headers['idempotent-replayed']) this.o.onQueued();
    return answer;
  }

  private async acceptIn(trx: Transaction<Database>, call: AcceptCall, fp: string): Promise<AcceptAnswer> {
    const now = this.o.clock.now();
    const { action, body } = call;

    if (call.idempotencyKey) {
      const [prior] = (await selectIdempotencyKey(trx, call.workspaceId, call.idempotencyKey)).rows;
      if (prior && prior.expires_at > now) {
        if (prior.fingerprint !== fp) return this.error(new ApiError('IDEMPOTENCY_KEY_REUSED'));
        return { status: prior.status_code, body: JSON.parse(prior.response), headers: { 'idempotent-replayed': 'true' } };
      }
      if (prior) {
        await trx.deleteFrom('idempotency_keys').where('workspace_id', '=', call.workspaceId).where('key', '=', call.idempotencyKey).execute();
      }
    }

    const located = action.kind === 'login' ? await this.loginAccount(trx, call, now) : await this.existingAccount(trx, call);
    if (located instanceof ApiError) return this.error(located);
    const account = located;

    const usage = await windowUsage(trx, account.id, now, this.o.rateLimit);
    const headers = rateLimitHeaders(usage, this.o.rateLimit);
    if (usage.remaining <= 0) {
      const retryAt = usage.nextSlotAt ?? now + usage.resetSeconds * 1000;
      const retryAfter = Math.max(1, Math.ceil((retryAt - now) / 1000));
      return this.error(
        new ApiError(
          'RATE_LIMITED',
          `This account has had ${usage.limit} requests accepted in the last ${Math.round(this.o.rateLimit.windowMs / 60000)} minutes. The next slot opens at ${new Date(retryAt).toISOString()}.`,
          { fields: { retryAt: new Date(retryAt).toISOString() } },
        ),
        { ...headers, 'retry-after': String(retryAfter) },
      );
    }

    const laneSeq = Number(account.next_seq) + 1;
    const input: Record<string, unknown> = {};
    for (const key of Object.keys(action.input.properties)) {
      if (body[key] !== undefined && !action.secretFields?.includes(key)) input[key] = body[key];
    }
    const requestId = newId('req', now);
    await insertRequest(trx, requestId, call.workspaceId, account.id, action.name, JSON.stringify(input), laneSeq, now, call.apiKeyId);
    await advanceLane(trx, laneSeq, now, account.id);
    const position = Number((await countAhead(trx, account.id, laneSeq)).rows[0].n) + 1;
    const laneFree = Math.max(now, Number(account.next_run_at));
    const earliest = laneFree + (position - 1) * this.o.minPauseMs;

    const after = { ...usage, used: usage.used + 1, remaining: usage.remaining - 1, resetSeconds: usage.used === 0 ? Math.ceil(this.o.rateLimit.windowMs / 1000) : usage.resetSeconds };
    const ackHeaders = rateLimitHeaders(after, this.o.rateLimit);
    const ack = {
      status: 'QUEUED',
      message: 'Request accepted; the result arrives by webhook and through get_response.',
      requestId,
      request_id: requestId,
      accountId: account.id,
      action: action.name,
      queuePosition: position,
      earliestStartAt: new Date(earliest).toISOString(),
    };
    if (call.idempotencyKey) {
      await insertIdempotencyKey(trx, call.workspaceId, call.idempotencyKey, fp, JSON.stringify(ack), requestId, now, now + this.o.idempotencyTtlMs);
    }
    return { status: 200, body: ack, headers: ackHeaders };
  }

  private error(err: ApiError, headers: Record<string, string> = {}): AcceptAnswer {
    return { status: err.status, body: errorBody(err.code, err.message, err.extra), headers };
  }

  private async existingAccount(trx: Transaction<Database>, call: AcceptCall): Promise<Account | ApiError> {
    // Serializes acceptances per account across processes: two API processes can never both admit the last slot.
    const select = this.o.dialect === 'postgres' ? selectAccountForUpdate : selectAccount;
    const [account] = (await select(trx, String(call.body.accountId), call.workspaceId)).rows;
    if (!account) return new ApiError('ACCOUNT_NOT_FOUND');
    if (!ACCEPTING.has(account.status)) {
      return new ApiError('ACCOUNT_NOT_ACTIVE', `Linked account not active (status ${account.status}). ${account.status === 'DISCONNECTED' ? 'A disconnected account takes no more requests: log the LinkedIn account in again with login_v2, which gives it a new accountId, and use that one.' : 'Log it in again with login_v2 (the same email keeps this accountId).'}`);
    }
    return account;
  }

  /** login_v2: reconnect the workspace's account with this email, or create one. */
  private async loginAccount(trx: Transaction<Database>, call: AcceptCall, now: number): Promise<Account> {
    const email = String(call.body.email).trim().toLowerCase();
    let q = trx
      .selectFrom('accounts')
      .selectAll()
      .where('workspace_id', '=', call.workspaceId)
      .where('email', '=', email)
      .where('status', '!=', 'DISCONNECTED')
      .orderBy('created_at', 'desc');
    if (this.o.dialect === 'postgres') q = q.forUpdate();
    const existing = await q.executeTakeFirst();
    const secrets = this.o.sealer.sealJson({ password: String(call.body.password) });
    const proxy = call.body.proxy ? this.o.sealer.sealJson(call.body.proxy) : null;
    if (existing) {
      await trx
        .updateTable('accounts')
        .set({ status: 'CONNECTING', status_reason: null, secrets, proxy, updated_at: now })
        .where('id', '=', existing.id)
        .execute();
      return { ...existing, status: 'CONNECTING', secrets, proxy };
    }
    const account: Account = {
      id: newId('acc', now),
      workspace_id: call.workspaceId,
      email,
      status: 'CONNECTING',
      status_reason: null,
      profile: null,
      secrets,
      proxy,
      premium: 0,
      timezone: null,
      active_hours: null,
      next_run_at: 0,
      lease_owner: null,
      lease_until: null,
      next_seq: 0,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('accounts').values(account).execute();
    return account;
  }
}

/** A unique violation on idempotency_keys (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_PRIMARYKEY). */
function isKeyConflict(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  if (!e) return false;
  if (e.code === '23505') return e.constraint === 'idempotency_keys_pk';
  return typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT') && /idempotency_keys/.test(e.message ?? '');
}
