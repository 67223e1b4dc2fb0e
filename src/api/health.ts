import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.ts';
import type { Store } from '../store/open.ts';

/** Liveness (the process answers) and readiness (the database answers). No authentication. */
export function registerHealth(app: FastifyInstance, store: Store): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    if (await store.ping()) return { status: 'ready', database: store.dialect };
    return reply.code(503).send(errorBody('SERVICE_UNAVAILABLE', 'The database does not answer.'));
  });
}
