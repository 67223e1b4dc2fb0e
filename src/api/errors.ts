import { STATUS_CODES } from 'node:http';
import { Type } from '@sinclair/typebox';

/**
 * The closed catalogue of API error codes. Each code has one HTTP status; the message is a default
 * that a thrower may make more specific. Codes are stable: clients switch on them.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, message: 'The request body is not valid.' },
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  ACCOUNT_NOT_ACTIVE: { status: 400, message: 'Linked account not active' },
  UNAUTHORIZED: { status: 401, message: 'Missing or invalid x-api-key / x-api-secret headers.' },
  ACTION_NOT_ALLOWED: { status: 403, message: 'This API key may not call this operation.' },
  IP_NOT_ALLOWED: { status: 403, message: 'This API key may not be used from this address.' },
  CSRF_REJECTED: { status: 403, message: 'Console calls must come from the console itself, with its x-csrf-token header.' },
  ACCOUNT_LIMIT_REACHED: { status: 403, message: 'This workspace has reached its limit of LinkedIn accounts (WELINK_MAX_ACCOUNTS_PER_WORKSPACE); disconnect one or ask the operator to raise the limit.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such endpoint.' },
  ACCOUNT_NOT_FOUND: { status: 404, message: 'No LinkedIn account with this accountId in this workspace.' },
  REQUEST_NOT_FOUND: { status: 404, message: 'No request with this id in this workspace.' },
  WEBHOOK_NOT_FOUND: { status: 404, message: 'No webhook endpoint with this id in this workspace.' },
  DELIVERY_NOT_FOUND: { status: 404, message: 'No webhook delivery with this id in this workspace.' },
  TRACKER_NOT_FOUND: { status: 404, message: 'No message tracker with this id in this workspace.' },
  API_KEY_NOT_FOUND: { status: 404, message: 'No API key with this value in this workspace.' },
  CONNECT_LINK_NOT_FOUND: { status: 404, message: 'This connection link does not exist or was withdrawn.' },
  SANDBOX_ONLY: { status: 404, message: 'This operation exists only in sandbox workspaces.' },
  LIVE_ONLY: { status: 404, message: 'This operation exists only in live workspaces.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'This endpoint does not accept this method.' },
  NOT_ACCEPTABLE: { status: 406, message: 'Only application/json responses are available.' },
  IDEMPOTENCY_KEY_IN_USE: { status: 409, message: 'A request with this Idempotency-Key is still being accepted.' },
  REQUEST_NOT_CANCELLABLE: { status: 409, message: 'Only a queued request can be cancelled.' },
  ACCOUNT_STATE_CONFLICT: { status: 409, message: 'The account is not in a state that allows this.' },
  ACCOUNT_HELD: { status: 409, message: 'LinkedIn pushed back on this account (HTTP 429 or 999): welink sends nothing to LinkedIn for it, a session check included, until the hold ends (retryAt).' },
  CONNECT_LINK_BUSY: { status: 409, message: 'A connection through this link is already in progress.' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request was not received in time.' },
  CONNECT_LINK_EXPIRED: { status: 410, message: 'This connection link has expired.' },
  CONNECT_LINK_USED: { status: 410, message: 'This connection link has already been used.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is larger than 1 MiB.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the body as application/json.' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: 'This Idempotency-Key was already used with a different request.' },
  LINKEDIN_SESSION_INVALID: { status: 422, message: 'LinkedIn did not accept this session.' },
  PROXY_REFUSED: { status: 422, message: 'welink does not use this proxy (a private or loopback address without WELINK_PROXY_ALLOW_PRIVATE, or an unsupported kind).' },
  WEBHOOK_URL_INVALID: { status: 422, message: 'The webhook URL is not valid.' },
  WEBHOOK_URL_FORBIDDEN: { status: 422, message: 'The webhook URL points to a private or internal address.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests.' },
  LOGIN_RATE_LIMITED: { status: 429, message: 'Too many credential logins for this account in the last hour.' },
  HEADERS_TOO_LARGE: { status: 431, message: 'Request headers are too large.' },
  LINKEDIN_UNREACHABLE: { status: 502, message: 'LinkedIn could not be reached to check the session. Try again.' },
  PROXY_UNREACHABLE: { status: 502, message: 'The proxy could not be reached, or it would not open a tunnel to LinkedIn.' },
  INTERNAL_ERROR: { status: 500, message: 'Something went wrong on our side. It has been logged.' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'The service is temporarily unavailable (database unreachable). Retry shortly.' },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

export interface FieldProblem {
  field: string;
  problem: string;
}

/** An API error as a value: thrown by route code and turned into the one error body by the handler. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly extra: { details?: FieldProblem[]; headers?: Record<string, string>; fields?: Record<string, unknown> } = {},
  ) {
    super(message ?? errorCatalogue[code].message);
    this.status = errorCatalogue[code].status;
  }
}

export function errorBody(code: ErrorCode, message: string, extra: ApiError['extra'] = {}): Record<string, unknown> {
  const status = errorCatalogue[code].status;
  return {
    statusCode: status,
    error: STATUS_CODES[status] ?? 'Error',
    code,
    message,
    ...(extra.details ? { details: extra.details } : {}),
    ...(extra.fields ?? {}),
  };
}

/** The error body as a schema, for the OpenAPI document. */
export const ErrorBodySchema = Type.Object(
  {
    statusCode: Type.Integer({ description: 'HTTP status, repeated (We-Link / NestJS style).' }),
    error: Type.String({ description: 'HTTP reason phrase.' }),
    code: Type.String({ description: 'Stable machine-readable code.', enum: Object.keys(errorCatalogue) }),
    message: Type.String({ description: 'Human-readable explanation.' }),
    details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), problem: Type.String() }))),
    retryAt: Type.Optional(Type.String({ format: 'date-time', description: 'RATE_LIMITED: when the next slot opens. ACCOUNT_HELD: when the hold ends.' })),
  },
  { $id: 'Error', title: 'Error' },
);
