import type { Action } from '../actions/catalogue.ts';
import type { RequestRow } from '../store/tables.ts';
import type { EventType } from './catalogue.ts';

/**
 * The We-Link envelope of a request's outcome, shared by get_response and the webhook (which adds
 * `hash`). Both spellings of the request id are present because We-Link's own pages use both;
 * `status` is SUCCESS, the failure code (We-Link style: PROFILE_NOT_FOUND...), PIN_REQUIRED, or the
 * queue state while unfinished; `state` is always the plain lifecycle state.
 */
export function requestEnvelope(req: RequestRow, action: Action | undefined): Record<string, unknown> {
  const base = {
    event: eventType(req, action),
    event_type: `/api/v1/${req.action}`,
    status: req.status === 'FAILED' ? (req.error_code ?? 'FAILED') : req.status,
    state: req.status,
    requestId: req.id,
    request_id: req.id,
    accountId: req.account_id,
  };
  switch (req.status) {
    case 'SUCCESS':
      return { ...base, result: req.result ? JSON.parse(req.result) : {}, message: null };
    case 'FAILED':
      return {
        ...base,
        error: req.error_code ?? 'FAILED',
        message: req.error_message ?? 'The action failed.',
        ...(req.result ? { result: JSON.parse(req.result) } : {}),
      };
    case 'PIN_REQUIRED':
      return { ...base, message: 'Please provide the verification code sent to the user' };
    case 'CANCELLED':
      return { ...base, message: 'The request was cancelled before it ran.' };
    default:
      return { ...base, result: null, message: req.status === 'RUNNING' ? 'The action is running.' : 'The action is queued.' };
  }
}

export function eventType(req: Pick<RequestRow, 'status'>, action: Action | undefined): EventType | null {
  if (!action) return null;
  if (req.status === 'SUCCESS') return action.events.success;
  if (req.status === 'FAILED') return action.events.failure;
  if (req.status === 'PIN_REQUIRED') return 'LOGIN_PIN_REQUIRED';
  if (req.status === 'CANCELLED') return 'REQUEST_CANCELLED';
  return null;
}
