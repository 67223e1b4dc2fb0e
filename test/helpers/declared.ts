import assert from 'node:assert/strict';
import { Value } from '@sinclair/typebox/value';
import { actionByName } from '../../src/actions/catalogue.ts';
import { anyActionFailures } from '../../src/actions/failures.ts';
import { eventByType } from '../../src/events/catalogue.ts';

/**
 * Checks of what a provider answered against what the catalogues declare: the result schema of the
 * action (the contract of get_response and the webhook), its failure codes, and each event's payload.
 * Provider tests pass every outcome they read through these.
 */

function problems(schema: Parameters<typeof Value.Errors>[0], value: unknown): string {
  return JSON.stringify([...Value.Errors(schema, value)].slice(0, 3).map((e) => `${e.path}: ${e.message}`));
}

/** A success result has the shape its action declares. */
export function expectDeclaredResult(action: string, result: unknown): void {
  const decl = actionByName(action);
  assert.ok(decl, `no action named ${action}`);
  assert.ok(Value.Check(decl.result, result), `${action} result breaks its declaration: ${problems(decl.result, result)}`);
}

/** A failure code is one its action declares, or one any action can end with. */
export function expectDeclaredFailure(action: string, code: string): void {
  const decl = actionByName(action);
  assert.ok(decl, `no action named ${action}`);
  const declared: readonly string[] = decl.errors;
  assert.ok(declared.includes(code) || (anyActionFailures as readonly string[]).includes(code), `${action} failed with ${code}, which it does not declare (${decl.errors.join(', ')})`);
}

/** get_response's envelope: a success checked by its result, a failure by its code. */
export function expectDeclaredOutcome(action: string, envelope: { state?: string; status?: string; result?: unknown }): void {
  if (envelope.state === 'SUCCESS') expectDeclaredResult(action, envelope.result);
  if (envelope.state === 'FAILED') expectDeclaredFailure(action, String(envelope.status));
}

/** An event's payload is exactly what the event catalogue declares for its type. */
export function expectDeclaredEvent(type: string, payload: unknown): void {
  const decl = eventByType(type);
  assert.ok(decl, `event type ${type} is not declared in events/catalogue.ts`);
  assert.ok(Value.Check(decl.payload, payload), `${type} payload breaks its declaration: ${problems(decl.payload, payload)}`);
}
