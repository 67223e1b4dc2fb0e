import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ipAllowed } from '../api/auth.ts';
import type { Services } from '../api/services.ts';
import { registerAssets, type Assets } from './assets.ts';
import { clearedSessionCookie, readSessionCookie, sessionCookie } from './cookies.ts';
import { sendPage } from './html.ts';
import { fromOwnPages, isSecure } from './origin.ts';
import { shellPage, signInPage } from './pages.ts';
import { createSession, csrfMatches, csrfToken, deleteSession, findSession, SESSION_TTL_MS } from './sessions.ts';

/**
 * The operator console at /console: a sign-in form, then one page shell whose scripts (served from
 * this package, no build step) call the same /api/v1 operations as any client, authenticated by the
 * session cookie and its CSRF token. Sign-in and sign-out are plain form posts.
 */
export function registerConsole(app: FastifyInstance, services: Services): Assets {
  const assets = registerAssets(app);
  const url = (name: string) => assets.url(name);
  app.register(async (scope) => {
    // Only the console's own forms send this type; /api/v1 keeps answering 415 to it.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });

    const shell = async (req: FastifyRequest, reply: FastifyReply) => {
      const token = readSessionCookie(req.headers.cookie);
      const session = token ? await findSession(services.store.db, token, services.clock.now()) : null;
      if (!session || !token) {
        const reason = (req.query as Record<string, unknown>).reason;
        const notice = reason === 'signed-out' ? 'You have signed out.' : reason === 'ended' ? 'Your console session has ended. Sign in again.' : undefined;
        return sendPage(reply, 200, signInPage(url, { notice, next: nextPath(req.url) }));
      }
      if (req.url === '/console' || req.url.startsWith('/console?')) return reply.code(302).header('location', '/console/accounts').send();
      return sendPage(reply, 200, shellPage(url, session, csrfToken(services.sealer, token)));
    };
    scope.get('/console', shell);
    scope.get('/console/*', shell);

    scope.post('/console/sign-in', async (req, reply) => {
      const form = formOf(req);
      const next = nextPath(form.next) ?? '/console/accounts';
      if (!fromOwnPages(req, services.config.publicUrl)) return sendPage(reply, 403, signInPage(url, { error: 'This sign-in did not come from the console page; open /console and sign in there.' }));
      const apiKey = visible(form.apiKey);
      const apiSecret = visible(form.apiSecret);
      if (!apiKey || !apiSecret) return sendPage(reply, 400, signInPage(url, { error: 'Enter an API key and its API secret.', apiKey: apiKey ?? '', next }));
      const auth = await services.authenticator.authenticate(apiKey, apiSecret);
      if (!auth) return sendPage(reply, 401, signInPage(url, { error: 'This API key and secret do not match an active key pair.', apiKey, next }));
      if (auth.allowedIps && !ipAllowed(auth.allowedIps, req.ip)) {
        return sendPage(reply, 403, signInPage(url, { error: `This API key may not be used from this address (${req.ip}).`, apiKey, next }));
      }
      // Signing in again in the same browser replaces its session rather than leaving the old one behind.
      const previous = readSessionCookie(req.headers.cookie);
      if (previous) await deleteSession(services.store.db, previous);
      const session = await createSession(services.store.db, auth, services.clock.now());
      const secure = isSecure(req, services.config.publicUrl);
      return reply
        .code(303)
        .header('set-cookie', sessionCookie(session.token, { secure, maxAgeSeconds: Math.floor(SESSION_TTL_MS / 1000) }))
        .header('location', next)
        .header('cache-control', 'no-store')
        .send();
    });

    scope.post('/console/sign-out', async (req, reply) => {
      const token = readSessionCookie(req.headers.cookie);
      if (token) {
        if (!fromOwnPages(req, services.config.publicUrl) || !csrfMatches(services.sealer, token, formOf(req).csrf)) {
          return sendPage(reply, 403, signInPage(url, { error: 'Sign-out must come from the console page itself.' }));
        }
        await deleteSession(services.store.db, token);
      }
      return reply
        .code(303)
        .header('set-cookie', clearedSessionCookie(isSecure(req, services.config.publicUrl)))
        .header('location', '/console?reason=signed-out')
        .header('cache-control', 'no-store')
        .send();
    });
  });
  return assets;
}

function formOf(req: FastifyRequest): Record<string, unknown> {
  return req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
}

/** A credential as typed: visible ASCII, at most 200 characters (the API's own bound), else null. */
function visible(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return /^[\x21-\x7e]{1,200}$/.test(t) ? t : null;
}

/** Where to go after signing in: a console page of this server only (never another site). */
function nextPath(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const path = v.split('?')[0];
  return /^\/console\/[a-z]+(\/[A-Za-z0-9_-]{1,100})?$/.test(path) ? path : undefined;
}
