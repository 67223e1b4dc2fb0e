import type { Static, TObject, TSchema } from '@sinclair/typebox';

/**
 * One LinkedIn action, declared once. Its route (`POST /api/v1/<name>`), request validation,
 * OpenAPI entry, rate-limit accounting, engine dispatch and webhook event all derive from this.
 */
export interface ActionDeclaration<I extends TObject = TObject, R extends TSchema = TSchema> {
  /** Path segment under /api/v1 and the key of the provider handler. */
  name: string;
  summary: string;
  description: string;
  tag: string;
  /** Request body, including `accountId` (except login, which creates the account). */
  input: I;
  /** What `result` holds in get_response and in the webhook on success. */
  result: R;
  /** Webhook event types on success and on failure. */
  events: { success: string; failure: string };
  /** True when running it changes something on LinkedIn: it is then verified, never blindly re-run, after a crash. */
  sideEffect: boolean;
  /** Undoes something on LinkedIn that cannot simply be redone (a removed connection, a withdrawn invitation): MCP's destructiveHint. */
  destructive?: true;
  /** `login` actions create or reconnect the account and change its status. */
  kind?: 'login' | 'action';
  /** Failure codes this action can produce, for the docs. */
  errors: string[];
  /** An example request body for the docs. */
  example: Static<I>;
  /** An example result for the docs. */
  exampleResult: Static<R>;
  /** Only in sandbox workspaces (inspection helpers). */
  sandboxOnly?: boolean;
  /** Input fields that are secret: sealed before storage and never echoed. */
  secretFields?: string[];
}

export function defineAction<I extends TObject, R extends TSchema>(decl: ActionDeclaration<I, R>): ActionDeclaration<I, R> {
  return { kind: 'action', ...decl };
}

export type ActionInput<A> = A extends ActionDeclaration<infer I, any> ? Static<I> : never;
export type ActionResult<A> = A extends ActionDeclaration<any, infer R> ? Static<R> : never;
