import type { FastifyInstance, onResponseHookHandler } from 'fastify';
import type { Metrics } from '../observability/metrics.ts';

/**
 * `/metrics` for operators, in the Prometheus text format: prom-client's process metrics, API
 * responses, acceptances and refusals, action and webhook histograms, and queue gauges read from the
 * store. Counts only, never ids or tenant data; unauthenticated, so expose it on an internal network
 * only (or block the path at the reverse proxy).
 */
export function registerMetrics(app: FastifyInstance, metrics: Metrics): void {
  // Each /api/ route gets its own observer, with its pattern and operation taken once here: a global
  // hook would rebuild req.routeOptions (a fresh object) on every call to learn them. Routes declared
  // before this plugin are not under /api/.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const url = route.url;
    const { operation, limit } = route.config ?? {};
    const observe: onResponseHookHandler = (req, reply, done) => {
      metrics.httpResponse(url, reply.statusCode);
      if (limit === 'action' && operation) {
        metrics.asyncAnswer(operation, {
          status: reply.statusCode,
          code: req.errorCode,
          replayed: reply.getHeader('idempotent-replayed') === 'true',
          seconds: reply.elapsedTime / 1000,
        });
      }
      done();
    };
    route.onResponse = [...(route.onResponse === undefined ? [] : Array.isArray(route.onResponse) ? route.onResponse : [route.onResponse]), observe];
  });

  app.get('/metrics', async (_req, reply) => {
    const { contentType, text } = await metrics.exposition();
    return reply.type(contentType).send(text);
  });
}
