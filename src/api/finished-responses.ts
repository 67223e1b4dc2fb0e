import type { RequestRow } from '../store/tables.ts';

/** A finished request's get_response answer, built and serialized once. */
export interface FinishedResponse {
  /** The envelope, for in-process callers and the log line's ids. Never mutated. */
  readonly body: Readonly<Record<string, unknown>> & { readonly requestId: string; readonly accountId: string };
  /** `body` as JSON, sent as is. */
  readonly json: string;
}

interface Entry extends FinishedResponse {
  readonly expires: number;
  readonly size: number;
}

/** The states a request never leaves: only these may be remembered. */
const FINAL = new Set<RequestRow['status']>(['SUCCESS', 'FAILED', 'CANCELLED']);

export interface FinishedResponsesOptions {
  /** Upper bound of the memory kept, estimated from each answer's JSON length (the string and its object). */
  maxBytes: number;
  /**
   * How long a finished request stays in the store (the retention): an answer is forgotten once its
   * request may have been purged, so the cache never answers for a row another process deleted.
   */
  retentionMs: number;
}

/**
 * get_response answers of finished requests (SUCCESS, FAILED, CANCELLED), kept in this process. A
 * finished request never changes again (every transition out of a state starts from QUEUED, RUNNING
 * or PIN_REQUIRED), so an answer read once from the store stays exact in every process until the
 * retention purge may delete the row. Keyed by workspace and request id: a workspace only ever finds
 * its own requests, as with the store. Least recently used answers go first when `maxBytes` is reached.
 */
export class FinishedResponses {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly o: FinishedResponsesOptions) {}

  get(workspaceId: string, requestId: string, now: number): FinishedResponse | undefined {
    const key = keyOf(workspaceId, requestId);
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    if (hit.expires <= now) {
      this.bytes -= hit.size;
      return undefined;
    }
    this.entries.set(key, hit);
    return hit;
  }

  /**
   * The answer for `req` as the caller built it: serialized, and kept when the request is finished.
   * Anything else (queued, running, waiting for a PIN) is serialized and never kept.
   */
  answer(workspaceId: string, req: Pick<RequestRow, 'id' | 'account_id' | 'status' | 'finished_at'>, body: FinishedResponse['body'], now: number): FinishedResponse {
    const json = JSON.stringify(body);
    if (!FINAL.has(req.status)) return { body, json };
    const expires = Number(req.finished_at ?? now) + this.o.retentionMs;
    // The string, the object (about twice its JSON) and the map entry.
    const size = json.length * 3 + 200;
    if (expires <= now || size > this.o.maxBytes) return { body, json };
    const key = keyOf(workspaceId, req.id);
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.size;
    }
    const entry: Entry = { body, json, expires, size };
    this.entries.set(key, entry);
    this.bytes += size;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.o.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.size;
    }
    return entry;
  }

  /** Entries kept now (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }
}

// A NUL cannot occur in either id (the API refuses it), so the key cannot be forged across workspaces.
const keyOf = (workspaceId: string, requestId: string) => `${workspaceId}\0${requestId}`;
