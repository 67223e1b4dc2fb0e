import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/tables.ts';

/**
 * Tables of migration 004. Times are in the workspace's simulated time (real clock + the offset in
 * sandbox_clocks; 0 in live workspaces), so advancing a workspace's clock makes them due.
 */
export interface SandboxClocksTable {
  workspace_id: string;
  offset_ms: number;
  updated_at: number;
}

export type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'IGNORED' | 'WITHDRAWN';

export interface SandboxInvitationsTable {
  id: string;
  workspace_id: string;
  account_id: string;
  profile_id: string;
  /** SENT by the account, or RECEIVED from a world member. */
  direction: 'SENT' | 'RECEIVED';
  status: InvitationStatus;
  message: string | null;
  request_id: string | null;
  sent_at: number;
  /** What the invitee will do (ACCEPT, IGNORE) and when; null: nothing planned. */
  resolution: 'ACCEPT' | 'IGNORE' | null;
  resolves_at: number | null;
  resolved_at: number | null;
}

/** Connections gained (accepted invitations) or lost (disconnect) on top of the world's graph. */
export interface SandboxConnectionsTable {
  account_id: string;
  profile_id: string;
  workspace_id: string;
  state: 'CONNECTED' | 'REMOVED';
  changed_at: number;
}

export type ThreadKind = 'MEMBER' | 'INMAIL' | 'SALES_NAVIGATOR' | 'RECRUITER' | 'GROUP' | 'EVENT';

export interface SandboxThreadsTable {
  id: string;
  workspace_id: string;
  account_id: string;
  profile_id: string;
  kind: ThreadKind;
  subject: string | null;
  created_at: number;
  last_activity_at: number;
  unread_count: number;
}

export interface SandboxMessagesTable {
  id: string;
  thread_id: string;
  workspace_id: string;
  account_id: string;
  request_id: string | null;
  from_me: number;
  sender_profile_id: string;
  text: string;
  sent_at: number;
  /** For the account's own messages: when the contact replies (null: no reply planned or done). */
  reply_due_at: number | null;
}

/** The tables of migration 004 (the store's own Database type does not know them). */
export type SandboxTables = {
  sandbox_clocks: SandboxClocksTable;
  sandbox_invitations: SandboxInvitationsTable;
  sandbox_connections: SandboxConnectionsTable;
  sandbox_threads: SandboxThreadsTable;
  sandbox_messages: SandboxMessagesTable;
};

export type SandboxDatabase = Database & SandboxTables;
export type SDb = Kysely<SandboxDatabase>;
export type STrx = Transaction<SandboxDatabase>;

/** The store's handle, typed with the tables of migration 004 as well. */
export function sandboxDb(db: Kysely<Database>): SDb {
  return db.withTables<SandboxTables>();
}

/** A transaction of the store, typed with the tables of migration 004 as well. */
export function sandboxTrx(trx: Transaction<Database>): STrx {
  return trx.withTables<SandboxTables>();
}
