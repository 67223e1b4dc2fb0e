import type { Transaction } from 'kysely';
import { newId } from '../lib/ids.ts';
import { eventSeqAtInsert } from '../store/event-seq.ts';
import type { Database, EventRow } from '../store/tables.ts';
import { prepared } from '../store/prepared.ts';
import { markDue } from '../store/webhook-due-hints.ts';
import type { EventType } from './catalogue.ts';

export interface NewEvent {
  workspaceId: string;
  accountId: string | null;
  requestId: string | null;
  /** Event type, e.g. CONNECTION_SENT: one of events/catalogue.ts. */
  type: EventType;
  /** The We-Link envelope without `hash` (the hash depends on each endpoint's secret). */
  payload: Record<string, unknown>;
  /** Deliver to this endpoint only, whatever its event filter (test_webhook); default: every subscribed endpoint. */
  onlyEndpoint?: string;
}

/** The event and the deliveries it made. */
export interface EmittedEvent {
  event: EventRow;
  deliveryIds: string[];
}

/**
 * Records an event and one pending delivery per subscribed endpoint, inside the caller's
 * transaction: the event and its deliveries commit together with whatever caused them (a request
 * finishing), so no event can be lost between the two.
 *
 * The per-workspace `seq` keeps the log exact for a reader with an `after` cursor (store/event-seq.ts):
 * taken here where one writer runs at a time, stamped after the commit where workers share the
 * database (the event is in the log from then on; its deliveries do not wait for it).
 */
// Once per event, for every action: built and compiled once (store/prepared.ts).
const insertEvent = prepared<[id: string, workspaceId: string, seq: number | null, accountId: string | null, requestId: string | null, type: string, payload: string, createdAt: number]>(
  8,
  (db, id, workspace_id, seq, account_id, request_id, type, payload, created_at) =>
    db.insertInto('events').values({ id, workspace_id, seq, account_id, request_id, type, payload, created_at }),
);
const enabledEndpoints = prepared<[workspaceId: string], { id: string; events: string | null }>(1, (db, ws) =>
  db.selectFrom('webhook_endpoints').select(['id', 'events']).where('workspace_id', '=', ws).where('enabled', '=', 1),
);
const insertDelivery = prepared<[id: string, workspaceId: string, endpointId: string, eventId: string, requestId: string | null, type: string, now: number]>(
  7,
  (db, id, workspace_id, endpoint_id, event_id, request_id, event_type, now) =>
    db.insertInto('webhook_deliveries').values(newDelivery(id, workspace_id, endpoint_id, event_id, request_id, event_type, now)),
);

/** A delivery as an event creates it: pending, due at once. */
function newDelivery(id: string, workspace_id: string, endpoint_id: string, event_id: string, request_id: string | null, event_type: string, now: number) {
  return {
    id,
    workspace_id,
    endpoint_id,
    event_id,
    request_id,
    event_type,
    status: 'PENDING' as const,
    attempts: 0,
    next_attempt_at: now,
    lease_until: null,
    last_status: null,
    last_error: null,
    created_at: now,
    finished_at: null,
  };
}

export async function emitEvent(trx: Transaction<Database>, ev: NewEvent, now: number): Promise<EmittedEvent> {
  const row: EventRow = {
    id: newId('evt', now),
    workspace_id: ev.workspaceId,
    seq: await eventSeqAtInsert(trx, ev.workspaceId),
    account_id: ev.accountId,
    request_id: ev.requestId,
    type: ev.type,
    payload: JSON.stringify(ev.payload),
    created_at: now,
  };
  await insertEvent(trx, row.id, row.workspace_id, row.seq, row.account_id, row.request_id, row.type, row.payload, row.created_at);

  const endpoints = ev.onlyEndpoint
    ? await trx.selectFrom('webhook_endpoints').select(['id', 'events']).where('workspace_id', '=', ev.workspaceId).where('id', '=', ev.onlyEndpoint).execute()
    : (await enabledEndpoints(trx, ev.workspaceId)).rows;
  const targets = endpoints.filter((e) => {
    if (ev.onlyEndpoint || !e.events) return true;
    const wanted = JSON.parse(e.events) as string[];
    return wanted.includes(ev.type) || wanted.includes('*');
  });
  const deliveryIds = targets.map(() => newId('dlv', now));
  if (targets.length === 1) {
    await insertDelivery(trx, deliveryIds[0], ev.workspaceId, targets[0].id, row.id, ev.requestId, ev.type, now);
    await markDue(trx, [targets[0].id], now);
  } else if (targets.length > 1) {
    await trx
      .insertInto('webhook_deliveries')
      .values(targets.map((e, i) => newDelivery(deliveryIds[i], ev.workspaceId, e.id, row.id, ev.requestId, ev.type, now)))
      .execute();
    // The endpoints have something due now (webhooks/queue.ts claims by these hints).
    await markDue(trx, targets.map((e) => e.id), now);
  }
  return { event: row, deliveryIds };
}
