import { parseArgs } from 'node:util';
import { createApp, type Role } from '../app.ts';
import { ConfigError, configTable, loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { migrate, openStore } from '../store/open.ts';
import { createKey, listKeys, revokeKey } from '../tenancy/keys.ts';
import { validIpOrCidr } from '../api/auth.ts';

const HELP = `welink: a self-hostable We-Link API

Usage:
  welink serve [--role all|api|worker]   start the API and/or the worker (default: all)
  welink migrate                          apply database migrations
  welink keys create --name NAME [--workspace ID] [--mode sandbox|live]
                     [--allow-action NAME ...] [--allow-ip IP/CIDR ...] [--json]
                                          create a credential pair (and a workspace unless --workspace)
  welink keys list [--workspace ID] [--json]
  welink keys revoke KEY                  revoke an API key
  welink config                           print the configuration table

Settings come from environment variables (welink config lists them); DATABASE_URL picks the database.`;

function fail(message: string): number {
  process.stderr.write(`welink: ${message}\n`);
  return 2;
}

async function withStore<T>(config: Config, fn: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sqliteSynchronous: config.sqliteSynchronous as 'FULL' });
  try {
    await migrate(store);
    return await fn(store);
  } finally {
    await store.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP + '\n');
    return command ? 0 : 2;
  }
  if (command === 'mcp') return (await import('./mcp.ts')).mcpCommand(rest);
  if (command === 'config') {
    process.stdout.write(configTable() + '\n');
    return 0;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) return fail(err.message);
    throw err;
  }

  try {
    switch (command) {
      case 'serve':
        return await serve(config, rest);
      case 'migrate': {
        const applied = await withStore(config, async () => []);
        process.stdout.write(`migrations up to date${applied.length ? '' : ''}\n`);
        return 0;
      }
      case 'keys':
        return await keys(config, rest);
      default:
        return fail(`unknown command ${JSON.stringify(command)}\n\n${HELP}`);
    }
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
}

async function serve(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { role: { type: 'string', default: 'all' } }, strict: true });
  const role = values.role as Role;
  if (!['all', 'api', 'worker'].includes(role)) return fail('--role accepts all, api or worker');
  const app = await createApp({ config, role });
  const { port } = await app.start();
  app.services.logger.info({ port, role, database: app.store.dialect }, role === 'worker' ? 'worker started' : `welink listening on http://localhost:${port} (docs at /docs)`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.services.logger.info({ signal }, 'shutting down');
    const hard = setTimeout(() => process.exit(1), 30000);
    hard.unref();
    app.close().then(
      () => process.exit(0),
      (err) => {
        app.services.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await new Promise(() => {});
  return 0;
}

async function keys(config: Config, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        name: { type: 'string' },
        workspace: { type: 'string' },
        mode: { type: 'string' },
        json: { type: 'boolean', default: false },
        'allow-action': { type: 'string', multiple: true },
        'allow-ip': { type: 'string', multiple: true },
      },
      strict: true,
    });
    if (!values.name) return fail('keys create needs --name NAME');
    if (values.mode && values.mode !== 'sandbox' && values.mode !== 'live') return fail('--mode accepts sandbox or live');
    const ips = values['allow-ip'];
    if (ips && ips.some((ip) => !validIpOrCidr(ip))) return fail('--allow-ip accepts an IPv4/IPv6 address or CIDR');
    const created = await withStore(config, (store) =>
      createKey(store.db, {
        name: values.name!,
        workspaceId: values.workspace,
        mode: values.mode as 'sandbox' | 'live' | undefined,
        allowedActions: values['allow-action'],
        allowedIps: ips,
        now: Date.now(),
      }),
    );
    if ('error' in created) return fail(created.error);
    if (values.json) process.stdout.write(JSON.stringify(created) + '\n');
    else
      process.stdout.write(
        `workspace  ${created.workspaceId}\nx-api-key     ${created.apiKey}\nx-api-secret  ${created.apiSecret}\n\nThe secret is shown only now; store it safely.\n`,
      );
    return 0;
  }
  if (sub === 'list') {
    const { values } = parseArgs({ args: rest, options: { workspace: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
    const rows = await withStore(config, (store) => listKeys(store.db, values.workspace));
    if (values.json) process.stdout.write(JSON.stringify(rows) + '\n');
    else for (const r of rows) process.stdout.write(`${r.apiKey}  ${r.name}  ${r.workspaceId}  ${r.mode}  ${r.revokedAt ? 'revoked ' + r.revokedAt : 'active'}\n`);
    return 0;
  }
  if (sub === 'revoke') {
    const key = rest[0];
    if (!key) return fail('keys revoke needs the API key');
    const ok = await withStore(config, (store) => revokeKey(store.db, key, Date.now()));
    if (!ok) return fail(`no active key ${key}`);
    process.stdout.write(`revoked ${key}\n`);
    return 0;
  }
  return fail('keys takes create, list or revoke');
}
