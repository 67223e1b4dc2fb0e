import assert from 'node:assert/strict';
import { it } from 'node:test';
import { queueView } from '../../src/api/queue-estimate.ts';
import type { Account, RequestRow } from '../../src/store/tables.ts';

// The estimate is a pure function of the account row and its unfinished requests: tested on rows.
const NOW = Date.UTC(2026, 0, 5, 9, 0, 0); // a Monday, 09:00 UTC
const MIN = 60_000;

function account(patch: Partial<Account> = {}): Account {
  return {
    id: 'acc_1', workspace_id: 'ws_1', email: 'ada@example.com', status: 'ACTIVE', status_reason: null, profile: null, secrets: null, proxy: null, premium: 0,
    timezone: null, active_hours: null, next_run_at: 0, lease_owner: null, lease_until: null, next_seq: 0, created_at: 0, updated_at: 0,
    hold_until: null, hold_reason: null, category_holds: null, budgets: null, activated_at: null, next_sync_at: null, sync_cursor: null, ...patch,
  };
}

let seq = 0;
function request(patch: Partial<RequestRow> = {}): RequestRow {
  seq++;
  return {
    id: `req_${seq}`, workspace_id: 'ws_1', account_id: 'acc_1', action: 'connect', input: '{}', status: 'QUEUED', result: null, error_code: null, error_message: null,
    lane_seq: seq, attempts: 0, lease_owner: null, lease_until: null, effect_started_at: null, not_before: 0, accepted_at: NOW - MIN, started_at: null, finished_at: null,
    api_key_id: null, ran_by: null, ...patch,
  };
}

const iso = (t: number) => new Date(t).toISOString();

it('after a running request, each queued one starts at least one shortest pause after the previous', () => {
  const rows = [request({ status: 'RUNNING', started_at: NOW - 5000 }), request(), request()];
  const view = queueView(account({ next_run_at: NOW }), rows, NOW, { minPauseMs: 45_000, activeHours: true });
  assert.deepEqual(view.map((r) => [r.position, r.earliestStartAt, r.waitingFor?.code ?? null]), [
    [1, iso(NOW - 5000), null],
    [2, iso(NOW + 45_000), 'QUEUE'],
    [3, iso(NOW + 90_000), 'QUEUE'],
  ]);
});

it('a pacing pause in progress holds the head, with its end', () => {
  const view = queueView(account({ next_run_at: NOW + 2 * MIN }), [request()], NOW, { minPauseMs: 45_000, activeHours: true });
  assert.deepEqual(view[0].waitingFor, { code: 'PACING', message: 'A human-like pause after the previous action.', until: iso(NOW + 2 * MIN) });
  assert.equal(view[0].earliestStartAt, iso(NOW + 2 * MIN));
});

it('a request waiting for a LinkedIn budget does not hold the ones behind it', () => {
  const held = request({ error_code: 'WEEKLY_INVITATION_LIMIT', error_message: 'Weekly invitation limit reached.', not_before: NOW + 3 * 86_400_000 });
  const view = queueView(account(), [held, request()], NOW, { minPauseMs: 0, activeHours: true });
  assert.deepEqual(view[0].waitingFor, { code: 'WEEKLY_INVITATION_LIMIT', message: 'Weekly invitation limit reached.', until: iso(NOW + 3 * 86_400_000) });
  assert.equal(view[0].earliestStartAt, iso(NOW + 3 * 86_400_000));
  assert.equal(view[1].waitingFor, null, 'the lane runs the next one meanwhile');
  assert.equal(view[1].earliestStartAt, iso(NOW));
});

it('outside active hours the head waits for them; a retry pause shows as RETRY_BACKOFF', () => {
  const hours = JSON.stringify({ start: '10:00', end: '18:00', days: [1, 2, 3, 4, 5] });
  const view = queueView(account({ active_hours: hours, timezone: 'Europe/London' }), [request()], NOW, { minPauseMs: 0, activeHours: true });
  assert.deepEqual(view[0].waitingFor, { code: 'ACTIVE_HOURS', message: "Outside the account's active hours.", until: iso(NOW + 60 * MIN) });
  const off = queueView(account({ active_hours: hours }), [request()], NOW, { minPauseMs: 0, activeHours: false });
  assert.equal(off[0].waitingFor, null, 'pacing off: active hours do not apply');
  const retry = queueView(account(), [request({ not_before: NOW + 4000 })], NOW, { minPauseMs: 0, activeHours: true });
  assert.equal(retry[0].waitingFor?.code, 'RETRY_BACKOFF');
});

it('a paused or logged-out account holds everything; a connecting account runs its login first', () => {
  const paused = queueView(account({ status: 'PAUSED', status_reason: 'SESSION_EXPIRED' }), [request()], NOW, { minPauseMs: 0, activeHours: true });
  assert.deepEqual(paused[0].waitingFor, { code: 'ACCOUNT_PAUSED', message: 'The account is paused (SESSION_EXPIRED): it runs again once reconnected or resumed.', until: null });
  assert.equal(paused[0].earliestStartAt, null);
  const connecting = queueView(account({ status: 'CONNECTING' }), [request(), request({ action: 'login_v2' })], NOW, { minPauseMs: 0, activeHours: true });
  assert.equal(connecting[0].waitingFor?.code, 'ACCOUNT_CONNECTING');
  assert.equal(connecting[1].waitingFor, null);
  const pin = queueView(account({ status: 'PIN_REQUIRED' }), [request({ action: 'login_v2', status: 'PIN_REQUIRED' })], NOW, { minPauseMs: 0, activeHours: true });
  assert.equal(pin[0].waitingFor?.code, 'PIN_REQUIRED');
});
