import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callIdGenerator } from '../../src/api/call-ids.ts';
import { FinishedResponses } from '../../src/api/finished-responses.ts';

type Status = 'QUEUED' | 'RUNNING' | 'SUCCESS' | 'FAILED' | 'CANCELLED' | 'PIN_REQUIRED';
const row = (id: string, status: Status, finishedAt: number | null = 1000) => ({ id, account_id: 'acc_1', status, finished_at: finishedAt });
const body = (id: string, pad = '') => ({ requestId: id, accountId: 'acc_1', state: 'SUCCESS', pad });

describe('FinishedResponses', () => {
  it('keeps only finished states, keyed by workspace', () => {
    const c = new FinishedResponses({ maxBytes: 1 << 20, retentionMs: 10_000 });
    for (const s of ['QUEUED', 'RUNNING', 'PIN_REQUIRED'] as const) {
      const a = c.answer('ws_a', row(`req_${s}`, s, null), body(`req_${s}`), 2000);
      assert.equal(a.json, JSON.stringify(body(`req_${s}`)));
      assert.equal(c.get('ws_a', `req_${s}`, 2000), undefined);
    }
    for (const s of ['SUCCESS', 'FAILED', 'CANCELLED'] as const) c.answer('ws_a', row(`req_${s}`, s), body(`req_${s}`), 2000);
    assert.equal(c.size, 3);
    assert.equal(c.get('ws_a', 'req_SUCCESS', 2000)?.json, JSON.stringify(body('req_SUCCESS')));
    assert.equal(c.get('ws_b', 'req_SUCCESS', 2000), undefined);
  });

  it('forgets an answer when its request may have been purged (finished_at + retention)', () => {
    const c = new FinishedResponses({ maxBytes: 1 << 20, retentionMs: 10_000 });
    c.answer('ws', row('req_1', 'SUCCESS', 1000), body('req_1'), 2000);
    assert.ok(c.get('ws', 'req_1', 10_999));
    assert.equal(c.get('ws', 'req_1', 11_000), undefined);
    assert.equal(c.size, 0);
    c.answer('ws', row('req_2', 'SUCCESS', 1000), body('req_2'), 11_000);
    assert.equal(c.size, 0, 'already past retention: not kept');
  });

  it('drops the least recently read answers beyond its memory bound', () => {
    const one = JSON.stringify(body('req_0', 'x'.repeat(100))).length * 3 + 200;
    const c = new FinishedResponses({ maxBytes: one * 3, retentionMs: 10_000 });
    for (let i = 0; i < 3; i++) c.answer('ws', row(`req_${i}`, 'SUCCESS'), body(`req_${i}`, 'x'.repeat(100)), 2000);
    assert.ok(c.get('ws', 'req_0', 2000));
    c.answer('ws', row('req_3', 'SUCCESS'), body('req_3', 'x'.repeat(100)), 2000);
    assert.equal(c.size, 3);
    assert.equal(c.get('ws', 'req_1', 2000), undefined, 'the least recently read one went');
    assert.ok(c.get('ws', 'req_0', 2000));
    assert.ok(c.get('ws', 'req_3', 2000));
  });
});

describe('call ids', () => {
  it('are rq_ ids of the same length as newId, unique and increasing within one millisecond', () => {
    const next = callIdGenerator(() => 1_700_000_000_000);
    const ids = Array.from({ length: 1000 }, next);
    assert.equal(new Set(ids).size, 1000);
    for (const id of ids) assert.match(id, /^rq_[0-9a-hjkmnp-tv-z]{26}$/);
    assert.deepEqual([...ids].sort(), ids);
  });

  it('differ between two generators (two processes) at the same millisecond', () => {
    const a = callIdGenerator(() => 5);
    const b = callIdGenerator(() => 5);
    assert.notEqual(a(), b());
  });
});
