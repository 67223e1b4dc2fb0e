import type { Transaction } from 'kysely';
import { emitEvent } from '../events/emit.ts';
import type { Database, RequestRow } from '../store/tables.ts';
import { markConnected } from './links.ts';

/**
 * The engine calls this, inside the transaction that records a successful login, for every login.
 * When the login was started from a connection link, the link becomes used and the integrator gets
 * ACCOUNT_CONNECTED (webhook and event log) in that same transaction: exactly once per link, with
 * the account and the link, never the credentials.
 */
export async function onLoginSucceeded(trx: Transaction<Database>, request: RequestRow, now: number): Promise<void> {
  const link = await trx.selectFrom('connect_links').select(['id', 'workspace_id']).where('request_id', '=', request.id).where('connected_at', 'is', null).executeTakeFirst();
  if (!link) return;
  // The owner may have removed the account while the login ran: it stays removed, the link unused.
  const account = await trx.selectFrom('accounts').select('status').where('id', '=', request.account_id).executeTakeFirst();
  if (!account || account.status === 'DISCONNECTED') return;
  if (!(await markConnected(trx, link.id, request.account_id, now))) return;
  const profile = request.result ? (JSON.parse(request.result) as Record<string, unknown>) : null;
  await emitEvent(
    trx,
    {
      workspaceId: link.workspace_id,
      accountId: request.account_id,
      requestId: request.id,
      type: 'ACCOUNT_CONNECTED',
      payload: accountConnectedPayload({ accountId: request.account_id, connectLinkId: link.id, requestId: request.id, profile }),
    },
    now,
  );
}

/** The ACCOUNT_CONNECTED payload of a connection made through a link. */
export function accountConnectedPayload(p: { accountId: string; connectLinkId: string; requestId: string | null; profile: Record<string, unknown> | null }): Record<string, unknown> {
  return {
    event: 'ACCOUNT_CONNECTED',
    event_type: '/api/v1/create_connect_link',
    status: 'SUCCESS',
    requestId: p.requestId,
    request_id: p.requestId,
    accountId: p.accountId,
    connectLinkId: p.connectLinkId,
    result: p.profile,
  };
}
