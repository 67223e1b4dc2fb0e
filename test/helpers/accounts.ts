import type { Kysely } from 'kysely';
import { newId } from '../../src/lib/ids.ts';
import type { Database } from '../../src/store/tables.ts';

/**
 * An ACTIVE sandbox account written straight into the store, without a login: nothing else (no
 * login_v2 request) counts against its hourly window. Answers its id.
 */
export async function insertActiveAccount(db: Kysely<Database>, workspaceId: string, email?: string): Promise<string> {
  const now = Date.now();
  const id = newId('acc', now);
  await db
    .insertInto('accounts')
    .values({
      id,
      workspace_id: workspaceId,
      email: email ?? `${id}@example.com`,
      status: 'ACTIVE',
      status_reason: null,
      profile: null,
      secrets: null,
      proxy: null,
      premium: 0,
      timezone: null,
      active_hours: null,
      next_run_at: 0,
      lease_owner: null,
      lease_until: null,
      next_seq: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}
