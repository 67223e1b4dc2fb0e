/**
 * The parts of the MCP SDK welink uses, loaded on first use: with the zod it brings, the SDK is
 * about 7 MiB of heap, which a server that is never asked for /mcp should not hold.
 *
 * The packages are imported here by name, never through a static import in src/: the build bundles
 * src/ into one file (scripts/build.mjs), which would hoist any module's static imports of a package
 * to the bundle's start, lazily imported module or not. test/tooling/bundle.test.ts checks it.
 */
export async function loadMcpServerSdk() {
  const [server, types, http] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/index.js'),
    import('@modelcontextprotocol/sdk/types.js'),
    import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'),
  ]);
  return {
    Server: server.Server,
    CallToolRequestSchema: types.CallToolRequestSchema,
    ListToolsRequestSchema: types.ListToolsRequestSchema,
    McpError: types.McpError,
    ErrorCode: types.ErrorCode,
    WebStandardStreamableHTTPServerTransport: http.WebStandardStreamableHTTPServerTransport,
  };
}
