import type { Operation } from './operation.ts';
import { actionOperations } from './routes/actions.ts';
import { disconnectAccount, getAccountDetails, getAllAccounts, me, updateAccountSettings } from './routes/accounts.ts';
import { liveOperations } from './routes/live.ts';
import { cancelRequest, getRequest, getResponse, loginCode } from './routes/requests.ts';
import { sandboxOperations } from './routes/sandbox.ts';
import { trackerOperations } from './routes/trackers.ts';
import { eventOperations } from './routes/events.ts';
import { webhookDeliveryOperations } from './routes/webhook-deliveries.ts';
import { webhookEndpointOperations } from './routes/webhook-endpoints.ts';

/** Every operation of the HTTP API, in documentation order. */
export function allOperations(): Operation[] {
  return [
    getAllAccounts,
    getAccountDetails,
    me,
    disconnectAccount,
    updateAccountSettings,
    loginCode,
    ...liveOperations,
    getResponse,
    getRequest,
    cancelRequest,
    ...actionOperations,
    ...trackerOperations,
    ...webhookEndpointOperations,
    ...webhookDeliveryOperations,
    ...eventOperations,
    ...sandboxOperations,
  ];
}
