import { findAccount } from '../engine/accounts.ts';
import type { Account } from '../store/tables.ts';
import { ApiError } from './errors.ts';
import type { Services } from './services.ts';

/** The workspace's account, or 404 ACCOUNT_NOT_FOUND: missing, foreign and disconnected ids look the same. */
export async function loadAccount(services: Services, workspaceId: string, id: string): Promise<Account> {
  const row = await findAccount(services.store.db, workspaceId, id);
  if (!row) throw new ApiError('ACCOUNT_NOT_FOUND');
  return row;
}
