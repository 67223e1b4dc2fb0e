import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuthInfo } from '../api/auth.ts';
import { newId } from '../lib/ids.ts';
import { randomToken } from '../lib/random.ts';
import { hashSecret, type Sealer } from '../lib/secrets.ts';
import type { ApiKey, Database, Workspace } from '../store/tables.ts';

/**
 * Console sessions. Signing in with a key pair makes a session that acts as that pair: same
 * workspace, same allowed actions and client IPs. The random token is given to the browser once (an
 * HttpOnly cookie) and stored only as a hash; every use re-reads the key, so revoking the key ends
 * its sessions at once.
 */

/** A session lasts 12 hours from sign-in, whatever the activity. */
export const SESSION_TTL_MS = 12 * 3600 * 1000;

export interface OpenSession {
  sessionId: string;
  token: string;
  expiresAt: number;
}

/** A live session and the key it acts as (api/auth.ts turns the key into the caller's AuthInfo). */
export interface ActiveSession {
  sessionId: string;
  expiresAt: number;
  key: Pick<ApiKey, 'id' | 'name' | 'api_key' | 'workspace_id' | 'allowed_actions' | 'allowed_ips'> & Pick<Workspace, 'mode'>;
}

export async function createSession(db: Kysely<Database>, auth: Pick<AuthInfo, 'workspaceId' | 'apiKeyId'>, now: number): Promise<OpenSession> {
  const token = randomToken(32);
  const session = { id: newId('ses', now), token_hash: hashSecret(token), workspace_id: auth.workspaceId, api_key_id: auth.apiKeyId, created_at: now, expires_at: now + SESSION_TTL_MS };
  // Sessions are few and short-lived: expired ones are swept whenever someone signs in.
  await db.deleteFrom('console_sessions').where('expires_at', '<=', now).execute();
  await db.insertInto('console_sessions').values(session).execute();
  return { sessionId: session.id, token, expiresAt: session.expires_at };
}

/** The live session of a token: not expired, and its key not revoked. */
export async function findSession(db: Kysely<Database>, token: string, now: number): Promise<ActiveSession | null> {
  const row = await db
    .selectFrom('console_sessions')
    .innerJoin('api_keys', 'api_keys.id', 'console_sessions.api_key_id')
    .innerJoin('workspaces', 'workspaces.id', 'api_keys.workspace_id')
    .select([
      'console_sessions.id as session_id',
      'console_sessions.expires_at',
      'api_keys.id',
      'api_keys.name',
      'api_keys.api_key',
      'api_keys.workspace_id',
      'api_keys.allowed_actions',
      'api_keys.allowed_ips',
      'workspaces.mode',
    ])
    .where('console_sessions.token_hash', '=', hashSecret(token))
    .where('console_sessions.expires_at', '>', now)
    .where('api_keys.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const { session_id, expires_at, ...key } = row;
  return { sessionId: session_id, expiresAt: Number(expires_at), key };
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('token_hash', '=', hashSecret(token)).execute();
}

/**
 * The console's CSRF token: a MAC of the session token under the master key, so it needs no storage,
 * differs per session, and cannot be computed by a page that cannot read the HttpOnly cookie.
 */
export function csrfToken(sealer: Sealer, sessionToken: string): string {
  return sealer.mac(`welink-console-csrf\n${sessionToken}`);
}

export function csrfMatches(sealer: Sealer, sessionToken: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length > 200) return false;
  const a = Buffer.from(csrfToken(sealer, sessionToken));
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
