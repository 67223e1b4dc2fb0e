import type { Transaction } from 'kysely';
import { newId } from '../lib/ids.ts';
import { serializeOn } from '../store/locks.ts';
import type { Database } from '../store/tables.ts';
import type { Endpoint } from './queue.ts';

/**
 * Webhook endpoints' changes, one small statement each. The per-workspace cap is counted and written
 * under one lock per workspace, so concurrent creations through several processes cannot pass it.
 */

type Trx = Transaction<Database>;

/** At most this many endpoints per workspace: every event fans out to each of them. */
export const MAX_ENDPOINTS = 50;

export async function createEndpoint(
  trx: Trx,
  o: { workspaceId: string; url: string; events: string[] | null; description: string | null; sealedSecret: string; now: number },
): Promise<{ ok: true; endpoint: Endpoint } | { ok: false; limit: number }> {
  await serializeOn(trx, `webhooks:${o.workspaceId}`);
  const count = await trx.selectFrom('webhook_endpoints').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', o.workspaceId).executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_ENDPOINTS) return { ok: false, limit: MAX_ENDPOINTS };
  const endpoint: Endpoint = {
    id: newId('whk', o.now),
    workspace_id: o.workspaceId,
    url: o.url,
    description: o.description,
    events: o.events ? JSON.stringify(o.events) : null,
    enabled: 1,
    disabled_reason: null,
    secret: o.sealedSecret,
    previous_secret: null,
    previous_secret_expires_at: null,
    failing_since: null,
    created_at: o.now,
    updated_at: o.now,
    next_due_at: null,
    last_served_at: 0,
  };
  await trx.insertInto('webhook_endpoints').values(endpoint).execute();
  return { ok: true, endpoint };
}

/** Changes the URL, filter, description or enabled flag; enabling clears why welink disabled it. */
export async function updateEndpoint(
  trx: Trx,
  before: Endpoint,
  change: { url?: string; events?: string[] | null; description?: string | null; enabled?: boolean },
  now: number,
): Promise<void> {
  const patch: Partial<Endpoint> = { updated_at: now };
  if (change.url !== undefined) patch.url = change.url;
  if (change.events !== undefined) patch.events = change.events === null ? null : JSON.stringify(change.events);
  if (change.description !== undefined) patch.description = change.description;
  // Enabled again: its pending deliveries are due now (the claim finds the exact time).
  if (change.enabled === true) Object.assign(patch, { enabled: 1, disabled_reason: null, failing_since: null, next_due_at: now });
  if (change.enabled === false && before.enabled === 1) Object.assign(patch, { enabled: 0, disabled_reason: 'Disabled with update_webhook.' });
  await trx.updateTable('webhook_endpoints').set(patch).where('id', '=', before.id).execute();
}

/** The endpoint goes; its pending deliveries fail (ENDPOINT_DELETED); the delivery log stays. */
export async function deleteEndpoint(trx: Trx, endpointId: string, now: number): Promise<void> {
  await trx.deleteFrom('webhook_endpoints').where('id', '=', endpointId).execute();
  await trx
    .updateTable('webhook_deliveries')
    .set({ status: 'FAILED', finished_at: now, lease_until: null, last_error: 'ENDPOINT_DELETED: the endpoint was deleted.' })
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'PENDING')
    .execute();
}

/** A new signing secret; the previous one keeps signing until `previousExpiresAt` (null: not at all). */
export async function rotateEndpointSecret(trx: Trx, e: Endpoint, sealedSecret: string, previousExpiresAt: number | null, now: number): Promise<void> {
  await trx
    .updateTable('webhook_endpoints')
    .set({ secret: sealedSecret, previous_secret: previousExpiresAt === null ? null : e.secret, previous_secret_expires_at: previousExpiresAt, updated_at: now })
    .where('id', '=', e.id)
    .execute();
}
