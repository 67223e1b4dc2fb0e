import { Welink } from '@welink/sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ipAllowed } from '../api/auth.ts';
import { ApiError, type ErrorCode } from '../api/errors.ts';
import type { Services } from '../api/services.ts';
import { injectFetch } from './inject-fetch.ts';
import { loadMcpServerSdk } from './sdk.ts';
import { createMcpServer } from './server.ts';
import { buildTools, toolsAllowed, type ToolSpec } from './tools.ts';

/** The credential headers, once each (a repeated one is ambiguous, so refused as missing). */
function credentials(req: FastifyRequest): { apiKey: string; apiSecret: string } | null {
  const key = req.headers['x-api-key'];
  const secret = req.headers['x-api-secret'];
  if (typeof key !== 'string' || typeof secret !== 'string' || key.length > 200 || secret.length > 200) return null;
  return { apiKey: key, apiSecret: secret };
}

/** What the MCP transport refuses (it answers JSON-RPC errors), in the API's one error shape. */
function protocolError(status: number, text: string): ApiError {
  let detail = 'not a valid MCP request';
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') detail = parsed.error.message;
  } catch {
    // no JSON-RPC body: keep the generic detail
  }
  const code: ErrorCode = status === 406 ? 'NOT_ACCEPTABLE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'VALIDATION_FAILED';
  return new ApiError(code, `MCP (Streamable HTTP) request refused: ${detail}`);
}

/**
 * `POST /mcp`: the MCP server over Streamable HTTP, stateless (each POST is one JSON-RPC exchange,
 * answered as JSON). Authenticated with the API's own x-api-key / x-api-secret headers and IP
 * allow-list; each tool call is then an in-process call of the API with those credentials (see
 * inject-fetch.ts), so tenancy, validation, idempotency and rate limits are exactly the API's.
 * `/mcp` itself is not counted against the synchronous limit: the API calls its tools make are.
 */
export function registerMcp(app: FastifyInstance, services: Services): void {
  // Built on the first /mcp request (from the OpenAPI document), like the SDK that serves them.
  let tools: ToolSpec[] | undefined;
  // A tool call may wait minutes (wait_for_result): closing the server ends those waits at once.
  const closing = new AbortController();
  app.addHook('preClose', async () => closing.abort());

  app.route({
    method: 'POST',
    url: '/mcp',
    onRequest: async (req) => {
      const creds = credentials(req);
      const auth = creds ? await services.authenticator.authenticate(creds.apiKey, creds.apiSecret) : null;
      if (!auth) throw new ApiError('UNAUTHORIZED');
      if (auth.allowedIps && !ipAllowed(auth.allowedIps, req.ip)) throw new ApiError('IP_NOT_ALLOWED');
      req.auth = auth;
    },
    handler: async (req, reply) => {
      const accept = String(req.headers.accept ?? '');
      if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
        throw new ApiError('NOT_ACCEPTABLE', 'An MCP client must accept both application/json and text/event-stream (Streamable HTTP).');
      }
      const creds = credentials(req)!;
      const gone = new AbortController();
      reply.raw.on('close', () => gone.abort());
      const welink = new Welink({ baseUrl: 'http://welink.internal', ...creds, fetch: injectFetch(app, req.ip), maxRetries: 0 });
      tools ??= buildTools();
      const server = await createMcpServer({
        welink,
        tools: toolsAllowed(tools, req.auth!.allowedActions),
        signal: AbortSignal.any([closing.signal, gone.signal]),
        log: (err, tool) => req.log.error({ err, tool }, 'MCP tool call failed unexpectedly'),
      });
      const { WebStandardStreamableHTTPServerTransport } = await loadMcpServerSdk();
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      try {
        await server.connect(transport);
        const headers = new Headers();
        for (const name of ['accept', 'content-type', 'mcp-protocol-version']) {
          const v = req.headers[name];
          if (typeof v === 'string') headers.set(name, v);
        }
        const response = await transport.handleRequest(new Request('http://localhost/mcp', { method: 'POST', headers }), { parsedBody: req.body });
        const text = await response.text();
        if (response.status >= 400) throw protocolError(response.status, text);
        const type = response.headers.get('content-type');
        if (type) reply.header('content-type', type);
        return reply.code(response.status).send(text === '' ? undefined : text);
      } finally {
        await server.close();
      }
    },
  });
}
