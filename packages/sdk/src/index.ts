/**
 * @welink/sdk: a typed client for the welink API (a self-hostable implementation of We-Link).
 *
 *   const welink = new Welink({ baseUrl, apiKey, apiSecret });
 *   const ack = await welink.connect({ accountId, profile_id });
 *   const outcome = await welink.waitFor(ack);          // typed by the action
 *   for await (const e of welink.events({ after })) ... // the ordered event log
 *   const event = verifyWebhook(rawBody, headers, secret);
 */
export { Welink, unwrap, SDK_VERSION, type WelinkOptions, type RequestOptions } from './client.js';
export { WelinkError, type ClientErrorCode, type FieldProblem } from './errors.js';
export { verifyWebhook, WebhookVerificationError, type WebhookHeaders, type WebhookVerificationCode, type VerifyOptions } from './webhooks.js';
export type { EventsOptions } from './events.js';
export type { FetchLike } from './http.js';
export type {
  Ack,
  ActionMethod,
  ActionOptions,
  Answer,
  CallOptions,
  DocumentedWebhookEvent,
  Envelope,
  EventPayload,
  Input,
  LifecycleWebhookEvent,
  LoggedEvent,
  Outcome,
  ResultOf,
  SyncMethod,
  WaitOptions,
  WebhookEvent,
} from './methods.js';
export { operationTable, type ActionName, type OperationMethods, type OperationName } from './generated/operations.js';
export type { paths, operations, webhooks, components } from './generated/openapi.js';
