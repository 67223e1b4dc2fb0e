import type { Logger } from 'pino';
import type { GroupCommitter } from '../../store/group-commit.ts';
import type { Store } from '../../store/open.ts';
import type { Account } from '../../store/tables.ts';
import { advanceClock, snapshot } from './inspect.ts';
import { clockOffset } from './handler-context.ts';
import { contactWrites, processDue } from './scheduled-changes.ts';
import { sandboxDb } from './tables.ts';
import { activeTrackers, disableTracker } from '../../store/message-trackers.ts';

/**
 * What the API may ask of the simulated LinkedIn beyond running actions: inspection and simulated
 * time for integrators' tests (sandbox_state, sandbox_advance_time, sandbox_reply), and the reply
 * trackers. Built by the composition root and handed to the routes, so they never reach into the
 * sandbox's tables.
 */
export interface SandboxInspection {
  /** The account's simulated state (budgets, invitations, threads, trackers, effects...). */
  state(account: Account, now: number): Promise<Record<string, unknown>>;
  /** Moves the workspace's simulated clock by `byMs`; answers the new offset. */
  advanceClock(workspaceId: string, byMs: number, now: number): Promise<number>;
  /** The workspace's simulated-clock offset. */
  clockOffset(workspaceId: string): Promise<number>;
  /** Runs everything due by `now` (acceptances, replies, tracker polls); answers changes and events made. */
  simulate(now: number): Promise<{ changes: number; events: number }>;
  /** The contact of a thread writes now; false when the account has no such thread. */
  contactReplies(m: { accountId: string; threadId: string; text: string; at: number }, now: number): Promise<{ message_id: string } | false>;
}

/** Reply trackers (`track_reply`): listing and disabling. */
export interface ReplyTrackers {
  active(workspaceId: string, accountId: string): Promise<{ id: string; account_id: string; thread_id: string }[]>;
  disable(workspaceId: string, trackerId: string, now: number): Promise<'DISABLED' | 'NOT_FOUND' | { alreadyStopped: string }>;
}

export function createSandboxInspection(o: { store: Store; committer: GroupCommitter; seed: string; logger: Logger }): SandboxInspection {
  const db = sandboxDb(o.store.db);
  return {
    state: (account, now) => snapshot(o.store.db, o.seed, account, now),
    advanceClock: (workspaceId, byMs, now) => advanceClock(o.store.db, workspaceId, byMs, now),
    clockOffset: (workspaceId) => clockOffset(db, workspaceId),
    simulate: (now) => processDue({ store: o.store, committer: o.committer, seed: o.seed, logger: o.logger }, now),
    contactReplies: (m, now) => o.committer.run(m.accountId, (trx) => contactWrites(trx, o.seed, now, m)),
  };
}

export function createReplyTrackers(o: { store: Store }): ReplyTrackers {
  const db = o.store.db;
  return {
    active: (workspaceId, accountId) => activeTrackers(db, workspaceId, accountId),
    async disable(workspaceId, trackerId, now) {
      const r = await disableTracker(db, workspaceId, trackerId, now);
      if (r !== 'ALREADY_STOPPED') return r;
      const row = await db.selectFrom('message_trackers').select('status').where('id', '=', trackerId).executeTakeFirstOrThrow();
      return { alreadyStopped: row.status };
    },
  };
}
