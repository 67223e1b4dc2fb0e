import type { Transaction } from 'kysely';
import { newId } from '../lib/ids.ts';
import type { Database } from '../store/tables.ts';

export const TEST_EVENT_TYPE = 'WEBHOOK_TEST';

/**
 * A WEBHOOK_TEST event delivered to one endpoint only, whatever its event filter. It is a real
 * event of the workspace (numbered in its log like any other, under the same workspace row lock as
 * emitEvent) so that what the receiver gets can be checked against `get_events`.
 */
export async function emitTestEvent(
  trx: Transaction<Database>,
  workspaceId: string,
  endpointId: string,
  now: number,
): Promise<{ eventId: string; deliveryId: string }> {
  const ws = await trx
    .updateTable('workspaces')
    .set((eb) => ({ event_seq: eb('event_seq', '+', 1) }))
    .where('id', '=', workspaceId)
    .returning('event_seq')
    .executeTakeFirstOrThrow();
  const eventId = newId('evt', now);
  const payload = {
    event: TEST_EVENT_TYPE,
    event_type: '/api/v1/test_webhook',
    status: 'SUCCESS',
    webhookId: endpointId,
    message: 'A test event sent with test_webhook.',
  };
  await trx
    .insertInto('events')
    .values({ id: eventId, workspace_id: workspaceId, seq: Number(ws.event_seq), account_id: null, request_id: null, type: TEST_EVENT_TYPE, payload: JSON.stringify(payload), created_at: now })
    .execute();
  const deliveryId = newId('dlv', now);
  await trx
    .insertInto('webhook_deliveries')
    .values({
      id: deliveryId,
      workspace_id: workspaceId,
      endpoint_id: endpointId,
      event_id: eventId,
      request_id: null,
      event_type: TEST_EVENT_TYPE,
      status: 'PENDING',
      attempts: 0,
      next_attempt_at: now,
      lease_until: null,
      last_status: null,
      last_error: null,
      created_at: now,
      finished_at: null,
    })
    .execute();
  return { eventId, deliveryId };
}
