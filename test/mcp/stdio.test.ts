import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startServer, type Credentials, type RunningServer } from '../sdk/server.ts';
import { agentJourney } from './support.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin/welink.mjs');

/** This process's environment for a child, without the test runner's marker and any WELINK_* of ours. */
function childEnv(extra: Record<string, string>): Record<string, string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && k !== 'NODE_TEST_CONTEXT' && !k.startsWith('WELINK_'))) as Record<string, string>;
  return { ...env, ...extra };
}

function runMcp(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'mcp', ...args], { cwd: ROOT, env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('mcp: stdio (`welink mcp`) against a running server', () => {
  let server: RunningServer;
  let creds: Credentials;
  let dataDir: string;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'welink-mcp-stdio-'));
    server = await startServer({ dialect: 'sqlite', databaseUrl: '', dataDir });
    creds = await server.tenant();
  });
  after(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('configured by WELINK_URL / WELINK_API_KEY / WELINK_API_SECRET: the agent journey', async () => {
    const stderr: string[] = [];
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp'],
      cwd: ROOT,
      env: childEnv({ WELINK_URL: server.url, WELINK_API_KEY: creds.apiKey, WELINK_API_SECRET: creds.apiSecret }),
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (c) => stderr.push(String(c)));
    const client = new Client({ name: 'welink-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      assert.equal(client.getServerVersion()?.name, 'welink');
      await agentJourney(client);
    } finally {
      await client.close();
    }
    assert.equal(stderr.join(''), '', 'nothing on stderr');
  });

  it('configured by flags, which win over the variables', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp', '--url', server.url, '--api-key', creds.apiKey, '--api-secret', creds.apiSecret],
      cwd: ROOT,
      env: childEnv({ WELINK_URL: 'http://127.0.0.1:9', WELINK_API_KEY: 'wl_key_wrong', WELINK_API_SECRET: 'wl_secret_wrong' }),
      stderr: 'pipe',
    });
    const client = new Client({ name: 'welink-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const res = await client.callTool({ name: 'get_all_ln_accounts', arguments: {} });
      assert.equal(res.isError, undefined);
    } finally {
      await client.close();
    }
  });

  it('refuses to start without credentials, or with credentials the server refuses, saying why', async () => {
    const [none, wrong, badUrl] = await Promise.all([
      runMcp([], { WELINK_URL: server.url }),
      runMcp(['--api-key', creds.apiKey, '--api-secret', 'wl_secret_wrong'], { WELINK_URL: server.url }),
      runMcp(['--url', 'ftp://x'], { WELINK_API_KEY: 'k', WELINK_API_SECRET: 's' }),
    ]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /WELINK_API_KEY \(--api-key\) is required/);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /refused the credentials: UNAUTHORIZED/);
    assert.equal(badUrl.code, 2);
    assert.match(badUrl.stderr, /must be http:\/\/ or https:\/\//);
  });
});
