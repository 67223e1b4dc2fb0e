import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../api/errors.ts';
import type { Services } from '../api/services.ts';
import type { Assets } from '../console/assets.ts';
import { sendPage, securityHeaders } from '../console/html.ts';
import { fromOwnPages } from '../console/origin.ts';
import { fields, maskEmail, statusOf, submitCode, submitCookies, submitCredentials } from './flow.ts';
import { findLink, type FoundLink } from './links.ts';
import { connectPage, endedPage } from './page.ts';

/**
 * The hosted connection page at /connect/<token> and the JSON calls its script makes. The token is
 * the only credential: the page reads it from its own URL and sends it in `x-connect-token`, so it
 * never appears in the URLs of those calls, and the page's own request is not logged.
 */
export function registerConnectPages(app: FastifyInstance, services: Services, assets: Assets): void {
  const url = (name: string) => assets.url(name);

  app.get('/connect/:token', { logLevel: 'warn' }, async (req, reply) => {
    const found = await findLink(services.store.db, (req.params as { token: string }).token);
    if (!found) return sendPage(reply, 404, endedPage(url, 'NOT_FOUND'));
    const status = await statusOf(services, found);
    if (status.state === 'CONNECTED') return sendPage(reply, 410, endedPage(url, 'USED', found.workspaceName));
    if (status.state === 'EXPIRED') return sendPage(reply, 410, endedPage(url, 'EXPIRED', found.workspaceName));
    let reconnects: string | null = null;
    if (found.link.account_id) {
      const a = await services.store.db.selectFrom('accounts').select(['email', 'status']).where('id', '=', found.link.account_id).executeTakeFirst();
      if (!a || a.status === 'DISCONNECTED') return sendPage(reply, 404, endedPage(url, 'NOT_FOUND', found.workspaceName));
      reconnects = maskEmail(a.email);
    }
    const ua = typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : '';
    return sendPage(reply, 200, connectPage(url, { workspaceName: found.workspaceName, mode: found.mode, reconnects, status, userAgent: ua }));
  });

  // The link is resolved before the body is read: without a live link nothing about the body is looked at.
  const links = new WeakMap<FastifyRequest, FoundLink>();
  const json = {
    onRequest: async (req: FastifyRequest, reply: FastifyReply) => {
      securityHeaders(reply).header('cache-control', 'no-store');
      if (req.method !== 'GET' && !fromOwnPages(req, services.config.publicUrl)) throw new ApiError('CSRF_REJECTED', 'Connection forms must be sent from the connection page itself.');
      const token = req.headers['x-connect-token'];
      const found = typeof token === 'string' ? await findLink(services.store.db, token) : null;
      if (!found) throw new ApiError('CONNECT_LINK_NOT_FOUND');
      links.set(req, found);
    },
  };
  const linkOf = (req: FastifyRequest) => links.get(req)!;

  app.get('/connect/api/status', { ...json }, async (req) => statusOf(services, linkOf(req)));

  app.post('/connect/api/login', { ...json, schema: { body: Type.Object({ email: fields.email, password: fields.password }) } }, async (req) => {
    const body = req.body as { email: string; password: string };
    return submitCredentials(services, linkOf(req), body);
  });

  app.post('/connect/api/code', { ...json, schema: { body: Type.Object({ code: fields.code }) } }, async (req) => {
    return submitCode(services, linkOf(req), (req.body as { code: string }).code, req.ip);
  });

  app.post(
    '/connect/api/cookies',
    {
      ...json,
      schema: {
        body: Type.Object({ email: Type.Optional(fields.email), li_at: fields.li_at, JSESSIONID: fields.JSESSIONID, user_agent: Type.Optional(fields.user_agent) }),
      },
    },
    async (req) => {
      const body = req.body as { email?: string; li_at: string; JSESSIONID: string; user_agent?: string };
      return submitCookies(services, linkOf(req), body, req.ip);
    },
  );
}
