import { parseArgs } from 'node:util';
import { Welink, WelinkError } from '@welink/sdk';
import { createMcpServer } from '../mcp/server.ts';
import { buildTools } from '../mcp/tools.ts';

const HELP = `welink mcp: an MCP server on stdin/stdout for AI agents, calling a running welink over HTTP

Usage:
  welink mcp [--url URL] [--api-key KEY] [--api-secret SECRET]

Settings (a flag wins over its variable):
  --url         WELINK_URL          where welink runs (default http://localhost:8080)
  --api-key     WELINK_API_KEY      a credential pair from \`welink keys create\`
  --api-secret  WELINK_API_SECRET`;

export interface StdioSettings {
  url: string;
  apiKey: string;
  apiSecret: string;
}

/**
 * The stdio MCP server's only settings, from its flags or else its three environment variables
 * (WELINK_URL, WELINK_API_KEY, WELINK_API_SECRET). It is a client of a running welink: the
 * server's own configuration (src/config) does not concern it. Answers a problem as a string.
 */
export function stdioSettings(flags: { url?: string; 'api-key'?: string; 'api-secret'?: string }, env: Record<string, string | undefined> = process.env): StdioSettings | string {
  const url = flags.url ?? env.WELINK_URL ?? 'http://localhost:8080';
  const apiKey = flags['api-key'] ?? env.WELINK_API_KEY ?? '';
  const apiSecret = flags['api-secret'] ?? env.WELINK_API_SECRET ?? '';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `WELINK_URL (--url) is not a URL: ${JSON.stringify(url)}`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `WELINK_URL (--url) must be http:// or https://, not ${parsed.protocol}`;
  if (!apiKey) return 'WELINK_API_KEY (--api-key) is required: create a pair with `welink keys create --name agent`';
  if (!apiSecret) return 'WELINK_API_SECRET (--api-secret) is required';
  return { url, apiKey, apiSecret };
}

function say(message: string): void {
  // stdout carries the protocol: everything for people goes to stderr.
  process.stderr.write(`welink mcp: ${message}\n`);
}

/** `welink mcp`: serves MCP on stdio until stdin closes. */
export async function mcpCommand(argv: string[]): Promise<number> {
  let values: { url?: string; 'api-key'?: string; 'api-secret'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { url: { type: 'string' }, 'api-key': { type: 'string' }, 'api-secret': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (err) {
    say(`${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stderr.write(HELP + '\n');
    return 0;
  }
  const settings = stdioSettings(values);
  if (typeof settings === 'string') {
    say(settings);
    return 2;
  }

  const welink = new Welink({ baseUrl: settings.url, apiKey: settings.apiKey, apiSecret: settings.apiSecret });
  // Fail fast on credentials the server refuses; a server that is down may come up later.
  try {
    await welink.get_all_ln_accounts();
  } catch (err) {
    if (err instanceof WelinkError && (err.statusCode === 401 || err.statusCode === 403)) {
      say(`${settings.url} refused the credentials: ${err.code}: ${err.message}`);
      return 2;
    }
    say(`warning: ${settings.url} did not answer yet (${err instanceof Error ? err.message : String(err)}); tools will report errors until it does`);
  }

  const stopping = new AbortController();
  const server = await createMcpServer({
    welink,
    tools: buildTools(),
    signal: stopping.signal,
    log: (err, tool) => say(`tool ${tool} failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  });
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  // Imported here, by name: a static import would be hoisted to the start of the bundle, which
  // every command, `serve` too, loads (see src/mcp/sdk.ts).
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  await server.connect(new StdioServerTransport());
  const stop = () => {
    stopping.abort();
    void server.close();
  };
  process.stdin.once('end', stop);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await closed;
  return 0;
}
