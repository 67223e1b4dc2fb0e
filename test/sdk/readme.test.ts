import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from './server.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The first ```ts block after a README heading. */
function snippet(heading: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const m = /```ts\n([\s\S]*?)```/.exec(section);
  assert.ok(m, `a ts block under ${heading}`);
  return m[1];
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...(process.env as Record<string, string>), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

let server: RunningServer;
let dataDir: string;
before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'welink-readme-'));
  server = await startServer({ dialect: 'sqlite', databaseUrl: '', dataDir });
});
after(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it("the README's SDK example type-checks and runs against a real server", async () => {
  // Inside the repository (in the ignored .tmp/) so that `@welink/sdk` resolves as it would for a user.
  const dir = join(ROOT, '.tmp', `readme-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'sdk-example.ts');
  writeFileSync(file, snippet('## TypeScript SDK').replace('http://localhost:8080', server.url));
  try {
    const tsc = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node', file]);
    assert.equal(tsc.code, 0, tsc.out);
    const creds = await server.tenant();
    const ran = await run(process.execPath, ['--import', 'tsx', file], { KEY: creds.apiKey, SECRET: creds.apiSecret });
    assert.equal(ran.code, 0, ran.out);
    assert.match(ran.out, /^\d+ Thanks for your message!$/m, 'the MESSAGE_REPLY event was printed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it("the README's MCP client configurations are valid JSON naming both transports", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## MCP server'), readme.indexOf('## How it behaves'));
  const configs = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]).mcpServers.welink);
  assert.deepEqual(configs.map((c) => c.url ?? c.args), ['http://localhost:8080/mcp', ['/path/to/welink/bin/welink.mjs', 'mcp']]);
  assert.deepEqual(Object.keys(configs[0].headers), ['x-api-key', 'x-api-secret']);
  assert.deepEqual(Object.keys(configs[1].env), ['WELINK_URL', 'WELINK_API_KEY', 'WELINK_API_SECRET']);
});
