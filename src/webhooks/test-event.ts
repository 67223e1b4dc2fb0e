import type { Transaction } from 'kysely';
import { emitEvent } from '../events/emit.ts';
import type { Database } from '../store/tables.ts';

export const TEST_EVENT_TYPE = 'WEBHOOK_TEST';

/**
 * A WEBHOOK_TEST event delivered to one endpoint only, whatever its event filter. It is a real
 * event of the workspace (numbered in its log like any other) so that what the receiver gets can be
 * checked against `get_events`.
 */
export async function emitTestEvent(
  trx: Transaction<Database>,
  workspaceId: string,
  endpointId: string,
  now: number,
): Promise<{ eventId: string; deliveryId: string }> {
  const payload = {
    event: TEST_EVENT_TYPE,
    event_type: '/api/v1/test_webhook',
    status: 'SUCCESS',
    webhookId: endpointId,
    message: 'A test event sent with test_webhook.',
  };
  const { event, deliveryIds } = await emitEvent(trx, { workspaceId, accountId: null, requestId: null, type: TEST_EVENT_TYPE, payload, onlyEndpoint: endpointId }, now);
  return { eventId: event.id, deliveryId: deliveryIds[0] };
}
