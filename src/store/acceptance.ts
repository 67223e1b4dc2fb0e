import { sql, type Compilable, type Kysely, type QueryCreator, type SelectQueryBuilder, type Transaction } from 'kysely';
import { locksRows } from './locks.ts';
import { prepared } from './prepared.ts';
import type { Database } from './tables.ts';

/**
 * The statements that queue an accepted request, once the caller holds the account's lock: read the
 * rolling window and the lane, and (if the window has room) insert the request, advance the lane and
 * store the Idempotency-Key. One statement on PostgreSQL (data-modifying CTEs: one round trip), four
 * on SQLite (in process, no round trip).
 */

/** A request as acceptance stores it: QUEUED at the end of its account's lane. */
export interface AcceptedRequest {
  id: string;
  workspaceId: string;
  accountId: string;
  action: string;
  /** JSON of the stored input (secret fields left out). */
  input: string;
  laneSeq: number;
  now: number;
  apiKeyId: string;
  /** 0, or the end of the category hold the request waits for (with its code and message). */
  notBefore: number;
  waitCode: string | null;
  waitMessage: string | null;
}

export interface QueueOptions {
  /** The window counts requests accepted after this time... */
  windowSince: number;
  /** ...at most this many; the request is queued only if fewer are counted, or if not `enforceWindow`. */
  windowLimit: number;
  /** False for logins, which the window counts but does not stop. */
  enforceWindow: boolean;
  /** Stored with the request, answered to a retry with the same key. */
  key: { key: string; fingerprint: string; expiresAt: number } | null;
  /** The acknowledgement's earliestStartAt is laneFreeAt + (requests ahead) * pauseMs. */
  laneFreeAt: number;
  pauseMs: number;
}

export interface QueueResult {
  /** False when the window was full: nothing was written. */
  queued: boolean;
  /** Requests counted in the window before this one (at most the limit read). */
  used: number;
  /** accepted_at of the oldest of them, null when none. */
  oldest: number | null;
  /** Unfinished requests of the lane before this one. */
  ahead: number;
}

/** The window: accepted_at of an account's most recent counted requests, newest first. */
export type WindowQuery = (db: Kysely<Database>, accountId: unknown, since: unknown, limit: unknown) => SelectQueryBuilder<Database, 'requests', { accepted_at: number }>;

/** The acknowledgement as stored under its Idempotency-Key (the engine reads it back as JSON). */
export function ackJson(r: Pick<AcceptedRequest, 'id' | 'accountId' | 'action'>, ahead: number, o: Pick<QueueOptions, 'laneFreeAt' | 'pauseMs'>): string {
  return `${ackHead(r)}${ahead + 1},"earliestStartAt":${o.laneFreeAt + ahead * o.pauseMs}}`;
}
function ackHead(r: Pick<AcceptedRequest, 'id' | 'accountId' | 'action'>): string {
  return `{"requestId":${JSON.stringify(r.id)},"accountId":${JSON.stringify(r.accountId)},"action":${JSON.stringify(r.action)},"queuePosition":`;
}

type Db = QueryCreator<Database>;
const UNFINISHED = ['QUEUED', 'RUNNING', 'PIN_REQUIRED'] as const;
const NO_LIMIT = 2 ** 31 - 1;

const insertRequestQuery = (db: Db, ...[id, ws, acc, action, input, seq, now, apiKey, notBefore, waitCode, waitMessage]: any[]) =>
  db.insertInto('requests').values({
    id,
    workspace_id: ws,
    account_id: acc,
    action,
    input,
    status: 'QUEUED',
    result: null,
    error_code: waitCode,
    error_message: waitMessage,
    lane_seq: seq,
    attempts: 0,
    lease_owner: null,
    lease_until: null,
    effect_started_at: null,
    not_before: notBefore,
    accepted_at: now,
    started_at: null,
    finished_at: null,
    api_key_id: apiKey,
  });

type RequestArgs = [id: string, workspaceId: string, accountId: string, action: string, input: string, laneSeq: number, now: number, apiKeyId: string, notBefore: number, waitCode: string | null, waitMessage: string | null];
function requestArgs(r: AcceptedRequest): RequestArgs {
  return [r.id, r.workspaceId, r.accountId, r.action, r.input, r.laneSeq, r.now, r.apiKeyId, r.notBefore, r.waitCode, r.waitMessage];
}

/** A raw statement as prepared() takes it. */
function raw(db: Kysely<Database>, s: ReturnType<typeof sql>): Compilable<any> {
  return { compile: () => s.compile(db) };
}

export function acceptanceStatements(window: WindowQuery): { queue(trx: Transaction<Database>, r: AcceptedRequest, o: QueueOptions): Promise<QueueResult> } {
  const laneQuery = (db: Kysely<Database>, acc: unknown, since: unknown, limit: unknown, seq: unknown) =>
    db.selectFrom(window(db, acc, since, limit).as('w')).select((eb) => [
      eb.fn.countAll<number>().as('used'),
      eb.fn.min<number>('w.accepted_at').as('oldest'),
      eb
        .selectFrom('requests')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('account_id', '=', acc as string)
        .where('status', 'in', UNFINISHED)
        .where('lane_seq', '<', seq as number)
        .as('ahead'),
    ]);

  // SQLite: in process, so separate statements cost no round trip.
  const laneState = prepared<[accountId: string, since: number, limit: number, laneSeq: number], { used: number; oldest: number | null; ahead: number }>(4, laneQuery);
  const insertRequest = prepared<RequestArgs>(11, insertRequestQuery);
  const advanceLane = prepared<[nextSeq: number, now: number, accountId: string]>(3, (db, seq, now, acc) =>
    db.updateTable('accounts').set({ next_seq: seq, updated_at: now }).where('id', '=', acc),
  );
  const insertKey = prepared<[workspaceId: string, key: string, fingerprint: string, response: string, requestId: string, now: number, expiresAt: number]>(7, (db, ws, key, fp, response, requestId, now, expires) =>
    db.insertInto('idempotency_keys').values({ workspace_id: ws, key, fingerprint: fp, status_code: 200, response, request_id: requestId, created_at: now, expires_at: expires }),
  );

  // PostgreSQL: the same in one statement. Its snapshot is taken after the caller's lock, so the
  // window and the lane include every acceptance that held the lock before. The parts write
  // different rows; the lane and the key are written only if the request was.
  type LaneArgs = [windowSince: number, windowLimit: number, cap: number, laneFreeAt: number, pauseMs: number, ackHead: string];
  type KeyArgs = [key: string, fingerprint: string, expiresAt: number];
  type Row = { used: number; oldest: number | null; ahead: number; queued: number };
  const pgStatement = (db: Kysely<Database>, a: any[], keyPart: ReturnType<typeof sql>) => {
    const [id, ws, acc, action, input, seq, now, apiKey, notBefore, waitCode, waitMessage, since, limit, cap] = a;
    return raw(
      db,
      sql`with lane as (${laneQuery(db, acc, since, limit, seq)}),
        ins as (
          insert into requests (id, workspace_id, account_id, action, input, status, result, error_code, error_message, lane_seq, attempts,
            lease_owner, lease_until, effect_started_at, not_before, accepted_at, started_at, finished_at, api_key_id)
          select ${id}::text, ${ws}::text, ${acc}::text, ${action}::text, ${input}::text, 'QUEUED', null, ${waitCode}::text, ${waitMessage}::text,
            ${seq}::bigint, 0, null, null, null, ${notBefore}::bigint, ${now}::bigint, null, null, ${apiKey}::text
          from lane where lane.used < ${cap}::bigint
          returning id),
        adv as (update accounts set next_seq = ${seq}::bigint, updated_at = ${now}::bigint where id = ${acc}::text and exists (select 1 from ins))
        ${keyPart}
        select lane.used, lane.oldest, lane.ahead, (select count(*) from ins) as queued from lane`,
    );
  };
  // The stored acknowledgement is written as ackJson() writes it.
  const keyPart = (ws: unknown, id: unknown, now: unknown, laneFree: unknown, pause: unknown, head: unknown, key: unknown, fp: unknown, expires: unknown) =>
    sql`, k as (
      insert into idempotency_keys (workspace_id, key, fingerprint, status_code, response, request_id, created_at, expires_at)
      select ${ws}::text, ${key}::text, ${fp}::text, 200,
        ${head}::text || (lane.ahead + 1) || ',"earliestStartAt":' || (${laneFree}::bigint + lane.ahead * ${pause}::bigint) || '}',
        ${id}::text, ${now}::bigint, ${expires}::bigint
      from lane, ins)`;
  const pgQueueWithKey = prepared<[...RequestArgs, ...LaneArgs, ...KeyArgs], Row>(20, (db, ...a) =>
    pgStatement(db, a, keyPart(a[1], a[0], a[6], a[14], a[15], a[16], a[17], a[18], a[19])),
  );
  // Without a key the acknowledgement's parts are not needed; they stay bound, unused, so both
  // variants take the same arguments.
  const pgQueueWithoutKey = prepared<[...RequestArgs, ...LaneArgs], Row>(17, (db, ...a) =>
    pgStatement(db, a, sql`, k as (select ${a[14]}::bigint, ${a[15]}::bigint, ${a[16]}::text)`),
  );

  return {
    async queue(trx, r, o) {
      const cap = o.enforceWindow ? o.windowLimit : NO_LIMIT;
      if (locksRows(trx)) {
        const lane: LaneArgs = [o.windowSince, o.windowLimit, cap, o.laneFreeAt, o.pauseMs, ackHead(r)];
        const [row] = (o.key
          ? await pgQueueWithKey(trx, ...requestArgs(r), ...lane, o.key.key, o.key.fingerprint, o.key.expiresAt)
          : await pgQueueWithoutKey(trx, ...requestArgs(r), ...lane)
        ).rows;
        return { queued: Number(row.queued) > 0, used: Number(row.used), oldest: row.oldest === null ? null : Number(row.oldest), ahead: Number(row.ahead) };
      }
      const [lane] = (await laneState(trx, r.accountId, o.windowSince, o.windowLimit, r.laneSeq)).rows;
      const read = { used: Number(lane.used), oldest: lane.oldest === null ? null : Number(lane.oldest), ahead: Number(lane.ahead) };
      if (read.used >= cap) return { queued: false, ...read };
      await insertRequest(trx, ...requestArgs(r));
      await advanceLane(trx, r.laneSeq, r.now, r.accountId);
      if (o.key) await insertKey(trx, r.workspaceId, o.key.key, o.key.fingerprint, ackJson(r, read.ahead, o), r.id, r.now, o.key.expiresAt);
      return { queued: true, ...read };
    },
  };
}
