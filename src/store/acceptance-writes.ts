import type { QueryCreator, Transaction } from 'kysely';
import { locksRows } from './locks.ts';
import { prepared } from './prepared.ts';
import type { Database } from './tables.ts';

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

/** The Idempotency-Key stored with the request: what a retry with the same key is answered. */
export interface AcceptedKey {
  key: string;
  fingerprint: string;
  /** JSON of the acknowledgement. */
  response: string;
  expiresAt: number;
}

type Db = QueryCreator<Database>;
type RequestArgs = [id: string, workspaceId: string, accountId: string, action: string, input: string, laneSeq: number, now: number, apiKeyId: string, notBefore: number, waitCode: string | null, waitMessage: string | null];
type KeyArgs = [key: string, fingerprint: string, response: string, expiresAt: number];

function requestArgs(r: AcceptedRequest): RequestArgs {
  return [r.id, r.workspaceId, r.accountId, r.action, r.input, r.laneSeq, r.now, r.apiKeyId, r.notBefore, r.waitCode, r.waitMessage];
}

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
const advanceLaneQuery = (db: Db, seq: any, now: any, accountId: any) => db.updateTable('accounts').set({ next_seq: seq, updated_at: now }).where('id', '=', accountId);
const insertKeyQuery = (db: Db, ws: any, key: any, fp: any, response: any, requestId: any, now: any, expires: any) =>
  db.insertInto('idempotency_keys').values({ workspace_id: ws, key, fingerprint: fp, status_code: 200, response, request_id: requestId, created_at: now, expires_at: expires });

// SQLite runs in process, so three statements cost no round trip.
const insertRequest = prepared<RequestArgs>(11, insertRequestQuery);
const advanceLane = prepared<[nextSeq: number, now: number, accountId: string]>(3, advanceLaneQuery);
const insertKey = prepared<[workspaceId: string, key: string, fingerprint: string, response: string, requestId: string, now: number, expiresAt: number]>(7, insertKeyQuery);

// The CTEs' own table names are not in `Database`, hence the casts.
// PostgreSQL: one statement (data-modifying CTEs), one round trip. The parts touch different rows,
// so running them concurrently inside the statement is safe.
const acceptWithoutKey = prepared<RequestArgs>(11, (db, id, ws, acc, action, input, seq, now, apiKey, notBefore, waitCode, waitMessage) =>
  insertRequestQuery(
    db.with('lane', (q) => advanceLaneQuery(q, seq, now, acc)) as unknown as Db,
    id, ws, acc, action, input, seq, now, apiKey, notBefore, waitCode, waitMessage,
  ),
);
const acceptWithKey = prepared<[...RequestArgs, ...KeyArgs]>(15, (db, id, ws, acc, action, input, seq, now, apiKey, notBefore, waitCode, waitMessage, key, fp, response, expires) =>
  insertKeyQuery(
    db
      .with('req', (q) => insertRequestQuery(q as unknown as Db, id, ws, acc, action, input, seq, now, apiKey, notBefore, waitCode, waitMessage))
      .with('lane', (q) => advanceLaneQuery(q as unknown as Db, seq, now, acc)) as unknown as Db,
    ws, key, fp, response, id, now, expires,
  ),
);

/**
 * Writes an accepted request: the request row, its lane's new end, and its Idempotency-Key if any.
 * The caller holds the account's lock and has checked everything; on PostgreSQL this is one
 * statement (one round trip), on SQLite three.
 */
export async function writeAcceptance(trx: Transaction<Database>, r: AcceptedRequest, key: AcceptedKey | null): Promise<void> {
  const args = requestArgs(r);
  if (locksRows(trx)) {
    if (key) await acceptWithKey(trx, ...args, key.key, key.fingerprint, key.response, key.expiresAt);
    else await acceptWithoutKey(trx, ...args);
    return;
  }
  await insertRequest(trx, ...args);
  await advanceLane(trx, r.laneSeq, r.now, r.accountId);
  if (key) await insertKey(trx, r.workspaceId, key.key, key.fingerprint, key.response, r.id, r.now, key.expiresAt);
}
