import { sql, type Transaction } from 'kysely';
import type { InboundMessage, NewConnection } from '../../actions/sync-contract.ts';
import { emitEvent } from '../../events/emit.ts';
import { unsolicitedPayload } from '../../events/catalogue.ts';
import type { Account, Database } from '../../store/tables.ts';

/**
 * What a live account's sync found, turned into events exactly once: each message id and each new
 * connection is claimed in sync_seen in the same transaction as its event, so overlapping syncs and
 * a process dying after the commit never emit one twice.
 */

type Trx = Transaction<Database>;

async function firstTime(trx: Trx, accountId: string, kind: 'message' | 'connection', key: string, now: number): Promise<boolean> {
  const row = await trx
    .insertInto('sync_seen')
    .values({ account_id: accountId, kind, key, seen_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'kind', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A contact wrote: MESSAGE_RECEIVED, and MESSAGE_REPLY for each reply tracker of the thread that was
 * waiting (the tracker stops). Answers how many events it emitted.
 */
export async function recordInbound(trx: Trx, account: Pick<Account, 'id' | 'workspace_id'>, m: InboundMessage, now: number): Promise<number> {
  if (!(await firstTime(trx, account.id, 'message', m.message_id, now))) return 0;
  const person = { profile_id: m.profile_id, first_name: m.first_name, last_name: m.last_name, full_name: m.full_name };
  await emitEvent(
    trx,
    {
      workspaceId: account.workspace_id,
      accountId: account.id,
      requestId: null,
      type: 'MESSAGE_RECEIVED',
      payload: unsolicitedPayload('MESSAGE_RECEIVED', account.id, { thread_id: m.thread_id, message_id: m.message_id, ...person, text: m.text, sent_at: m.sent_at }),
    },
    now,
  );
  let emitted = 1;
  const trackers = await trx
    .selectFrom('message_trackers')
    .select(['id', 'request_id'])
    .where('account_id', '=', account.id)
    .where('thread_id', '=', m.thread_id)
    .where('status', '=', 'ACTIVE')
    .where('since', '<=', m.sent_at)
    .execute();
  for (const t of trackers) {
    const r = await trx
      .updateTable('message_trackers')
      .set({ status: 'REPLIED', stopped_at: now, reply_message_id: m.message_id })
      .where('id', '=', t.id)
      .where('status', '=', 'ACTIVE')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) continue;
    await emitEvent(
      trx,
      {
        workspaceId: account.workspace_id,
        accountId: account.id,
        requestId: null,
        type: 'MESSAGE_REPLY',
        payload: unsolicitedPayload('MESSAGE_REPLY', account.id, {
          tracker_id: t.id,
          thread_id: m.thread_id,
          message_id: m.message_id,
          ...person,
          text: m.text,
          replied_at: m.sent_at,
          detected_at: now,
          sent_request_id: t.request_id,
        }),
      },
      now,
    );
    emitted++;
  }
  return emitted;
}

/**
 * A new connection: CONNECTION_ACCEPTED when it answers one of the account's own invitations (a
 * successful connect request to that profile); a connection the account accepted itself is not one.
 */
export async function recordConnection(trx: Trx, account: Pick<Account, 'id' | 'workspace_id'>, c: NewConnection, now: number): Promise<number> {
  // Input and result are stored as JSON: the member id appears exactly like this in the result (the
  // profile LinkedIn resolved) or in the input (when the caller already gave the member id).
  const pattern = `%${JSON.stringify('profile_id')}:${JSON.stringify(c.profile_id).replace(/[%_!]/g, (ch) => `!${ch}`)}%`;
  const invited = await trx
    .selectFrom('requests')
    .select(['id', 'result'])
    .where('account_id', '=', account.id)
    .where('action', '=', 'connect')
    .where('status', '=', 'SUCCESS')
    .where(sql<boolean>`(result like ${pattern} escape '!' or input like ${pattern} escape '!')`)
    .orderBy('accepted_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!invited) return 0;
  if (!(await firstTime(trx, account.id, 'connection', c.profile_id, now))) return 0;
  const sent = invited.result ? (JSON.parse(invited.result) as { invitation_id?: string }) : {};
  await emitEvent(
    trx,
    {
      workspaceId: account.workspace_id,
      accountId: account.id,
      requestId: null,
      type: 'CONNECTION_ACCEPTED',
      payload: unsolicitedPayload('CONNECTION_ACCEPTED', account.id, {
        profile_id: c.profile_id,
        first_name: c.first_name,
        last_name: c.last_name,
        full_name: c.full_name,
        invitation_id: c.invitation_id ?? sent.invitation_id ?? null,
        connect_request_id: invited.id,
        headline: c.headline,
        public_identifier: c.public_identifier,
        profile_url: c.profile_url,
        accepted_at: c.connected_at,
      }),
    },
    now,
  );
  return 1;
}
