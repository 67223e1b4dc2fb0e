import type { Transaction } from 'kysely';
import { newId } from '../lib/ids.ts';
import { eventSeqAtInsert } from '../store/event-seq.ts';
import type { Database, EventRow } from '../store/tables.ts';
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
  await trx.insertInto('events').values(row).execute();

  let endpoints = trx.selectFrom('webhook_endpoints').select(['id', 'events']).where('workspace_id', '=', ev.workspaceId);
  endpoints = ev.onlyEndpoint ? endpoints.where('id', '=', ev.onlyEndpoint) : endpoints.where('enabled', '=', 1);
  const targets = (await endpoints.execute()).filter((e) => {
    if (ev.onlyEndpoint || !e.events) return true;
    const wanted = JSON.parse(e.events) as string[];
    return wanted.includes(ev.type) || wanted.includes('*');
  });
  const deliveryIds = targets.map(() => newId('dlv', now));
  if (targets.length > 0) {
    await trx
      .insertInto('webhook_deliveries')
      .values(
        targets.map((e, i) => ({
          id: deliveryIds[i],
          workspace_id: ev.workspaceId,
          endpoint_id: e.id,
          event_id: row.id,
          request_id: ev.requestId,
          event_type: ev.type,
          status: 'PENDING' as const,
          attempts: 0,
          next_attempt_at: now,
          lease_until: null,
          last_status: null,
          last_error: null,
          created_at: now,
          finished_at: null,
        })),
      )
      .execute();
    // The endpoints have something due now (webhooks/queue.ts claims by these hints).
    await markDue(trx, targets.map((e) => e.id), now);
  }
  return { event: row, deliveryIds };
}
