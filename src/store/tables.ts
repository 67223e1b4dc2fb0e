import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table shapes shared by both dialects. Portable column types only: text, integer/bigint (times are
 * milliseconds since the epoch), JSON as text, booleans as 0/1.
 */
export interface WorkspacesTable {
  id: string;
  name: string;
  mode: 'sandbox' | 'live';
  event_seq: number;
  created_at: number;
}

export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  name: string;
  /** The public key itself (`wl_key_...`); unique. */
  api_key: string;
  secret_hash: string;
  /** JSON array of operation names, or null for all. */
  allowed_actions: string | null;
  /** JSON array of IPs / CIDRs, or null for any. */
  allowed_ips: string | null;
  created_at: number;
  revoked_at: number | null;
}

export type AccountStatus = 'CONNECTING' | 'PIN_REQUIRED' | 'ACTIVE' | 'PAUSED' | 'LOGIN_FAILED' | 'DISCONNECTED';

export interface AccountsTable {
  id: string;
  workspace_id: string;
  email: string;
  status: AccountStatus;
  /** Why the account is paused or failed (a stable code such as SESSION_EXPIRED). */
  status_reason: string | null;
  /** JSON: the account's own LinkedIn profile (first_name, last_name, profile_id, ...). */
  profile: string | null;
  /** Sealed JSON: password, cookies. Never logged, never returned. */
  secrets: string | null;
  /** Sealed JSON proxy settings. */
  proxy: string | null;
  premium: number;
  timezone: string | null;
  /** JSON `{ "start": "09:00", "end": "18:00", "days": [1,2,3,4,5] }` or null for always. */
  active_hours: string | null;
  /** The lane may start its next action at or after this time (pacing, budgets). */
  next_run_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  /** Increments per accepted request: the lane's order. */
  next_seq: number;
  created_at: number;
  updated_at: number;
  /** An account-wide hold (LinkedIn answered 429 or 999): no call of any kind before this. */
  hold_until: number | null;
  /** Why the account is held (LINKEDIN_THROTTLED, LINKEDIN_BOT_SUSPICION). */
  hold_reason: string | null;
  /** JSON `{ "<category>": { "until": ms, "reason": "CODE" } }`: categories LinkedIn refused for a while. */
  category_holds: string | null;
  /** JSON of the owner's budget caps per category, overriding the defaults; null for the defaults. */
  budgets: string | null;
  /** When the account first became ACTIVE (the ramp-up of a new account counts from here). */
  activated_at: number | null;
  /** Live accounts: when the next sync (new messages, accepted invitations) is due; null: at once. */
  next_sync_at: number | null;
  /** Live accounts: JSON `{ "inbox": ms, "accepted": ms }`, how far the sync has read LinkedIn. */
  sync_cursor: string | null;
}

export type RequestState = 'QUEUED' | 'RUNNING' | 'SUCCESS' | 'FAILED' | 'CANCELLED' | 'PIN_REQUIRED';

export interface RequestsTable {
  id: string;
  workspace_id: string;
  account_id: string;
  action: string;
  /** JSON of the validated body (secrets such as passwords sealed inside). */
  input: string;
  status: RequestState;
  result: string | null;
  error_code: string | null;
  error_message: string | null;
  lane_seq: number;
  attempts: number;
  lease_owner: string | null;
  lease_until: number | null;
  /** Set (and committed) just before a side-effecting provider call: after a crash, check first. */
  effect_started_at: number | null;
  /** Budget waits: the request may not start before this. */
  not_before: number;
  accepted_at: number;
  started_at: number | null;
  finished_at: number | null;
  api_key_id: string | null;
  /** The worker (lease owner id) that last ran the request; null until it starts. */
  ran_by: string | null;
}

export interface IdempotencyKeysTable {
  workspace_id: string;
  key: string;
  fingerprint: string;
  status_code: number;
  response: string;
  request_id: string | null;
  created_at: number;
  expires_at: number;
}

export interface EventsTable {
  id: string;
  workspace_id: string;
  /**
   * Per-workspace, gap-free order. Null on PostgreSQL until the committed event is stamped
   * (store/event-seq.ts); readers of the log see stamped events only.
   */
  seq: number | null;
  account_id: string | null;
  request_id: string | null;
  type: string;
  /** JSON of the We-Link envelope without hash. */
  payload: string;
  created_at: number;
}

export interface WebhookEndpointsTable {
  id: string;
  workspace_id: string;
  url: string;
  description: string | null;
  /** JSON array of event types, or null for all. */
  events: string | null;
  enabled: number;
  disabled_reason: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  failing_since: number | null;
  created_at: number;
  updated_at: number;
  /** When the endpoint may next have a delivery to attempt; null when none is pending. A hint that may be early, never late. */
  next_due_at: number | null;
  /** When the dispatcher last claimed for it: endpoints are served least recently served first. */
  last_served_at: ColumnType<number, number | undefined, number>;
}

export type DeliveryState = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface WebhookDeliveriesTable {
  id: string;
  workspace_id: string;
  endpoint_id: string;
  event_id: string;
  request_id: string | null;
  event_type: string;
  status: DeliveryState;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  finished_at: number | null;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  workspace_id: string;
  attempted_at: number;
  duration_ms: number;
  status_code: number | null;
  outcome: string;
  excerpt: string | null;
}

/** Every hold an account was put under (the account-wide ones escalate on repeats within a day). */
export interface AccountHoldsTable {
  id: string;
  workspace_id: string;
  account_id: string;
  /** `account`, or the budget category held (`invitations`, ...). */
  scope: string;
  reason: string;
  request_id: string | null;
  started_at: number;
  /** Null when the hold became a pause (the owner resumes it). */
  until: number | null;
}

/** One row per action that spent a budget category of an account: welink's own budgets count these. */
export interface BudgetSpendTable {
  id: string;
  account_id: string;
  category: string;
  request_id: string | null;
  at: number;
}

/**
 * Reply tracking (track_reply): until the contact replies or it is disabled. The sandbox polls it
 * every `frequency_ms` of simulated time; a live account's sync checks every inbound message.
 */
export interface MessageTrackersTable {
  id: string;
  workspace_id: string;
  account_id: string;
  thread_id: string;
  request_id: string | null;
  status: 'ACTIVE' | 'REPLIED' | 'DISABLED';
  frequency_ms: number;
  /** A reply is a contact message sent after this instant. */
  since: number;
  next_poll_at: number;
  reply_message_id: string | null;
  created_at: number;
  stopped_at: number | null;
}

/** Ids a live account's sync already turned into an event: each event once. */
export interface SyncSeenTable {
  account_id: string;
  /** `message` (a message id) or `connection` (a profile id). */
  kind: string;
  key: string;
  seen_at: number;
}

export interface Database {
  workspaces: WorkspacesTable;
  api_keys: ApiKeysTable;
  accounts: AccountsTable;
  account_holds: AccountHoldsTable;
  budget_spend: BudgetSpendTable;
  message_trackers: MessageTrackersTable;
  sync_seen: SyncSeenTable;
  requests: RequestsTable;
  idempotency_keys: IdempotencyKeysTable;
  events: EventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  sandbox_effects: SandboxEffectsTable;
  sandbox_state: SandboxStateTable;
  console_sessions: ConsoleSessionsTable;
  connect_links: ConnectLinksTable;
  linkedin_query_ids: LinkedinQueryIdsTable;
}

/** Side effects done in the simulated LinkedIn, one row each: what the sandbox "did". */
export interface SandboxEffectsTable {
  id: string;
  workspace_id: string;
  account_id: string;
  request_id: string | null;
  kind: string;
  target: string | null;
  payload: string;
  created_at: number;
}

/** Mutable simulated-LinkedIn state per account (invitations, threads, budgets...), JSON by key. */
export interface SandboxStateTable {
  account_id: string;
  key: string;
  value: string;
  updated_at: number;
}

export type Workspace = Selectable<WorkspacesTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type Account = Selectable<AccountsTable>;
export type RequestRow = Selectable<RequestsTable>;
export type NewRequest = Insertable<RequestsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type EventRow = Selectable<EventsTable>;
export type Unused = Generated<number>;

/** A signed-in operator console: acts as the API key it was opened with (see console/sessions.ts). */
export interface ConsoleSessionsTable {
  id: string;
  /** SHA-256 of the session token; the token itself is only in the browser's HttpOnly cookie. */
  token_hash: string;
  workspace_id: string;
  api_key_id: string;
  created_at: number;
  expires_at: number;
}

/** A one-time hosted connection link (see connect-links/links.ts). */
export interface ConnectLinksTable {
  id: string;
  /** SHA-256 of the link token; the token is only in the URL given to the integrator. */
  token_hash: string;
  workspace_id: string;
  /** The key that created the link: its revocation ends the link. */
  api_key_id: string;
  /** The account to reconnect, or null to connect a new one. */
  account_id: string | null;
  /** Where the owner's browser goes after a successful connection. */
  redirect_url: string | null;
  created_at: number;
  expires_at: number;
  /** Submissions so far; the compare-and-set on it keeps two submissions from running at once. */
  attempts: number;
  /** The latest login_v2 request started from the link. */
  request_id: string | null;
  /** Why the latest synchronous attempt (cookies) failed: `CODE: message`. */
  last_error: string | null;
  /** Set once, when the connection succeeds: the link is used. */
  connected_at: number | null;
  connected_account_id: string | null;
}

export type ConsoleSession = Selectable<ConsoleSessionsTable>;
export type ConnectLink = Selectable<ConnectLinksTable>;

/**
 * The deployment's own LinkedIn query ids, decorations and web client version (see
 * providers/live/query-ids.ts): each row overrides the shipped default of its key.
 */
export interface LinkedinQueryIdsTable {
  /** A key of QueryIds (`messengerMessages`, `profileDecoration`, …). */
  key: string;
  value: string;
  /** Where it came from, e.g. `har:linkedin.har 2026-12-01T10:00:00Z`. */
  source: string;
  updated_at: number;
}
