import { Type } from '@sinclair/typebox';
import { createKey, listKeys, revokeWorkspaceKey } from '../../tenancy/keys.ts';
import { validIpOrCidr } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { defineOperation, type Operation } from '../operation.ts';
// operations.ts lists this file's operations too: the cycle is safe because allOperations is
// only called inside a handler, long after both modules have loaded.
import { allOperations } from '../operations.ts';

const TAG = 'API keys';
const exampleKey = 'wl_key_Qm9xYWJjZGVmZ2hpamtsbW5v';

const apiKey = Type.String({ minLength: 1, maxLength: 200, description: 'The public API key (`wl_key_...`).' });
const allowedActions = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  minItems: 1,
  maxItems: 300,
  uniqueItems: true,
  description: 'Operation names the key may call (e.g. get_response, connect). Absent: every operation (within your own key\'s restriction).',
});
const allowedIps = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
  minItems: 1,
  maxItems: 100,
  uniqueItems: true,
  description: 'Client IPs or CIDR ranges (v4 or v6) the key may be used from. Absent: any address (within your own key\'s restriction).',
});

const KeySchema = Type.Object(
  {
    apiKey: Type.String(),
    name: Type.String(),
    createdAt: Type.String(),
    revokedAt: Type.Union([Type.String(), Type.Null()]),
    allowedActions: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'null: every operation.' }),
    allowedIps: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'null: any address.' }),
    current: Type.Boolean({ description: 'True for the key making this call (or the console session\'s key).' }),
  },
  { title: 'ApiKey' },
);

const exampleListed = {
  apiKey: exampleKey,
  name: 'crm',
  createdAt: '2026-01-05T09:00:00.000Z',
  revokedAt: null,
  allowedActions: null,
  allowedIps: null,
  current: true,
};

export const listApiKeys = defineOperation({
  name: 'list_api_keys',
  effect: 'read',
  method: 'POST',
  path: '/api/v1/list_api_keys',
  summary: 'List the API keys of the workspace (welink)',
  description: "welink's own. Every credential pair of the workspace, revoked ones included, oldest first. Secrets are never listed: they exist only as hashes.",
  tag: TAG,
  body: Type.Object({}),
  response: { status: 200, schema: Type.Object({ keys: Type.Array(KeySchema) }), description: 'The keys.' },
  example: {},
  exampleResponse: { keys: [exampleListed] },
  limit: 'sync',
  handler: async ({ auth, services }) => {
    const db = services.store.db;
    const mine = await db.selectFrom('api_keys').select('api_key').where('id', '=', auth.apiKeyId).executeTakeFirst();
    const keys = await listKeys(db, auth.workspaceId);
    return {
      body: {
        keys: keys.map((k) => ({
          apiKey: k.apiKey,
          name: k.name,
          createdAt: k.createdAt,
          revokedAt: k.revokedAt,
          allowedActions: k.allowedActions,
          allowedIps: k.allowedIps,
          current: k.apiKey === mine?.api_key,
        })),
      },
    };
  },
});

export const createApiKey = defineOperation({
  name: 'create_api_key',
  effect: 'write',
  method: 'POST',
  path: '/api/v1/create_api_key',
  summary: 'Create an API key (welink)',
  description:
    "welink's own. A new credential pair for the same workspace. The secret is **shown only in this answer** and stored as a hash. " +
    'A key never grants more than the key that creates it: when yours is restricted to some operations, the new key\'s `allowedActions` must be among them ' +
    '(default: the same list); when yours is restricted to some addresses, the new key gets the same ranges (or a part of that list).',
  tag: TAG,
  body: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 100, description: 'What the key is for, e.g. "crm-prod".' }),
    allowedActions: Type.Optional(allowedActions),
    allowedIps: Type.Optional(allowedIps),
  }),
  response: {
    status: 200,
    schema: Type.Object({ ...KeySchema.properties, apiSecret: Type.String({ description: 'The secret; store it now, it is not shown again.' }) }),
    description: 'The new key and its secret.',
  },
  errors: [],
  example: { name: 'crm-prod', allowedActions: ['get_response', 'connect', 'send_message_to_profile_id'] },
  exampleResponse: { ...exampleListed, name: 'crm-prod', allowedActions: ['get_response', 'connect', 'send_message_to_profile_id'], current: false, apiSecret: 'wl_secret_ZmFrZS1leGFtcGxlLXNlY3JldC1kby1ub3QtdXNl' },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const db = services.store.db;
    const caller = await db.selectFrom('api_keys').select(['allowed_actions', 'allowed_ips']).where('id', '=', auth.apiKeyId).executeTakeFirstOrThrow();
    const actions = grantedActions(body.allowedActions, auth.allowedActions);
    const ips = grantedIps(body.allowedIps, caller.allowed_ips ? (JSON.parse(caller.allowed_ips) as string[]) : null);
    const now = services.clock.now();
    const created = await createKey(db, { name: body.name, workspaceId: auth.workspaceId, now, allowedActions: actions ?? undefined, allowedIps: ips ?? undefined });
    // The workspace is the caller's own, so it exists; anything else is a broken invariant.
    if ('error' in created) throw new Error(created.error);
    return {
      body: {
        apiKey: created.apiKey,
        name: body.name,
        createdAt: new Date(now).toISOString(),
        revokedAt: null,
        allowedActions: actions,
        allowedIps: ips,
        current: false,
        apiSecret: created.apiSecret,
      },
    };
  },
});

function invalid(field: string, problem: string): ApiError {
  return new ApiError('VALIDATION_FAILED', `Invalid request: ${field} ${problem}.`, { details: [{ field, problem }] });
}

function grantedActions(asked: string[] | undefined, mine: string[] | null): string[] | null {
  if (asked === undefined) return mine;
  const known = new Set(allOperations().map((o) => o.name));
  const unknown = asked.filter((a) => !known.has(a));
  if (unknown.length > 0) throw invalid('allowedActions', `names operations that do not exist: ${unknown.slice(0, 5).join(', ')}`);
  const beyond = mine ? asked.filter((a) => !mine.includes(a)) : [];
  if (beyond.length > 0) throw invalid('allowedActions', `grants operations your own key may not call: ${beyond.slice(0, 5).join(', ')}`);
  return asked;
}

function grantedIps(asked: string[] | undefined, mine: string[] | null): string[] | null {
  if (asked === undefined) return mine;
  const bad = asked.filter((e) => !validIpOrCidr(e));
  if (bad.length > 0) throw invalid('allowedIps', `holds entries that are not an IP address or CIDR range: ${bad.slice(0, 5).join(', ')}`);
  // Containment of arbitrary ranges is not checked: a restricted key may only hand on its own entries.
  const beyond = mine ? asked.filter((e) => !mine.includes(e)) : [];
  if (beyond.length > 0) throw invalid('allowedIps', `holds entries outside your own key's list: ${beyond.slice(0, 5).join(', ')}`);
  return asked;
}

export const revokeApiKey = defineOperation({
  name: 'revoke_api_key',
  effect: 'destructive',
  method: 'POST',
  path: '/api/v1/revoke_api_key',
  summary: 'Revoke an API key (welink)',
  description:
    "welink's own. The key stops working at once (in other processes within WELINK_AUTH_CACHE_MS), and the console sessions opened with it end. " +
    'A key may revoke itself. Revoking a revoked key answers its first revocation time.',
  tag: TAG,
  body: Type.Object({ apiKey }),
  response: {
    status: 200,
    schema: Type.Object({ apiKey: Type.String(), revokedAt: Type.String(), current: Type.Boolean({ description: 'True when you revoked the key making this call.' }) }),
    description: 'The key is revoked.',
  },
  errors: ['API_KEY_NOT_FOUND'],
  example: { apiKey: exampleKey },
  exampleResponse: { apiKey: exampleKey, revokedAt: '2026-01-05T09:00:00.000Z', current: false },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const db = services.store.db;
    const r = await revokeWorkspaceKey(db, auth.workspaceId, body.apiKey, services.clock.now());
    if (!r) throw new ApiError('API_KEY_NOT_FOUND');
    services.authenticator.forget(body.apiKey);
    const mine = await db.selectFrom('api_keys').select('api_key').where('id', '=', auth.apiKeyId).executeTakeFirst();
    return { body: { apiKey: body.apiKey, revokedAt: new Date(r.revokedAt).toISOString(), current: mine?.api_key === body.apiKey } };
  },
});

/** Credential pairs of the caller's workspace. */
export const keyOperations: Operation[] = [listApiKeys, createApiKey, revokeApiKey];
