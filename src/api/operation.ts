import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AuthInfo } from './auth.ts';
import type { ErrorCode } from './errors.ts';
import type { Services } from './services.ts';

/** What a handler receives: the caller, its validated input, and the services. */
export interface OperationContext<B = unknown, P = unknown, Q = unknown> {
  auth: AuthInfo;
  body: B;
  params: P;
  query: Q;
  headers: FastifyRequest['headers'];
  services: Services;
  ip: string;
  /** Set when the hosted connection page runs the operation in-process for one of its links. */
  connectLinkId?: string;
}

export interface OperationAnswer {
  status?: number;
  body: unknown;
  /** `body` already serialized as JSON (a hot path that keeps its answers): sent as is. */
  json?: string;
  headers?: Record<string, string>;
}

/** An operation's description: its route, its docs and its limits. */
interface OperationFields {
  /** Operation id; also the name used by per-key `allowed_actions` restrictions. */
  name: string;
  /**
   * What a call does (an action: what it does on LinkedIn), for clients that plan calls (MCP tool hints): `read` changes
   * nothing; `write` changes something; `idempotent` writes whose repeat with the same input
   * changes nothing more; `destructive` ends or removes something (repeating it changes nothing more).
   */
  effect: 'read' | 'write' | 'idempotent' | 'destructive';
  method: 'GET' | 'POST' | 'DELETE' | 'PATCH';
  /** Fastify path, e.g. /api/v1/get_response or /api/v1/requests/:id */
  path: string;
  summary: string;
  description: string;
  tag: string;
  /** Success status and body schema, for the docs. */
  response: { status: number; schema: TSchema; description: string };
  /** Error codes the operation can answer with (beyond auth and validation), for the docs. */
  errors?: ErrorCode[];
  example?: unknown;
  exampleResponse?: unknown;
  /** `sync`: counts against the per-key limit on synchronous calls; `action`: the per-account hourly limit. */
  limit: 'sync' | 'action';
  /** Extra OpenAPI fields (callbacks, extensions). */
  openapi?: Record<string, unknown>;
}

/** An operation as declared: its handler sees the static types of its own schemas. */
export interface OperationSpec<B extends TSchema, P extends TSchema, Q extends TSchema> extends OperationFields {
  body?: B;
  params?: P;
  querystring?: Q;
  handler: (ctx: OperationContext<Static<B>, Static<P>, Static<Q>>) => Promise<OperationAnswer>;
}

/**
 * One HTTP operation, declared once: its route, its validation and its OpenAPI entry come from
 * here. Asynchronous LinkedIn actions are turned into operations by api/routes/actions.ts.
 */
export interface Operation extends OperationFields {
  body?: TSchema;
  params?: TSchema;
  querystring?: TSchema;
  handler: (ctx: OperationContext) => Promise<OperationAnswer>;
}

type Empty = TObject<{}>;

export function defineOperation<B extends TSchema = Empty, P extends TSchema = Empty, Q extends TSchema = Empty>(spec: OperationSpec<B, P, Q>): Operation {
  return {
    ...spec,
    // The server validates body, params and query against these very schemas before a handler runs.
    handler: (ctx) => spec.handler(ctx as OperationContext<Static<B>, Static<P>, Static<Q>>),
  };
}
