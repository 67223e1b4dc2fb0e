import { Type } from '@sinclair/typebox';
import { publicOrigin } from '../../console/origin.ts';
import { createLink } from '../../connect-links/links.ts';
import { ApiError } from '../errors.ts';
import { defineOperation, type Operation } from '../operation.ts';

const DEFAULT_TTL_SECONDS = 3600;

function redirectTarget(value: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
    throw new ApiError('VALIDATION_FAILED', 'Invalid request: redirect_url must be an absolute http(s) URL without credentials.', {
      details: [{ field: 'redirect_url', problem: 'must be an absolute http(s) URL without credentials' }],
    });
  }
  return url.href;
}

export const createConnectLink = defineOperation({
  name: 'create_connect_link',
  effect: 'write',
  method: 'POST',
  path: '/api/v1/create_connect_link',
  summary: 'Create a hosted connection link (welink)',
  description:
    "welink's own. Synchronous. A one-time link you send to the owner of a LinkedIn account: on its page they connect the account themselves, with their email and password " +
    '(and the code LinkedIn sends, when it asks) or with their session cookies, so you never handle their credentials. ' +
    'The login runs like login_v2 (same queue, same sealing at rest). When it succeeds you receive ACCOUNT_CONNECTED (webhook and event log) with `accountId` and `connectLinkId`; ' +
    'the owner\'s browser then goes to `redirect_url` (with `accountId` and `connectLinkId` added to its query), if you gave one. ' +
    'With `accountId`, the link reconnects that account (the owner must use its email). The link works until it is used or expires (default 1 hour); ' +
    'revoking the API key that made it withdraws it. Set WELINK_PUBLIC_URL so `url` carries your public address.',
  tag: 'Account management',
  body: Type.Object({
    accountId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Reconnect this account (e.g. a PAUSED one). Absent: connect a new account.' })),
    redirect_url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'http(s) URL the owner\'s browser goes to after a successful connection.' })),
    expires_in_seconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 7 * 86400, description: `Lifetime of the link. Default ${DEFAULT_TTL_SECONDS} (1 hour).` })),
  }),
  response: {
    status: 200,
    schema: Type.Object({
      url: Type.String({ description: 'The link to send to the account owner. It holds the secret token: send it only to them.' }),
      expiresAt: Type.String(),
      connectLinkId: Type.String({ description: 'Also in the ACCOUNT_CONNECTED event.' }),
      accountId: Type.Union([Type.String(), Type.Null()], { description: 'The account the link reconnects, or null.' }),
    }),
    description: 'The link.',
  },
  errors: ['ACCOUNT_NOT_FOUND'],
  example: { redirect_url: 'https://crm.example.com/linkedin/connected', expires_in_seconds: 3600 },
  exampleResponse: {
    url: 'https://welink.example.com/connect/8mWq3xv0bS1R6Yt9Kp2HdZcLfA7uJnEoQgXiV4sTyM0',
    expiresAt: '2026-01-05T10:00:00.000Z',
    connectLinkId: 'cnl_01jq3xf5g6h7j8k9m0n1p2q3r4',
    accountId: null,
  },
  limit: 'sync',
  handler: async ({ auth, body, headers, services }) => {
    const redirectUrl = body.redirect_url === undefined ? null : redirectTarget(body.redirect_url);
    const db = services.store.db;
    if (body.accountId !== undefined) {
      const a = await db.selectFrom('accounts').select('status').where('id', '=', body.accountId).where('workspace_id', '=', auth.workspaceId).executeTakeFirst();
      if (!a || a.status === 'DISCONNECTED') throw new ApiError('ACCOUNT_NOT_FOUND');
    }
    const link = await createLink(db, {
      workspaceId: auth.workspaceId,
      apiKeyId: auth.apiKeyId,
      accountId: body.accountId ?? null,
      redirectUrl,
      ttlMs: (body.expires_in_seconds ?? DEFAULT_TTL_SECONDS) * 1000,
      now: services.clock.now(),
    });
    // welink serves plain HTTP itself (TLS is a proxy's): without WELINK_PUBLIC_URL the link uses the Host the caller reached.
    const origin = publicOrigin(headers.host, 'http', services.config.publicUrl);
    return {
      body: { url: `${origin}/connect/${link.token}`, expiresAt: new Date(link.expiresAt).toISOString(), connectLinkId: link.id, accountId: body.accountId ?? null },
    };
  },
});

export const connectLinkOperations: Operation[] = [createConnectLink];
