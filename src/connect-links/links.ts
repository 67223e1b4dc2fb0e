import type { Kysely } from 'kysely';
import { newId } from '../lib/ids.ts';
import { randomToken } from '../lib/random.ts';
import { hashSecret } from '../lib/secrets.ts';
import type { ConnectLink, Database } from '../store/tables.ts';

/**
 * Hosted connection links as small statements. The token is random (256 bits), given out once in
 * the link's URL and stored only as a hash. A link is usable until it expires or a connection
 * through it succeeds (`connected_at`, set once); a failed attempt leaves it usable.
 */

/** Links that ended more than this long ago are swept when new ones are made. */
const KEEP_MS = 30 * 86400 * 1000;

export interface NewLink {
  workspaceId: string;
  apiKeyId: string;
  accountId: string | null;
  redirectUrl: string | null;
  ttlMs: number;
  now: number;
}

export async function createLink(db: Kysely<Database>, n: NewLink): Promise<{ id: string; token: string; expiresAt: number }> {
  const token = randomToken(32);
  const id = newId('cnl', n.now);
  await db.deleteFrom('connect_links').where('expires_at', '<', n.now - KEEP_MS).execute();
  await db
    .insertInto('connect_links')
    .values({
      id,
      token_hash: hashSecret(token),
      workspace_id: n.workspaceId,
      api_key_id: n.apiKeyId,
      account_id: n.accountId,
      redirect_url: n.redirectUrl,
      created_at: n.now,
      expires_at: n.now + n.ttlMs,
      attempts: 0,
      request_id: null,
      last_error: null,
      connected_at: null,
      connected_account_id: null,
    })
    .execute();
  return { id, token, expiresAt: n.now + n.ttlMs };
}

export interface FoundLink {
  link: ConnectLink;
  mode: 'sandbox' | 'live';
  workspaceName: string;
}

/** The link of a token, while the key that made it is not revoked. */
export async function findLink(db: Kysely<Database>, token: string): Promise<FoundLink | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await db
    .selectFrom('connect_links')
    .innerJoin('api_keys', 'api_keys.id', 'connect_links.api_key_id')
    .innerJoin('workspaces', 'workspaces.id', 'connect_links.workspace_id')
    .selectAll('connect_links')
    .select(['workspaces.mode', 'workspaces.name as workspace_name'])
    .where('connect_links.token_hash', '=', hashSecret(token))
    .where('api_keys.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const { mode, workspace_name, ...link } = row;
  return { link, mode, workspaceName: workspace_name };
}

/**
 * Takes the next attempt number (compare-and-set): of two submissions racing on the same link, one
 * gets false. Refused once the link is used or expired.
 */
export async function claimAttempt(db: Kysely<Database>, link: ConnectLink, now: number): Promise<boolean> {
  const r = await db
    .updateTable('connect_links')
    .set({ attempts: link.attempts + 1, last_error: null })
    .where('id', '=', link.id)
    .where('attempts', '=', link.attempts)
    .where('connected_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The attempt started a login request: its outcome is the link's. */
export async function recordLoginRequest(db: Kysely<Database>, linkId: string, requestId: string): Promise<void> {
  await db.updateTable('connect_links').set({ request_id: requestId, last_error: null }).where('id', '=', linkId).where('connected_at', 'is', null).execute();
}

/** A synchronous attempt (cookies) failed: the link stays usable and says why. */
export async function recordFailure(db: Kysely<Database>, linkId: string, error: string): Promise<void> {
  await db.updateTable('connect_links').set({ request_id: null, last_error: error.slice(0, 500) }).where('id', '=', linkId).where('connected_at', 'is', null).execute();
}

/** The connection succeeded: the link is used. False when it already was. */
export async function markConnected(db: Kysely<Database>, linkId: string, accountId: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('connect_links')
    .set({ connected_at: now, connected_account_id: accountId, last_error: null })
    .where('id', '=', linkId)
    .where('connected_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
