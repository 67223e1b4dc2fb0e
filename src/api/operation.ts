import type { TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AuthInfo } from './auth.ts';
import type { Services } from './services.ts';

export interface OperationContext<B = any> {
  auth: AuthInfo;
  body: B;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: FastifyRequest['headers'];
  services: Services;
  ip: string;
  /** Set when the hosted connection page runs the operation in-process for one of its links. */
  connectLinkId?: string;
}

export interface OperationAnswer {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * One HTTP operation, declared once: its route, its validation and its OpenAPI entry come from
 * here. Asynchronous LinkedIn actions are turned into operations by api/routes/actions.ts.
 */
export interface Operation {
  /** Operation id; also the name used by per-key `allowed_actions` restrictions. */
  name: string;
  method: 'GET' | 'POST' | 'DELETE' | 'PATCH';
  /** Fastify path, e.g. /api/v1/get_response or /api/v1/requests/:id */
  path: string;
  summary: string;
  description: string;
  tag: string;
  body?: TSchema;
  params?: TSchema;
  querystring?: TSchema;
  /** Success status and body schema, for the docs. */
  response: { status: number; schema: TSchema; description: string };
  /** Error codes the operation can answer with (beyond auth and validation), for the docs. */
  errors?: string[];
  example?: unknown;
  exampleResponse?: unknown;
  /** `sync`: counts against the per-key limit on synchronous calls; `action`: the per-account hourly limit. */
  limit: 'sync' | 'action';
  /** Extra OpenAPI fields (callbacks, extensions). */
  openapi?: Record<string, unknown>;
  handler: (ctx: OperationContext) => Promise<OperationAnswer>;
}

export function defineOperation(op: Operation): Operation {
  return op;
}
