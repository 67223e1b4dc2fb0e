import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { securityHeaders } from './html.ts';

/**
 * The console's static files (plain JS modules and CSS, no build step), read once at start from
 * src/console/assets and served under /console/assets/. URLs carry a content hash (`?v=`), so
 * browsers may cache them for a year and still never run a stale file after an upgrade.
 */

const ROOT = fileURLToPath(new URL('./assets/', import.meta.url));
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

interface Asset {
  body: Buffer;
  type: string;
  version: string;
}

function load(): Map<string, Asset> {
  const out = new Map<string, Asset>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const type = TYPES[name.slice(name.lastIndexOf('.'))];
        if (!type) continue;
        const body = readFileSync(path);
        out.set(relative(ROOT, path).split('\\').join('/'), { body, type, version: createHash('sha256').update(body).digest('hex').slice(0, 12) });
      }
    }
  };
  walk(ROOT);
  return out;
}

export interface Assets {
  /** The URL of an asset, with its version. */
  url(name: string): string;
}

export function registerAssets(app: FastifyInstance): Assets {
  const assets = load();
  app.get('/console/assets/*', async (req, reply) => {
    const name = (req.params as { '*': string })['*'];
    const asset = assets.get(name);
    if (!asset) return reply.callNotFound();
    const etag = `"${asset.version}"`;
    const cache = (req.query as Record<string, unknown>).v === asset.version ? 'public, max-age=31536000, immutable' : 'no-cache';
    securityHeaders(reply).header('etag', etag).header('cache-control', cache);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  });
  return {
    url(name) {
      const asset = assets.get(name);
      if (!asset) throw new Error(`no console asset ${name}`);
      return `/console/assets/${name}?v=${asset.version}`;
    },
  };
}
