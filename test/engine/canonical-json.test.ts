import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { canonicalJson, MAX_CANONICAL_DEPTH } from '../../src/engine/canonical-json.ts';

/** The hand-written version this module replaced: fingerprints stored under live keys were made with it. */
function previousCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(previousCanonicalJson).join(',')}]`;
  const keys = Object.keys(value as object).sort();
  return `{${keys
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${previousCanonicalJson((value as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

/** `{"x":{"x":...}}` with `levels` objects, built without recursion. */
function nested(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { x: v };
  return v;
}

test('byte for byte the same as the previous canonical form, for any parsed JSON body', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      assert.equal(canonicalJson(value), previousCanonicalJson(value));
    }),
    { numRuns: 500, seed: 14 },
  );
  // Keys outside the Basic Multilingual Plane, escapes and numbers as JSON.parse hands them over.
  const body = JSON.parse('{"é":1,"\\ud83d\\ude00":2,"Z":[1e21,-0,0.1],"a":{"b":"\\u2028","a":null}}');
  assert.equal(canonicalJson(body), previousCanonicalJson(body));
});

test('key order does not matter; array order does', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [2, 1], c: 'x' } }), canonicalJson({ a: { c: 'x', d: [2, 1] }, b: 1 }));
  assert.notEqual(canonicalJson({ a: [1, 2] }), canonicalJson({ a: [2, 1] }));
  assert.equal(canonicalJson({ b: 1, a: undefined }), '{"b":1}');
  assert.equal(canonicalJson(undefined), 'null');
});

test('bounded: a value nested up to the bound is serialized, a deeper one is refused without exhausting the stack', () => {
  assert.equal(canonicalJson(nested(MAX_CANONICAL_DEPTH - 1)).length, previousCanonicalJson(nested(MAX_CANONICAL_DEPTH - 1)).length);
  assert.throws(() => canonicalJson(nested(50_000)), { name: 'RangeError', message: /nested deeper than 256 levels/ });
});
