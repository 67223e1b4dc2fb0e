import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { operationTable, WelinkError, type Envelope, type OperationName, type Welink } from '@welink/sdk';
import { WAIT_DEFAULT_SECONDS, WAIT_MAX_SECONDS, type ToolSpec } from './tools.ts';

/** Unexpected failures (bugs) are reported here, in full; the agent only gets a generic INTERNAL_ERROR. */
export type ErrorLog = (err: unknown, tool: string) => void;

function answer(value: unknown): CallToolResult {
  const structured = value !== null && typeof value === 'object' && !Array.isArray(value) ? { structuredContent: value as Record<string, unknown> } : {};
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], ...structured };
}

/** A tool error carrying the API's error body: statusCode, code, message (and details, retryAt when there are). */
function failure(e: { statusCode: number; code: string; message: string; details?: unknown[]; retryAt?: Date | null }): CallToolResult {
  const body = {
    statusCode: e.statusCode,
    code: e.code,
    message: e.message,
    ...(e.details && e.details.length > 0 ? { details: e.details } : {}),
    ...(e.retryAt ? { retryAt: e.retryAt.toISOString() } : {}),
  };
  return { isError: true, content: [{ type: 'text', text: JSON.stringify(body, null, 2) }], structuredContent: body };
}

function invalid(message: string, field: string, problem: string): CallToolResult {
  return failure({ statusCode: 400, code: 'VALIDATION_FAILED', message, details: [{ field, problem }] });
}

/**
 * Runs one tool call through the API with the caller's credentials (the SDK client given), so
 * validation, tenancy, idempotency and limits are the API's own. API errors become tool errors with
 * the API's code and message; nothing else (no stack, no internals) leaves.
 */
export async function callTool(welink: Welink, spec: ToolSpec, args: Record<string, unknown>, signal: AbortSignal, log: ErrorLog): Promise<CallToolResult> {
  try {
    if (spec.operation === null) return await waitForResult(welink, args, signal);
    const op = operationTable[spec.operation as OperationName];
    // Path parameters never reach the API's body validation: check them here, the way it would.
    for (const p of 'pathParams' in op ? op.pathParams : []) {
      if (typeof args[p] !== 'string' || args[p] === '') return invalid(`Invalid request: ${p} is required.`, p, 'is required');
    }
    return answer(await welink.request(spec.operation as OperationName, args as never, { signal }));
  } catch (err) {
    if (err instanceof WelinkError && err.code === 'ABORTED') {
      return failure({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'The call was cancelled: the MCP server is shutting down or the client went away. Call again.' });
    }
    if (err instanceof WelinkError) return failure(err);
    log(err, spec.tool.name);
    return failure({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side. It has been logged.' });
  }
}

async function waitForResult(welink: Welink, args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult> {
  const id = args.request_id;
  if (typeof id !== 'string' || id.length === 0 || id.length > 100) {
    return invalid('Invalid arguments: request_id is required (the requestId of an acknowledgement).', 'request_id', 'is required');
  }
  const seconds = args.timeout_seconds ?? WAIT_DEFAULT_SECONDS;
  if (typeof seconds !== 'number' || !(seconds >= 1 && seconds <= WAIT_MAX_SECONDS)) {
    return invalid(`Invalid arguments: timeout_seconds must be a number from 1 to ${WAIT_MAX_SECONDS}.`, 'timeout_seconds', `must be from 1 to ${WAIT_MAX_SECONDS}`);
  }
  try {
    return answer({ finished: true, ...(await welink.waitFor(id, { timeoutMs: seconds * 1000, signal })) });
  } catch (err) {
    if (!(err instanceof WelinkError) || err.code !== 'TIMEOUT' || err.body === null || typeof err.body !== 'object') throw err;
    const last = err.body as Envelope;
    return answer({ finished: false, ...last, note: `Still ${last.state} after ${seconds} s: call wait_for_result again.` });
  }
}
