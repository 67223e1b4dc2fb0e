import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { BudgetCategory } from './budgets.ts';
import type { FailureCode } from './failures.ts';

/** `login` actions create or reconnect the account and change its status; the others act for it. */
export type ActionKind = 'login' | 'action';

/** Webhook event types of an action: one on success, one on failure. */
export interface ActionEvents {
  success: string;
  failure: string;
}

/**
 * One LinkedIn action, declared once. Its route (`POST /api/v1/<name>`), request validation,
 * OpenAPI entry, rate-limit accounting, engine dispatch, webhook events and both providers' handler
 * types all derive from this. The type keeps the literal name, side effect, kind and events, so the
 * catalogue's types (catalogue.ts) can key tables by them.
 */
export interface ActionDeclaration<
  N extends string = string,
  I extends TObject = TObject,
  R extends TSchema = TSchema,
  S extends boolean = boolean,
  E extends ActionEvents = ActionEvents,
  K extends ActionKind = ActionKind,
  F extends string = string,
> {
  /** Path segment under /api/v1 and the key of the provider handler. */
  name: N;
  summary: string;
  description: string;
  tag: string;
  /** Request body, including `accountId` (except login, which creates the account). */
  input: I;
  /** What `result` holds in get_response and in the webhook on success. */
  result: R;
  /** Webhook event types on success and on failure. */
  events: E;
  /** True when running it changes something on LinkedIn: it is then verified, never blindly re-run, after a crash. */
  sideEffect: S;
  /** Undoes something on LinkedIn that cannot simply be redone (a removed connection, a withdrawn invitation): MCP's destructiveHint. */
  destructive?: true;
  /** Absent means `action`. */
  kind?: K;
  /** Failure codes of this action (beyond those any action can end with), for the docs and the tests. */
  errors: readonly FailureCode[];
  /** An example request body for the docs. */
  example: Static<I>;
  /** An example result for the docs. */
  exampleResult: Static<R>;
  /** Only in sandbox workspaces (inspection helpers). */
  sandboxOnly?: boolean;
  /** Input fields that are secret: sealed with the account before storage, never stored with the request, never echoed. */
  secretFields?: readonly F[];
  /**
   * The LinkedIn budgets a request of this action spends (invitations, messages, profile views...):
   * a hold or an exhausted budget of one of them makes it wait. None when absent (reads).
   */
  // A method, not a function property: parameters of methods are bivariant, so every declaration
  // still fits the catalogue's common type.
  budgets?(input: Static<I>): readonly BudgetCategory[];
}

export function defineAction<
  N extends string,
  I extends TObject,
  R extends TSchema,
  S extends boolean,
  const E extends ActionEvents,
  K extends ActionKind = 'action',
  F extends keyof Static<I> & string = never,
>(decl: ActionDeclaration<N, I, R, S, E, K, F>): ActionDeclaration<N, I, R, S, E, K, F> {
  return decl;
}
