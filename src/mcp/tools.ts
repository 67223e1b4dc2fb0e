import type { Tool, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { actions } from '../actions/catalogue.ts';
import { buildOpenApi } from '../api/openapi.ts';
import type { Operation } from '../api/operation.ts';
import { allOperations } from '../api/operations.ts';

/** One MCP tool and the API operation it calls (none for wait_for_result, which polls get_response). */
export interface ToolSpec {
  tool: Tool;
  operation: string | null;
}

export const WAIT_TOOL = 'wait_for_result';
export const WAIT_DEFAULT_SECONDS = 60;
export const WAIT_MAX_SECONDS = 300;

const READ: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

/** The hints of a synchronous operation, from its declared effect. */
const HINTS: Record<Operation['effect'], ToolAnnotations> = {
  read: READ,
  write: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  idempotent: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  destructive: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
};

/**
 * Operations that are not tools, each for a reason; every other operation is one. They stay
 * available through the API. The rule: a secret does not belong in a model's context, where it
 * may be logged, echoed or sent on.
 */
export const EXCLUDED_OPERATIONS: Record<string, string> = {
  connect_account_cookies: 'takes LinkedIn session cookies',
  create_webhook: "answers the endpoint's signing secret",
  rotate_webhook_secret: "answers the endpoint's new signing secret",
  create_api_key: 'answers a new API secret',
};

interface DocOperation {
  operationId: string;
  summary: string;
  description: string;
  parameters?: { name: string; in: string; schema: Record<string, unknown>; description?: string }[];
  requestBody?: { content: { 'application/json': { schema: Record<string, unknown> } } };
}

/** A JSON copy of a schema: TypeBox's symbol keys and `$id` dropped, as MCP clients expect plain JSON Schema. */
function jsonSchema(schema: unknown): Tool['inputSchema'] {
  return JSON.parse(JSON.stringify(schema, (k, v) => (k === '$id' ? undefined : v))) as Tool['inputSchema'];
}

function sentence(s: string): string {
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/**
 * Every tool, derived from the declarations: one per asynchronous LinkedIn action (from the action
 * catalogue: name, description, input schema, side effect), one per other operation not excluded
 * above (from the OpenAPI document the server serves, hints from its declared effect), and
 * wait_for_result.
 */
export function buildTools(): ToolSpec[] {
  const operations = allOperations();
  const document = buildOpenApi(operations, { version: '0' }) as { paths: Record<string, Record<string, DocOperation>> };
  const byName = new Map<string, DocOperation>();
  for (const item of Object.values(document.paths)) for (const op of Object.values(item)) byName.set(op.operationId, op);

  const specs: ToolSpec[] = [];
  for (const a of actions) {
    // A login creates or reconnects an account (not read-only), and the same email always means the same account.
    const login = a.kind === 'login';
    const readOnly = !a.sideEffect && !login;
    specs.push({
      operation: a.name,
      tool: {
        name: a.name,
        title: a.summary,
        description:
          `${sentence(a.summary)} ${a.description}\n\n` +
          `Asynchronous: answers at once with an acknowledgement holding a requestId; call ${WAIT_TOOL} with it to get the outcome ` +
          `(${a.events.success} with the result, or ${a.events.failure} with a failure code).` +
          (a.sandboxOnly ? ' Sandbox workspaces only.' : ''),
        inputSchema: jsonSchema(a.input),
        annotations: {
          title: a.summary,
          readOnlyHint: readOnly,
          destructiveHint: a.destructive === true,
          idempotentHint: readOnly || login,
          openWorldHint: true,
        },
      },
    });
  }

  const actionNames = new Set<string>(actions.map((a) => a.name));
  for (const declared of operations) {
    const name = declared.name;
    if (actionNames.has(name) || name in EXCLUDED_OPERATIONS) continue;
    const annotations = HINTS[declared.effect];
    const op = byName.get(name)!;
    const params = (op.parameters ?? []).filter((p) => p.in === 'path');
    const inputSchema = op.requestBody
      ? jsonSchema(op.requestBody.content['application/json'].schema)
      : jsonSchema({ type: 'object', properties: Object.fromEntries(params.map((p) => [p.name, p.schema])), required: params.map((p) => p.name) });
    specs.push({
      operation: name,
      tool: { name, title: op.summary, description: `${sentence(op.summary)} ${op.description}`, inputSchema, annotations: { title: op.summary, ...annotations } },
    });
  }

  specs.push({
    operation: null,
    tool: {
      name: WAIT_TOOL,
      title: 'Wait for the outcome of a request',
      description:
        `Waits until an asynchronous request (the requestId of an action's acknowledgement) finishes, at most timeout_seconds ` +
        `(default ${WAIT_DEFAULT_SECONDS}, at most ${WAIT_MAX_SECONDS}), and returns its envelope: state SUCCESS with \`result\`, ` +
        'FAILED with the failure code in `error` and a `message`, CANCELLED, or PIN_REQUIRED (a login waiting for login_code). ' +
        'Actions wait in their account\'s queue with human-like pauses, so a request can still be QUEUED or RUNNING at the deadline: ' +
        'the answer then says so (`finished: false`); call this tool again.',
      inputSchema: {
        type: 'object',
        properties: {
          request_id: { type: 'string', minLength: 1, maxLength: 100, description: 'The requestId of the acknowledgement.' },
          timeout_seconds: { type: 'number', minimum: 1, maximum: WAIT_MAX_SECONDS, default: WAIT_DEFAULT_SECONDS, description: 'How long to wait at most.' },
        },
        required: ['request_id'],
        additionalProperties: false,
      },
      annotations: { title: 'Wait for the outcome of a request', ...READ },
    },
  });
  return specs;
}

/** The tools a credential pair may call: all, or those its `allowed_actions` name (wait_for_result needs get_response). */
export function toolsAllowed(specs: ToolSpec[], allowedActions: string[] | null): ToolSpec[] {
  if (!allowedActions) return specs;
  return specs.filter((s) => allowedActions.includes(s.operation ?? 'get_response'));
}
