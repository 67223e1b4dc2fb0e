import { readFileSync } from 'node:fs';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Welink } from '@welink/sdk';
import { callTool, type ErrorLog } from './call.ts';
import { loadMcpServerSdk } from './sdk.ts';
import type { ToolSpec } from './tools.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface McpServerOptions {
  /** The API client every tool call goes through, with the caller's credentials. */
  welink: Welink;
  tools: ToolSpec[];
  /** Aborts running tool calls (a server shutting down, a client gone). */
  signal: AbortSignal;
  log: ErrorLog;
}

/** The MCP server of one connection (stdio) or one HTTP request (stateless Streamable HTTP): tools only. */
export async function createMcpServer(o: McpServerOptions): Promise<Server> {
  const { Server, CallToolRequestSchema, ListToolsRequestSchema, McpError, ErrorCode } = await loadMcpServerSdk();
  const server = new Server(
    { name: 'welink', version: VERSION },
    {
      capabilities: { tools: {} },
      instructions:
        'Drives LinkedIn accounts through welink. LinkedIn actions are asynchronous: a tool answers with a requestId at once, ' +
        'and wait_for_result returns the outcome. Start with get_all_ln_accounts (or login_v2) to get an accountId.',
    },
  );
  const byName = new Map(o.tools.map((t) => [t.tool.name, t]));
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: o.tools.map((t) => t.tool) }));
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const spec = byName.get(request.params.name);
    if (!spec) throw new McpError(ErrorCode.InvalidParams, `Unknown tool ${JSON.stringify(request.params.name)}; tools/list names them.`);
    return callTool(o.welink, spec, request.params.arguments ?? {}, AbortSignal.any([o.signal, extra.signal]), o.log);
  });
  return server;
}
