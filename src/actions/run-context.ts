/** What a provider gets to run one action: the account (secrets opened) and the request. */
export interface RunContext {
  account: AccountContext;
  requestId: string;
  now: number;
  /** Merges into the account's sealed secrets (a new session cookie after login, for instance). */
  saveSecrets(patch: Partial<AccountSecrets>): Promise<void>;
}

/** The account an action runs for, with its secrets opened. */
export interface AccountContext {
  id: string;
  workspaceId: string;
  email: string;
  premium: boolean;
  /** The account's own LinkedIn profile, once logged in. */
  profile: Record<string, unknown> | null;
  secrets: AccountSecrets;
  proxy: Record<string, unknown> | null;
  /** The account's IANA time zone when its settings name one (the live provider's browser reports it). */
  timezone?: string | null;
}

/** Sealed at rest; a provider keeps its own session state here (cookies, a pending PIN challenge). */
export interface AccountSecrets {
  password?: string;
  cookies?: Record<string, string>;
  userAgent?: string;
  [k: string]: unknown;
}
