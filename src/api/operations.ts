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
import { accountControlOperations } from './routes/account-control.ts';
import { accountOverviewOperations } from './routes/account-overview.ts';
import { connectLinkOperations } from './routes/connect-links.ts';
import { keyOperations } from './routes/keys.ts';
import { listingOperations } from './routes/listings.ts';
import { timelineOperations } from './routes/timeline.ts';

/** Every operation of the HTTP API, in documentation order. */
export function allOperations(): Operation[] {
  return [
    getAllAccounts,
    getAccountDetails,
    me,
    disconnectAccount,
    updateAccountSettings,
    ...accountOverviewOperations,
    ...accountControlOperations,
    ...connectLinkOperations,
    loginCode,
    ...liveOperations,
    getResponse,
    getRequest,
    cancelRequest,
    ...listingOperations,
    ...timelineOperations,
    ...actionOperations,
    ...trackerOperations,
    ...webhookEndpointOperations,
    ...webhookDeliveryOperations,
    ...eventOperations,
    ...sandboxOperations,
    ...keyOperations,
  ];
}
