import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../observability/metrics.ts';

/**
 * `/metrics` for operators, in the Prometheus text format: prom-client's process metrics, API
 * responses, acceptances and refusals, action and webhook histograms, and queue gauges read from the
 * store. Counts only, never ids or tenant data; unauthenticated, so expose it on an internal network
 * only (or block the path at the reverse proxy).
 */
export function registerMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url;
    if (!route?.startsWith('/api/')) return;
    metrics.httpResponse(route, reply.statusCode);
    const { operation, limit } = req.routeOptions.config;
    if (limit === 'action' && operation) {
      metrics.asyncAnswer(operation, {
        status: reply.statusCode,
        code: req.errorCode,
        replayed: reply.getHeader('idempotent-replayed') === 'true',
        seconds: reply.elapsedTime / 1000,
      });
    }
  });

  app.get('/metrics', async (_req, reply) => {
    const { contentType, text } = await metrics.exposition();
    return reply.type(contentType).send(text);
  });
}
