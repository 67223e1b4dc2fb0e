import assert from 'node:assert/strict';
import type { Config } from '../../src/config/schema.ts';
import { loggedInAccount, testApp, type TestApp, type Tenant } from './app.ts';
import type { DialectEnv } from './dialects.ts';
import { expectDeclaredEvent, expectDeclaredOutcome } from './declared.ts';
import { stampEvents } from '../../src/store/event-seq.ts';

export async function sandboxApp(env: DialectEnv, overrides: Partial<Config> = {}): Promise<TestApp> {
  return testApp(env, { rateLimit: 10000, syncRateLimit: 100000, ...overrides } as Partial<Config>);
}

export interface Ran {
  ack: { status: number; body: any };
  res: { status: number; body: any };
  requestId: string;
}

/**
 * Posts an action, drives the engine until nothing is due, and answers get_response. Every outcome
 * read here is checked against the action's declaration (result schema, failure codes) and every
 * event it emitted against the event catalogue.
 */
export async function run(t: TestApp, tenant: Tenant, action: string, body: Record<string, unknown>): Promise<Ran> {
  const ack = await tenant.post(action, body);
  assert.equal(ack.status, 200, `${action} answered ${ack.status}: ${JSON.stringify(ack.body)}`);
  await t.app.engine.drain();
  const res = await tenant.post('get_response', { request_id: ack.body.requestId });
  expectDeclaredOutcome(action, res.body);
  await eventsOf(t, { requestId: ack.body.requestId });
  return { ack, res, requestId: ack.body.requestId };
}

/** Runs an action that must succeed; returns its result. */
export async function ok(t: TestApp, tenant: Tenant, action: string, body: Record<string, unknown>): Promise<any> {
  const r = await run(t, tenant, action, body);
  assert.equal(r.res.body.status, 'SUCCESS', `${action}: ${JSON.stringify(r.res.body)}`);
  return r.res.body.result;
}

/** Runs an action that must fail with `code`; returns the envelope. */
export async function fails(t: TestApp, tenant: Tenant, action: string, body: Record<string, unknown>, code: string): Promise<any> {
  const r = await run(t, tenant, action, body);
  assert.equal(r.res.body.state, 'FAILED', `${action}: ${JSON.stringify(r.res.body)}`);
  assert.equal(r.res.body.status, code, `${action}: ${JSON.stringify(r.res.body)}`);
  assert.equal(r.res.body.error, code);
  const ev = await eventsOf(t, { requestId: r.requestId });
  assert.equal(ev.length, 1);
  return r.res.body;
}

/** Rows of the events table, oldest first, each payload checked against the event catalogue. */
export async function eventsOf(t: TestApp, where: { requestId?: string; type?: string; accountId?: string }) {
  // PostgreSQL numbers events after their commit: number the ones committed so far first.
  await stampEvents(t.app.store.db);
  let q = t.app.store.db.selectFrom('events').selectAll().orderBy('seq');
  if (where.requestId) q = q.where('request_id', '=', where.requestId);
  if (where.type) q = q.where('type', '=', where.type);
  if (where.accountId) q = q.where('account_id', '=', where.accountId);
  const rows = await q.execute();
  return rows.map((r) => {
    const payload = JSON.parse(r.payload);
    expectDeclaredEvent(r.type, payload);
    return { ...r, payload: payload as any };
  });
}

/** Asserts the success event of a request was recorded with this type and the same result. */
export async function assertEvent(t: TestApp, requestId: string, type: string, result?: unknown): Promise<void> {
  const ev = await eventsOf(t, { requestId });
  assert.equal(ev.length, 1, `one event for ${requestId}`);
  assert.equal(ev[0].type, type);
  assert.equal(ev[0].payload.event, type);
  if (result !== undefined) assert.deepEqual(ev[0].payload.result, result);
}

export async function account(t: TestApp, tenant: Tenant, email: string): Promise<string> {
  return loggedInAccount(t, tenant, email);
}

export const HOUR = 3_600_000;
