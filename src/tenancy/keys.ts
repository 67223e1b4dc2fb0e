import type { Kysely } from 'kysely';
import { newId } from '../lib/ids.ts';
import { randomToken } from '../lib/random.ts';
import { hashSecret } from '../lib/secrets.ts';
import type { Database } from '../store/tables.ts';

export interface CreatedKey {
  workspaceId: string;
  apiKey: string;
  apiSecret: string;
}

export interface KeyRestrictions {
  allowedActions?: string[];
  allowedIps?: string[];
}

/**
 * Workspaces and their credential pairs. The secret is returned once, here, and stored only as a
 * hash; the key is public and carries a prefix so leaked keys are easy to spot in logs and code.
 */
export async function createKey(
  db: Kysely<Database>,
  opts: { name: string; workspaceId?: string; mode?: 'sandbox' | 'live'; now: number } & KeyRestrictions,
): Promise<CreatedKey | { error: string }> {
  return db.transaction().execute(async (trx) => {
    let workspaceId = opts.workspaceId;
    if (workspaceId) {
      const ws = await trx.selectFrom('workspaces').select(['id', 'mode']).where('id', '=', workspaceId).executeTakeFirst();
      if (!ws) return { error: `No workspace ${workspaceId}.` };
      if (opts.mode && opts.mode !== ws.mode) return { error: `Workspace ${workspaceId} is in ${ws.mode} mode; a workspace's mode does not change.` };
    } else {
      workspaceId = newId('ws', opts.now);
      await trx.insertInto('workspaces').values({ id: workspaceId, name: opts.name, mode: opts.mode ?? 'sandbox', event_seq: 0, created_at: opts.now }).execute();
    }
    const apiKey = `wl_key_${randomToken(18)}`;
    const apiSecret = `wl_secret_${randomToken(32)}`;
    await trx
      .insertInto('api_keys')
      .values({
        id: newId('key', opts.now),
        workspace_id: workspaceId,
        name: opts.name,
        api_key: apiKey,
        secret_hash: hashSecret(apiSecret),
        allowed_actions: opts.allowedActions ? JSON.stringify(opts.allowedActions) : null,
        allowed_ips: opts.allowedIps ? JSON.stringify(opts.allowedIps) : null,
        created_at: opts.now,
        revoked_at: null,
      })
      .execute();
    return { workspaceId, apiKey, apiSecret };
  });
}

export async function listKeys(db: Kysely<Database>, workspaceId?: string) {
  let q = db
    .selectFrom('api_keys')
    .innerJoin('workspaces', 'workspaces.id', 'api_keys.workspace_id')
    .select(['api_keys.api_key', 'api_keys.name', 'api_keys.workspace_id', 'workspaces.mode', 'api_keys.created_at', 'api_keys.revoked_at', 'api_keys.allowed_actions', 'api_keys.allowed_ips'])
    .orderBy('api_keys.created_at');
  if (workspaceId) q = q.where('api_keys.workspace_id', '=', workspaceId);
  const rows = await q.execute();
  return rows.map((r) => ({
    apiKey: r.api_key,
    name: r.name,
    workspaceId: r.workspace_id,
    mode: r.mode,
    createdAt: new Date(Number(r.created_at)).toISOString(),
    revokedAt: r.revoked_at ? new Date(Number(r.revoked_at)).toISOString() : null,
    allowedActions: r.allowed_actions ? JSON.parse(r.allowed_actions) : null,
    allowedIps: r.allowed_ips ? JSON.parse(r.allowed_ips) : null,
  }));
}

export async function revokeKey(db: Kysely<Database>, apiKey: string, now: number): Promise<boolean> {
  const r = await db.updateTable('api_keys').set({ revoked_at: now }).where('api_key', '=', apiKey).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Revokes a key of one workspace (the API's revoke_api_key) and ends the console sessions opened
 * with it, in one transaction. False when the workspace has no such key; revoking twice is a no-op.
 */
export async function revokeWorkspaceKey(db: Kysely<Database>, workspaceId: string, apiKey: string, now: number): Promise<{ revokedAt: number } | null> {
  return db.transaction().execute(async (trx) => {
    const key = await trx.selectFrom('api_keys').select(['id', 'revoked_at']).where('api_key', '=', apiKey).where('workspace_id', '=', workspaceId).executeTakeFirst();
    if (!key) return null;
    if (key.revoked_at !== null) return { revokedAt: Number(key.revoked_at) };
    await trx.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', key.id).where('revoked_at', 'is', null).execute();
    await trx.deleteFrom('console_sessions').where('api_key_id', '=', key.id).execute();
    return { revokedAt: now };
  });
}
