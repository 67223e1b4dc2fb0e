import type { FastifyInstance } from 'fastify';
import type { FetchLike } from '@welink/sdk';

/**
 * A fetch for the SDK that calls this server's own routes in process (Fastify's inject), as if
 * from `remoteAddress`: the /mcp endpoint's tool calls then pass through exactly the API's
 * authentication, IP allow-list, validation, idempotency and limits, with no second code path.
 */
export function injectFetch(app: FastifyInstance, remoteAddress: string): FetchLike {
  return async (url, init) => {
    const target = new URL(url);
    const res = await app.inject({
      method: init.method as 'GET' | 'POST',
      url: target.pathname + target.search,
      headers: init.headers,
      ...(init.body !== undefined ? { payload: init.body } : {}),
      remoteAddress,
      ...(init.signal ? { signal: init.signal } : {}),
    });
    return {
      status: res.statusCode,
      headers: {
        get(name: string) {
          const v = res.headers[name.toLowerCase()];
          return v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v);
        },
      },
      text: async () => res.body,
    };
  };
}
