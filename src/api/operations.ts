import type { Operation } from './operation.ts';
import { actionOperations } from './routes/actions.ts';
import { disconnectAccount, getAccountDetails, getAllAccounts, me, updateAccountSettings } from './routes/accounts.ts';
import { cancelRequest, getRequest, getResponse, loginCode } from './routes/requests.ts';

/** Every operation of the HTTP API, in documentation order. */
export function allOperations(): Operation[] {
  return [getAllAccounts, getAccountDetails, me, disconnectAccount, updateAccountSettings, loginCode, getResponse, getRequest, cancelRequest, ...actionOperations];
}
