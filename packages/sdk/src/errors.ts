/** One problem with one field of a request, as the API's VALIDATION_FAILED answers list them. */
export interface FieldProblem {
  field: string;
  problem: string;
}

/**
 * Codes the SDK raises itself, when there is no API answer to take a code from:
 * - `NETWORK_ERROR`: the server could not be reached, or the connection broke before an answer.
 * - `TIMEOUT`: an HTTP call took longer than `timeoutMs`, or `waitFor` gave up (`body` then holds
 *   the request's last envelope).
 * - `ABORTED`: the caller's `signal` aborted the call.
 * - `INVALID_RESPONSE`: the server answered something that is not the API's JSON.
 * - Action outcomes raised by `unwrap()`: the failure code (e.g. `PROFILE_NOT_FOUND`),
 *   `CANCELLED` or `PIN_REQUIRED`.
 * Every other code is the API's own (`VALIDATION_FAILED`, `RATE_LIMITED`, ...).
 */
export type ClientErrorCode = 'NETWORK_ERROR' | 'TIMEOUT' | 'ABORTED' | 'INVALID_RESPONSE';

export interface WelinkErrorInit {
  statusCode: number;
  code: string;
  message: string;
  retryAt?: Date | null;
  details?: FieldProblem[];
  body?: unknown;
  cause?: unknown;
}

/**
 * Every failure of a call: the API's error answer (`statusCode`, stable `code`, `message`), or a
 * client-side problem (then `statusCode` is 0 and `code` one of {@link ClientErrorCode}).
 */
export class WelinkError extends Error {
  override readonly name = 'WelinkError';
  /** The HTTP status, or 0 when no HTTP answer carries the error. */
  readonly statusCode: number;
  /** Stable, machine-readable: switch on this, not on `message`. */
  readonly code: string;
  /** For RATE_LIMITED (and other answers with Retry-After): when a new attempt can succeed. */
  readonly retryAt: Date | null;
  /** For VALIDATION_FAILED: which fields are wrong and why. */
  readonly details: FieldProblem[];
  /** The parsed answer body (or, for a `waitFor` TIMEOUT, the request's last envelope). */
  readonly body: unknown;

  constructor(init: WelinkErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.statusCode = init.statusCode;
    this.code = init.code;
    this.retryAt = init.retryAt ?? null;
    this.details = init.details ?? [];
    this.body = init.body;
  }
}
