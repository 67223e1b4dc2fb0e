import { newId } from '../../lib/ids.ts';
import type { SDb, STrx } from './tables.ts';

/**
 * The sandbox's record of what it "did" on LinkedIn, one durable row per side effect, keyed by the
 * request that caused it. It is what makes a crash test meaningful: after a kill and a restart, each
 * accepted request's effect must be here exactly once; and it is how verify tells whether an
 * interrupted run already acted.
 */
export async function recordEffect(
  db: SDb | STrx,
  e: {
    workspaceId: string;
    accountId: string;
    requestId: string | null;
    kind: string;
    target: string | null;
    payload: unknown;
    /** Simulated time: when LinkedIn saw it (budgets count in it). */
    now: number;
    /** Engine time: the id's time. Ids are ordered across tenants, so one tenant's simulated clock must not move them. */
    realNow: number;
  },
): Promise<string> {
  const id = newId('sfx', e.realNow);
  await db
    .insertInto('sandbox_effects')
    .values({ id, workspace_id: e.workspaceId, account_id: e.accountId, request_id: e.requestId, kind: e.kind, target: e.target, payload: JSON.stringify(e.payload), created_at: e.now })
    .execute();
  return id;
}

/** The result recorded with the effect of this request, if it had one. */
export async function effectOfRequest(db: SDb, requestId: string): Promise<{ result: unknown } | undefined> {
  const row = await db.selectFrom('sandbox_effects').select('payload').where('request_id', '=', requestId).executeTakeFirst();
  return row ? { result: JSON.parse(row.payload) } : undefined;
}
