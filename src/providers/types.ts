/**
 * What every LinkedIn provider (the sandbox, the live one) returns. Expected outcomes are values;
 * a provider throws only for infrastructure trouble (network, timeouts), as ProviderError.
 */
export type Outcome<R> =
  | { ok: true; result: R }
  | {
      ok: false;
      /** Stable code, e.g. PROFILE_NOT_FOUND, NOT_CONNECTED, WEEKLY_INVITATION_LIMIT. */
      code: string;
      message: string;
      /** The account cannot act until it is reconnected (SESSION_EXPIRED, CHECKPOINT_REQUIRED): pause, don't fail. */
      pauseAccount?: boolean;
      /** A LinkedIn budget is spent: the request waits until then instead of failing. */
      retryAt?: number;
      /** Extra fields for the failure payload (e.g. profile_id). */
      result?: Record<string, unknown>;
    };

/** Whether a side effect already happened, asked after a crash before running an action again. */
export type Verification<R> = { happened: true; result: R } | { happened: false };

export class ProviderError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
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
}

export interface AccountSecrets {
  password?: string;
  cookies?: Record<string, string>;
  userAgent?: string;
  [k: string]: unknown;
}

export interface RunContext {
  account: AccountContext;
  requestId: string;
  now: number;
  /** Merges into the account's sealed secrets (a new session cookie after login, for instance). */
  saveSecrets(patch: Partial<AccountSecrets>): Promise<void>;
}

/**
 * A provider is a table of handlers, one per action name, plus verifications for the
 * side-effecting ones. The action catalogue (actions/catalogue.ts) types both tables.
 */
export interface ProviderHandlers {
  run: Record<string, (ctx: RunContext, input: any) => Promise<Outcome<any>>>;
  verify: Record<string, (ctx: RunContext, input: any) => Promise<Verification<any>>>;
}
