import type { Kysely } from 'kysely';
import { newId } from '../../lib/ids.ts';
import type { Database } from '../../store/tables.ts';

/**
 * The sandbox's record of what it "did" on LinkedIn, one durable row per side effect, keyed by the
 * request that caused it. It is what makes a crash test meaningful: after a kill and a restart, each
 * accepted request's effect must be here exactly once.
 */
export class SandboxEffects {
  constructor(private readonly db: Kysely<Database>) {}

  async record(e: { workspaceId: string; accountId: string; requestId: string | null; kind: string; target: string | null; payload: unknown; now: number }): Promise<string> {
    const id = newId('sfx', e.now);
    await this.db
      .insertInto('sandbox_effects')
      .values({
        id,
        workspace_id: e.workspaceId,
        account_id: e.accountId,
        request_id: e.requestId,
        kind: e.kind,
        target: e.target,
        payload: JSON.stringify(e.payload),
        created_at: e.now,
      })
      .execute();
    return id;
  }

  async byRequest(requestId: string, kind: string): Promise<{ id: string; payload: unknown; created_at: number } | undefined> {
    const row = await this.db
      .selectFrom('sandbox_effects')
      .select(['id', 'payload', 'created_at'])
      .where('request_id', '=', requestId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return row ? { id: row.id, payload: JSON.parse(row.payload), created_at: Number(row.created_at) } : undefined;
  }
}
