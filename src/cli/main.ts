import { createApp, type App, type Role } from '../app.ts';
import { validIpOrCidr } from '../api/auth.ts';
import { allOperations } from '../api/operations.ts';
import { ConfigError, configTable, effectiveSettings, loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { migrate, openStore, type Store } from '../store/open.ts';
import { createKey, listKeys, revokeKey } from '../tenancy/keys.ts';
import { parseFlags } from './flags.ts';
import { liveCommand } from './live.ts';
import { describeDatabase, listeningMessage } from './where.ts';

const HELP = `welink: a self-hostable We-Link API

Usage:
  welink serve [--role all|api|worker]   start the API and/or the worker (default: all)
  welink migrate                          apply database migrations
  welink keys create --name NAME [--workspace ID] [--mode sandbox|live]
                     [--allow-action NAME ...] [--allow-ip IP/CIDR ...] [--json]
                                          create a credential pair (and a workspace unless --workspace)
  welink keys list [--workspace ID] [--json]
  welink keys revoke KEY                  revoke an API key
  welink config [--json|--markdown]       print the settings in effect and where each comes from
  welink live import-har FILE.har [--dry-run] [--json]
                                          store the LinkedIn query ids a browser recording (HAR) shows
  welink live check --account ACC_ID [--json] [--force]
                                          try the live provider's reads for one account (no side effect;
                                          refused while it is held or paused, unless --force)
  welink mcp [--url URL] [--api-key K] [--api-secret S]
                                          an MCP server on stdio for a running welink (see README)

Settings come from environment variables (welink config lists them); DATABASE_URL picks the database.`;

function fail(message: string): number {
  process.stderr.write(`welink: ${message}\n`);
  return 2;
}

function open(config: Config): Promise<Store> {
  return openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sqliteSynchronous: config.sqliteSynchronous, namedStatements: config.pgNamedStatements });
}

async function withStore<T>(config: Config, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await open(config);
  try {
    await migrate(store);
    return await fn(store);
  } finally {
    await store.close();
  }
}

type Command = (config: Config, args: string[]) => Promise<number> | number;

/** One line per subcommand. */
const COMMANDS: Record<string, Command> = {
  serve: (config, args) => serve(config, args),
  migrate: (config, args) => migrateCommand(config, args),
  keys: (config, args) => keys(config, args),
  config: (_config, args) => configCommand(args),
  live: (config, args) => liveCommand(config, args),
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP + '\n');
    return command ? 0 : 2;
  }
  // The MCP server talks to a running welink over HTTP: it needs no server configuration.
  if (command === 'mcp') return (await import('./mcp.ts')).mcpCommand(rest);
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) return fail(`unknown command ${JSON.stringify(command)}\n\n${HELP}`);
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) return fail(err.message);
    throw err;
  }
  try {
    return await run(config, rest);
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
}

function configCommand(args: string[]): number {
  const flags = parseFlags('config', args, { json: { type: 'boolean' }, markdown: { type: 'boolean' } });
  if (!flags.ok) return fail(flags.message);
  const { json, markdown } = flags.parsed.values;
  if (json && markdown) return fail('config: give --json or --markdown, not both');
  if (markdown) {
    process.stdout.write(configTable() + '\n');
    return 0;
  }
  const rows = effectiveSettings();
  if (json) {
    process.stdout.write(JSON.stringify(rows.map(({ env, value, source }) => ({ env, value, source }))) + '\n');
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.env.length));
  const valueWidth = Math.min(48, Math.max(...rows.map((r) => r.value.length)));
  for (const r of rows) process.stdout.write(`${r.env.padEnd(width)}  ${r.value.padEnd(valueWidth)}  ${r.source}\n`);
  return 0;
}

async function migrateCommand(config: Config, args: string[]): Promise<number> {
  const flags = parseFlags('migrate', args, {});
  if (!flags.ok) return fail(flags.message);
  const store = await open(config);
  let applied: string[];
  try {
    applied = await migrate(store);
  } finally {
    await store.close();
  }
  process.stdout.write(`${applied.length ? `applied ${applied.join(', ')}` : 'migrations up to date'} (database ${describeDatabase(config)})\n`);
  return 0;
}

async function serve(config: Config, args: string[]): Promise<number> {
  const flags = parseFlags('serve', args, { role: { type: 'string', default: 'all' } });
  if (!flags.ok) return fail(flags.message);
  const role = flags.parsed.values.role as Role;
  if (!['all', 'api', 'worker'].includes(role)) return fail('serve: --role accepts all, api or worker');
  const app = await createApp({ config, role });
  const { logger } = app.services;
  let bound: Awaited<ReturnType<App['start']>>;
  try {
    bound = await app.start();
  } catch (err) {
    await app.close().catch(() => {});
    return serveFailed(err, config);
  }
  const where = { role, database: app.store.dialect, databaseLocation: describeDatabase(config), dataDir: config.dataDir };
  if (role === 'worker') logger.info(where, 'worker started');
  else logger.info({ port: bound.port, host: bound.address, ...where }, listeningMessage(bound.address, bound.port));
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const hard = setTimeout(() => process.exit(1), 30000);
    hard.unref();
    app.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await new Promise(() => {});
  return 0;
}

/** One clear line for the ways `listen` fails; exit status 1 (2 is for usage and settings). */
function serveFailed(err: unknown, config: Config): number {
  const code = (err as NodeJS.ErrnoException).code;
  const at = `${config.host}:${config.port}`;
  const why: Record<string, string> = {
    EADDRINUSE: `cannot listen on ${at}: the port is already in use (is another welink running?). Stop it, or set PORT to a free port.`,
    EADDRNOTAVAIL: `cannot listen on ${at}: HOST ${JSON.stringify(config.host)} is not an address of this machine.`,
    ENOTFOUND: `cannot listen on ${at}: HOST ${JSON.stringify(config.host)} does not resolve to an address.`,
    EAI_AGAIN: `cannot listen on ${at}: HOST ${JSON.stringify(config.host)} could not be resolved (name lookup failed).`,
    EACCES: `cannot listen on ${at}: permission denied (ports below 1024 need privileges).`,
  };
  process.stderr.write(`welink: ${(code && why[code]) ?? `cannot start: ${err instanceof Error ? err.message : String(err)}`}\n`);
  return 1;
}

async function keys(config: Config, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'create') return createKeyCommand(config, rest);
  if (sub === 'list') {
    const flags = parseFlags('keys list', rest, { workspace: { type: 'string' }, json: { type: 'boolean', default: false } });
    if (!flags.ok) return fail(flags.message);
    const { values } = flags.parsed;
    const rows = await withStore(config, (store) => listKeys(store.db, values.workspace));
    if (values.json) process.stdout.write(JSON.stringify(rows) + '\n');
    else for (const r of rows) process.stdout.write(`${r.apiKey}  ${r.name}  ${r.workspaceId}  ${r.mode}  ${r.revokedAt ? 'revoked ' + r.revokedAt : 'active'}\n`);
    return 0;
  }
  if (sub === 'revoke') {
    const flags = parseFlags('keys revoke', rest, {}, 1);
    if (!flags.ok) return fail(flags.message);
    const key = flags.parsed.positionals[0];
    if (!key) return fail('keys revoke needs the API key');
    const ok = await withStore(config, (store) => revokeKey(store.db, key, Date.now()));
    if (!ok) return fail(`no active key ${key}`);
    process.stdout.write(`revoked ${key}\n`);
    return 0;
  }
  return fail('keys takes create, list or revoke');
}

async function createKeyCommand(config: Config, args: string[]): Promise<number> {
  const flags = parseFlags('keys create', args, {
    name: { type: 'string' },
    workspace: { type: 'string' },
    mode: { type: 'string' },
    json: { type: 'boolean', default: false },
    'allow-action': { type: 'string', multiple: true },
    'allow-ip': { type: 'string', multiple: true },
  });
  if (!flags.ok) return fail(flags.message);
  const { values } = flags.parsed;
  if (!values.name) return fail('keys create needs --name NAME');
  if (values.mode && values.mode !== 'sandbox' && values.mode !== 'live') return fail('--mode accepts sandbox or live');
  const ips = values['allow-ip'];
  if (ips && ips.some((ip) => !validIpOrCidr(ip))) return fail('--allow-ip accepts an IPv4/IPv6 address or CIDR');
  const actions = values['allow-action'];
  const known = allOperations().map((op) => op.name);
  const unknown = actions?.filter((a) => !known.includes(a)) ?? [];
  if (unknown.length > 0) {
    // A key restricted to names no operation has would answer 403 on every call.
    return fail(`--allow-action ${unknown.map((a) => JSON.stringify(a)).join(', ')}: no such operation. Valid names: ${known.join(', ')}`);
  }
  const created = await withStore(config, (store) =>
    createKey(store.db, {
      name: values.name!,
      workspaceId: values.workspace,
      mode: values.mode as 'sandbox' | 'live' | undefined,
      allowedActions: actions,
      allowedIps: ips,
      now: Date.now(),
    }),
  );
  if ('error' in created) return fail(created.error);
  const database = `database   ${describeDatabase(config)}\ndata dir   ${config.dataDir}\n`;
  if (values.json) {
    // stdout stays one JSON object for scripts; where it was stored goes to the terminal.
    process.stdout.write(JSON.stringify(created) + '\n');
    process.stderr.write(database);
  } else {
    process.stdout.write(
      `workspace     ${created.workspaceId}\nx-api-key     ${created.apiKey}\nx-api-secret  ${created.apiSecret}\n\n${database}\nThe secret is shown only now; store it safely.\n`,
    );
  }
  return 0;
}
