import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { isDatabaseDown } from '../store/unavailable.ts';
import { authenticateRequest, ipAllowed } from './auth.ts';
import { callIdGenerator } from './call-ids.ts';
import { callLoggerFactory } from './call-logger.ts';
import { ApiError, errorBody, errorCatalogue, type ErrorCode } from './errors.ts';
import type { Operation, OperationContext } from './operation.ts';
import type { Services } from './services.ts';
import type { AuthInfo } from './auth.ts';
import { hasNul, nulError, parseJsonBody } from './json-body.ts';
import { lazyValidatorBuilder } from './lazy-validation.ts';
import { validationProblems } from './validation.ts';

declare module 'fastify' {
  interface FastifyRequest {
    auth?: AuthInfo;
    /** The LinkedIn account the call was about, for the request log line. */
    accountId?: string;
    /** The queued request (`req_...`) the call created or read, for the same line. */
    requestId?: string;
    /** The `code` of an error answer, for the log line and the metrics. */
    errorCode?: string;
  }
  interface FastifyContextConfig {
    /** The operation a route serves, and which limit it counts against. */
    operation?: string;
    limit?: Operation['limit'];
  }
}

// What Fastify itself sends with a serialized object: a prebuilt body answers the same header.
const JSON_TYPE = 'application/json; charset=utf-8';

const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/** Whether the call's logger (a pino child) writes `level`: a line is built only when it does. */
const logs = (req: FastifyRequest, level: 'info' | 'debug') => (req.log as Logger).isLevelEnabled(level);

/** Who a logged request belongs to: ids only, never credentials or bodies. */
function requestOwner(req: FastifyRequest): { workspaceId?: string; accountId?: string; requestId?: string } {
  const body = req.body as Record<string, unknown> | undefined;
  const accountId = req.accountId ?? (typeof body?.accountId === 'string' && body.accountId.length <= 100 ? body.accountId : undefined);
  return { ...(req.auth ? { workspaceId: req.auth.workspaceId } : {}), ...(accountId ? { accountId } : {}), ...(req.requestId ? { requestId: req.requestId } : {}) };
}

export interface ServerOptions {
  services: Services;
  operations: Operation[];
  logger: Logger;
  /** Extra plugins (docs, health). */
  register?: (app: FastifyInstance) => void;
}

const FASTIFY_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_BAD_URL: 'ROUTE_NOT_FOUND',
  FST_ERR_ASYNC_CONSTRAINT: 'VALIDATION_FAILED',
  FST_ERR_INVALID_URL: 'ROUTE_NOT_FOUND',
};

/**
 * The HTTP server: one error shape for every failure, authentication and limits on /api/v1, and one
 * route per declared operation.
 */
export function buildServer(opts: ServerOptions): FastifyInstance {
  const { services } = opts;
  const app = Fastify({
    // pino 10's Logger against the FastifyBaseLogger Fastify 5 declares: without this cast the
    // instance's logger type becomes pino's, and every route and plugin signature stops matching.
    loggerInstance: opts.logger as unknown as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    genReqId: callIdGenerator(),
    childLoggerFactory: callLoggerFactory,
    requestIdHeader: false,
    // Fastify's own two lines per request ("incoming request", "request completed") are replaced
    // by the one line of the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    connectionTimeout: 30000,
    keepAliveTimeout: 72000,
    requestTimeout: 60000,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true, useDefaults: false, strict: false } },
    schemaController: { compilersFactory: { buildValidator: lazyValidatorBuilder() } },
    clientErrorHandler: answerClientError,
    // Errors raised before routing (bad percent-encoding, an over-long path parameter) bypass the
    // error handler and would answer Fastify's own body unless handled here.
    frameworkErrors: (err, req, raw) => {
      // Fastify types this reply with route generics that allow no status code or body before
      // routing; it is an ordinary reply at run time.
      const reply = raw as unknown as FastifyReply;
      reply.header('x-request-id', req.id);
      if (err.code === 'FST_ERR_BAD_URL') return reply.code(404).send(errorBody('ROUTE_NOT_FOUND', 'There is no endpoint at this URL (it is not validly percent-encoded).'));
      if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
        return reply.code(400).send(errorBody('VALIDATION_FAILED', 'Invalid request: a path parameter is longer than 500 characters.', { details: [{ field: 'params', problem: 'is longer than 500 characters' }] }));
      }
      return reply.code(400).send(errorBody('VALIDATION_FAILED', 'The request could not be read.'));
    },
  });

  const pathMethods = new Map<string, Set<string>>();
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    const set = pathMethods.get(r.url) ?? new Set<string>();
    for (const m of methods) set.add(m);
    pathMethods.set(r.url, set);
  });

  // The hooks run on every call: callback style (no promise each) and nothing built for a log level
  // that is off.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    // Only when debugging: shows the requests that never finish.
    if (logs(req, 'debug')) req.log.debug({ method: req.method, path: req.url.split('?', 1)[0] }, 'request received');
    done();
  });

  // Every error answer is our error body: remember its code for the log line and the metrics.
  app.addHook('preSerialization', (req, reply, payload, done) => {
    const code = reply.statusCode >= 400 ? (payload as { code?: unknown } | null)?.code : undefined;
    if (typeof code === 'string') req.errorCode = code;
    done(null, payload);
  });

  app.addHook('onResponse', (req, reply, done) => {
    if (logs(req, 'info')) {
      const path = req.url.split('?', 1)[0];
      const line = { method: req.method, path, status: reply.statusCode, ...(req.errorCode ? { code: req.errorCode } : {}), ms: Math.round(reply.elapsedTime * 10) / 10, ...requestOwner(req) };
      // Written through the server's logger with the call id first, the very line the call's own
      // child would write, without making that child (see call-logger.ts).
      // Probes and scrapes come every few seconds: they stay out of the info log.
      if (PROBES.has(path)) opts.logger.debug({ reqId: req.id, ...line }, 'request');
      else opts.logger.info({ reqId: req.id, ...line }, 'request');
    }
    done();
  });

  app.setErrorHandler((err: FastifyError | ApiError | Error, req, reply) => {
    if (err instanceof ApiError) {
      reply.headers(err.extra.headers ?? {});
      return reply.code(err.status).send(errorBody(err.code, err.message, err.extra));
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const { details, message } = validationProblems(fe);
      return reply.code(400).send(errorBody('VALIDATION_FAILED', message, { details }));
    }
    const mapped = fe.code ? FASTIFY_ERRORS[fe.code] : undefined;
    if (mapped) {
      const message = mapped === 'INVALID_JSON' ? `The request body is not valid JSON${fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? ' (it is empty; send {} for no fields)' : ''}.` : errorCatalogue[mapped].message;
      return reply.code(errorCatalogue[mapped].status).send(errorBody(mapped, message));
    }
    if (fe.statusCode === 400 && fe instanceof SyntaxError) {
      return reply.code(400).send(errorBody('INVALID_JSON', 'The request body is not valid JSON.'));
    }
    if (isDatabaseDown(err)) {
      req.log.warn({ err }, 'database unavailable');
      return reply.code(503).header('retry-after', '5').send(errorBody('SERVICE_UNAVAILABLE', errorCatalogue.SERVICE_UNAVAILABLE.message));
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      // A client error Fastify raised that we have no specific code for.
      return reply.code(400).send(errorBody('VALIDATION_FAILED', 'The request could not be read.'));
    }
    req.log.error({ err, url: req.url, method: req.method }, 'unexpected error');
    return reply.code(500).send(errorBody('INTERNAL_ERROR', errorCatalogue.INTERNAL_ERROR.message));
  });

  app.setNotFoundHandler((req, reply) => {
    const path = (req.url.split('?')[0] ?? '').replace(/\/+$/, '') || '/';
    const methods = findMethods(pathMethods, path);
    if (methods) {
      reply.header('allow', [...methods].join(', '));
      return reply.code(405).send(errorBody('METHOD_NOT_ALLOWED', `${req.method} is not allowed here; use ${[...methods].join(' or ')}.`));
    }
    return reply.code(404).send(errorBody('ROUTE_NOT_FOUND', `There is no endpoint ${req.method} ${path}.`));
  });

  // Every /api/v1 body is JSON. Fastify's other parsers go too: a text/plain body would otherwise
  // reach validation as a string ("body must be object") instead of answering 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json(\s*;.*)?$/i, { parseAs: 'string' }, (_req, body, done) => {
    const parsed = parseJsonBody(String(body));
    if (parsed.ok) done(null, parsed.value);
    else done(parsed.error, undefined);
  });

  // PostgreSQL text cannot hold U+0000 (a 500 there, accepted by SQLite): refuse it on both.
  app.addHook('preValidation', (req, _reply, done) => {
    if (hasNul(req.params)) done(nulError('params'));
    else if (hasNul(req.query)) done(nulError('query'));
    else done();
  });

  opts.register?.(app);

  for (const op of opts.operations) registerOperation(app, op, services);
  return app;
}

/**
 * Malformed HTTP (bad request line, header overflow, slow headers) never reaches a route: Node hands
 * the socket here. Answer with the one error shape, then close, as Node itself would.
 */
function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode = err.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'REQUEST_TIMEOUT' : 'VALIDATION_FAILED';
  const body = JSON.stringify(errorBody(code, code === 'VALIDATION_FAILED' ? 'The request is not valid HTTP.' : errorCatalogue[code].message));
  const status = errorCatalogue[code].status;
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}

function findMethods(paths: Map<string, Set<string>>, path: string): Set<string> | null {
  const exact = paths.get(path);
  if (exact) return exact;
  for (const [pattern, methods] of paths) {
    if (!pattern.includes(':')) continue;
    const re = new RegExp('^' + pattern.replace(/:[^/]+/g, '[^/]+') + '$');
    if (re.test(path)) return methods;
  }
  return null;
}

function registerOperation(app: FastifyInstance, op: Operation, services: Services): void {
  const schema: Record<string, unknown> = {};
  if (op.body) schema.body = op.body;
  if (op.params) schema.params = op.params;
  if (op.querystring) schema.querystring = op.querystring;

  app.route({
    method: op.method,
    url: op.path,
    schema,
    config: { operation: op.name, limit: op.limit },
    // Authentication runs before the body is even parsed: without valid credentials nothing about the
    // body (size, syntax, fields) is looked at or revealed.
    onRequest: async (req) => {
      const auth = await authenticateRequest(req, services);
      if (auth.allowedIps && !ipAllowed(auth.allowedIps, req.ip)) throw new ApiError('IP_NOT_ALLOWED');
      if (auth.allowedActions && !auth.allowedActions.includes(op.name)) {
        throw new ApiError('ACTION_NOT_ALLOWED', `This API key may not call ${op.name}.`);
      }
      if (op.limit === 'sync') {
        const wait = services.syncLimiter.hit(auth.apiKeyId, services.clock.now());
        if (wait !== null) {
          throw new ApiError('RATE_LIMITED', `Too many synchronous calls with this API key; retry in ${wait} s.`, {
            headers: { 'retry-after': String(wait) },
          });
        }
      }
      req.auth = auth;
    },
    handler: async (req, reply) => {
      const ctx: OperationContext = {
        auth: req.auth!,
        body: req.body ?? {},
        params: (req.params ?? {}) as Record<string, string>,
        query: (req.query ?? {}) as Record<string, string>,
        headers: req.headers,
        services,
        ip: req.ip,
      };
      const answer = await op.handler(ctx);
      const answered = answer.body as { accountId?: unknown; requestId?: unknown } | null;
      if (typeof answered?.accountId === 'string') req.accountId = answered.accountId; // login_v2 names the account only in its answer
      // The call's id (rq_) is the line's reqId; the queued request (req_) it made or read goes beside it.
      if (typeof answered?.requestId === 'string') req.requestId = answered.requestId;
      if (answer.headers) reply.headers(answer.headers);
      reply.code(answer.status ?? op.response.status);
      if (answer.json !== undefined) return reply.type(JSON_TYPE).send(answer.json);
      return reply.send(answer.body);
    },
  });
}
