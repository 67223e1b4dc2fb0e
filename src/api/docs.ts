import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** Options for {@link registerDocs}. */
export interface DocsOptions {
  /** Builds the OpenAPI 3.1 document; called once, on the first request for it. */
  openapi: () => object;
  /** Page title of `/docs`. */
  title: string;
}

// Self-contained browser bundle of Scalar's API reference (no CDN, no internet needed). It ships inside
// @scalar/fastify-api-reference, pinned to 1.46.4 in package.json: byte for byte the bundle of
// @scalar/api-reference 1.46.4, without that package's 200 MB of dependencies (1.47 to 1.66 need
// Node 22; 1.72.1, the newest for Node 20, inlines the bundle in its module instead of shipping a file). Only this file is
// used; the plugin itself is never loaded. The package exports only its entry, so the file is found
// next to it.
const scalarEntry = createRequire(import.meta.url).resolve('@scalar/fastify-api-reference');
const scalarBundle = join(dirname(scalarEntry), 'js/standalone.js');
const scalarVersion = (JSON.parse(readFileSync(join(dirname(scalarEntry), '../package.json'), 'utf8')) as { version: string }).version;

/**
 * Registers the public (unauthenticated) documentation routes:
 * - `GET /openapi.json`: the OpenAPI document,
 * - `GET /docs`: the interactive reference with a "try it" client that calls this same server,
 * - `GET /docs/scalar.js`: the reference's script, served from the installed package.
 */
export function registerDocs(app: FastifyInstance, opts: DocsOptions): void {
  let json: string | undefined;
  app.get('/openapi.json', async (_req, reply) => {
    json ??= JSON.stringify(opts.openapi());
    return reply.type('application/json; charset=utf-8').send(json);
  });

  const html = docsPage(opts.title);
  app.get('/docs', async (_req, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html),
  );

  app.get('/docs/scalar.js', async (_req, reply) =>
    // The page links the script with ?v=<version>, so a year-long immutable cache is safe across upgrades.
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(createReadStream(scalarBundle)),
  );
}

// Nothing on the page may reach another host. Turned off: the fonts from fonts.scalar.com, the AI agent
// (on by default for localhost), the developer toolbar (its "share" uploads the document to scalar.com),
// the request proxy, and the "Open API Client" links to client.scalar.com (`hideClientButton`; the
// in-page "Test Request" client stays). `servers` points try-it at the origin that served the page,
// whatever host name or reverse proxy it is reached through.
function docsPage(title: string): string {
  const config = `{
        url: '/openapi.json',
        servers: [{ url: window.location.origin, description: 'This server' }],
        withDefaultFonts: false,
        telemetry: false,
        agent: { disabled: true },
        showDeveloperTools: 'never',
        hideClientButton: true,
        documentDownloadType: 'json',
        proxyUrl: '',
      }`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)}</title>
    <link rel="icon" href="data:," />
  </head>
  <body>
    <div id="app"></div>
    <script src="/docs/scalar.js?v=${encodeURIComponent(scalarVersion)}"></script>
    <script>
      Scalar.createApiReference('#app', ${config});
    </script>
  </body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
