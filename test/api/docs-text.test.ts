import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildOpenApi } from '../../src/api/openapi.ts';
import { allOperations } from '../../src/api/operations.ts';

const operations = allOperations();
const doc = buildOpenApi(operations, { version: 'test' }) as any;
const text = JSON.stringify(doc);

it('every operation a description names exists (no "get_request": the REST view is GET /api/v1/requests/{id})', () => {
  assert.ok(!/\bget_request\b(?!s)/.test(JSON.stringify(Object.values(doc.paths).flatMap((p: any) => Object.values(p).map((o: any) => o.description)))));
  assert.ok(!text.includes("get_request's"));
});

it('the docs sidebar has one "Webhooks" group: the endpoint operations are "Webhook endpoints"', () => {
  const tags = doc.tags.map((t: { name: string }) => t.name);
  assert.ok(!tags.includes('Webhooks'), 'the webhooks section is already shown as "Webhooks"');
  assert.ok(tags.includes('Webhook endpoints'));
  assert.equal(doc.paths['/api/v1/create_webhook'].post.tags[0], 'Webhook endpoints');
  assert.ok(Object.keys(doc.webhooks).length > 0);
  for (const op of operations) assert.ok(tags.includes(op.tag), `${op.name}'s tag is declared`);
});

it('error labels show the codes as code, so their underscores are not rendered as gaps', () => {
  const visit = doc.paths['/api/v1/visit_profile'].post.responses;
  assert.equal(visit['400'].description, '`VALIDATION_FAILED`, `ACCOUNT_NOT_ACTIVE`');
  assert.equal(visit['401'].description, '`UNAUTHORIZED`');
});

it('the introduction says how to get a key and that the sandbox is the default', () => {
  const intro: string = doc.info.description;
  assert.match(intro, /npx welink keys create --name/);
  assert.match(intro, /x-api-key.*x-api-secret/s);
  assert.match(intro, /sandbox\*\* workspace/);
  assert.match(intro, /Any unknown profile id \(e\.g\. `ACoAAmy-test-1`\) is a test profile/);
});

it('login_code says that a wrong PIN ends the login', () => {
  assert.match(doc.paths['/api/v1/login_code'].post.description, /A wrong code ends the login .* 409 ACCOUNT_STATE_CONFLICT; start again with a new login_v2/);
});
