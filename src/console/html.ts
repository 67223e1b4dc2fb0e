import type { FastifyReply } from 'fastify';

/**
 * HTML pages of the console and the hosted connection page. Every page goes out with a strict
 * Content-Security-Policy: scripts, styles and connections only from this server, no inline script or
 * style, no framing, forms only to this server, and a Referer only to this server (a connection
 * link's token stays out of other servers' logs; `no-referrer` would also blank the Origin header of
 * the pages' own form posts, which the CSRF checks read).
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return securityHeaders(reply).code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

export function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface PageOptions {
  title: string;
  /** Trusted HTML of the body (build it with escapeHtml for any value). */
  body: string;
  /** Module scripts under /console/assets/. */
  scripts?: string[];
  /** Extra <meta> name/content pairs (the CSRF token). */
  meta?: Record<string, string>;
  bodyClass?: string;
}

export function page(o: PageOptions, assetUrl: (name: string) => string): string {
  const meta = Object.entries(o.meta ?? {})
    .map(([name, content]) => `\n    <meta name="${escapeHtml(name)}" content="${escapeHtml(content)}" />`)
    .join('');
  const scripts = (o.scripts ?? []).map((s) => `\n    <script type="module" src="${escapeHtml(assetUrl(s))}"></script>`).join('');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />${meta}
    <title>${escapeHtml(o.title)}</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${escapeHtml(assetUrl('console.css'))}" />${scripts}
  </head>
  <body${o.bodyClass ? ` class="${escapeHtml(o.bodyClass)}"` : ''}>
${o.body}
  </body>
</html>
`;
}
