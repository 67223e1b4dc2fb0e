import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { RunContext } from '../actions/run-context.ts';
import type { Config } from '../config/schema.ts';
import { accountRunContext } from '../engine/run-context.ts';
import { pauseAccount } from '../engine/transitions/account.ts';
import { activeHolds, holdAccount, holdPolicyOf } from '../engine/transitions/holds.ts';
import { systemClock, type Clock } from '../lib/clock.ts';
import { createLogger } from '../lib/logger.ts';
import { loadMasterKey } from '../lib/master-key.ts';
import { systemRandom } from '../lib/random.ts';
import { Sealer } from '../lib/secrets.ts';
import type { CheckResult } from '../providers/live/check.ts';
import { HarError, planImport, scanHar, type HarPlan } from '../providers/live/har.ts';
import { createLiveProvider } from '../providers/live/provider.ts';
import { readStoredQueryIds, writeQueryIds } from '../providers/live/query-id-table.ts';
import { defaultQueryIds, type QueryIds } from '../providers/live/query-ids.ts';
import { migrate, openStore, type Store } from '../store/open.ts';
import type { Account } from '../store/tables.ts';
import { WEBHOOK_CHANNEL } from '../webhooks/dispatcher.ts';
import { parseFlags } from './flags.ts';

/** Where the command writes, and what it may replace in tests (the pause between LinkedIn calls, the clock). */
export interface LiveIo {
  out(text: string): void;
  err(text: string): void;
  sleep?: (ms: number) => Promise<void>;
  clock?: Clock;
}

const processIo: LiveIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

const USAGE = `welink live import-har FILE.har [--dry-run] [--json]
                 store the LinkedIn query ids, decorations and client version a browser recording shows
welink live check --account ACC_ID [--json] [--force]
                 try every read the live provider makes, for one account, and say which LinkedIn accepts
                 (refused while the account is held or paused, unless --force)`;

/** A HAR bigger than this is not a recording of a few LinkedIn pages. */
const MAX_HAR_BYTES = 512 * 1024 * 1024;

/** `welink live …`: exit 0 when done, 1 when a check failed, 2 for usage and input errors. */
export async function liveCommand(config: Config, args: string[], io: LiveIo = processIo): Promise<number> {
  const [sub, ...rest] = args;
  const usage = (message: string) => {
    io.err(`welink: ${message}\n`);
    return 2;
  };
  if (sub === 'import-har') return importHar(config, rest, io, usage);
  if (sub === 'check') return check(config, rest, io, usage);
  return usage(`live takes import-har or check\n\n${USAGE}`);
}

async function withStore<T>(config: Config, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sqliteSynchronous: config.sqliteSynchronous as 'FULL', namedStatements: config.pgNamedStatements });
  try {
    await migrate(store);
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function importHar(config: Config, args: string[], io: LiveIo, usage: (m: string) => number): Promise<number> {
  const flags = parseFlags('live import-har', args, { 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } }, 1);
  if (!flags.ok) return usage(flags.message);
  const file = flags.parsed.positionals[0];
  if (!file) return usage('live import-har needs the HAR file: welink live import-har FILE.har');
  let scan;
  try {
    if (statSync(file).size > MAX_HAR_BYTES) return usage(`live import-har: ${file} is larger than 512 MiB; record only a few LinkedIn pages`);
    scan = scanHar(JSON.parse(readFileSync(file, 'utf8')));
  } catch (err) {
    const why = err instanceof HarError ? err.message : err instanceof SyntaxError ? 'not JSON' : (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    return usage(`live import-har: cannot read ${file}: ${why}`);
  }
  const now = (io.clock ?? systemClock).now();
  const { dryRun, json } = { dryRun: flags.parsed.values['dry-run'], json: flags.parsed.values.json };
  const plan = await withStore(config, async (store) => {
    const stored = await readStoredQueryIds(store.db);
    const current: QueryIds = { ...defaultQueryIds, ...Object.fromEntries(stored.map((r) => [r.key, r.value])) };
    const p = planImport(scan, current);
    if (!dryRun && p.changed.length > 0) {
      await writeQueryIds(store.db, Object.fromEntries(p.changed.map((c) => [c.key, c.to])), `har:${basename(file)} ${new Date(now).toISOString()}`, now);
    }
    return p;
  });
  if (json) io.out(JSON.stringify({ ...plan, stored: !dryRun && plan.changed.length > 0, entries: scan.entries, voyagerRequests: scan.voyager }) + '\n');
  else io.out(describePlan(plan, { dryRun, entries: scan.entries, voyager: scan.voyager }));
  return 0;
}

function describePlan(plan: HarPlan, o: { dryRun: boolean; entries: number; voyager: number }): string {
  const lines: string[] = [`${o.entries} requests in the HAR, ${o.voyager} to LinkedIn's API.`];
  const w = 34;
  for (const c of plan.changed) lines.push(`changed    ${c.key.padEnd(w)} ${c.from || '(none)'} -> ${c.to}`);
  for (const u of plan.unchanged) lines.push(`unchanged  ${u.key.padEnd(w)} ${u.value}`);
  for (const k of plan.notSeen) lines.push(`not seen   ${k.padEnd(w)} no request in the HAR carries it (the default or stored value stays)`);
  for (const u of plan.unknown) lines.push(`unknown    ${u.value} (${u.count} request${u.count === 1 ? '' : 's'}): ${u.note}`);
  const n = plan.changed.length;
  lines.push(
    n === 0 ? 'Nothing to change.' : o.dryRun ? `${n} value${n === 1 ? '' : 's'} would change (dry run: nothing stored).` : `${n} value${n === 1 ? '' : 's'} stored; running welink processes use ${n === 1 ? 'it' : 'them'} within a minute.`,
  );
  lines.push('The HAR holds your LinkedIn session cookies: delete it now.');
  return lines.join('\n') + '\n';
}

async function check(config: Config, args: string[], io: LiveIo, usage: (m: string) => number): Promise<number> {
  const flags = parseFlags('live check', args, { account: { type: 'string' }, json: { type: 'boolean', default: false }, force: { type: 'boolean', default: false } });
  if (!flags.ok) return usage(flags.message);
  const accountId = flags.parsed.values.account;
  if (!accountId) return usage('live check needs --account ACC_ID');
  // Without the server's master key the account's cookies cannot be opened; never create a new key here.
  if (!config.masterKey && !existsSync(join(config.dataDir, 'master.key'))) {
    return usage(`live check: no master key (WELINK_MASTER_KEY, or master.key in ${config.dataDir}): run it with the server's settings`);
  }
  const sealer = new Sealer(loadMasterKey(config).key);
  const clock = io.clock ?? systemClock;
  return withStore(config, async (store) => {
    const account = await store.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
    if (!account) return usage(`live check: no account ${accountId}`);
    const workspace = await store.db.selectFrom('workspaces').select('mode').where('id', '=', account.workspace_id).executeTakeFirst();
    if (workspace?.mode !== 'live') return usage(`live check: account ${accountId} is in a sandbox workspace; live check talks to LinkedIn`);
    if (account.status === 'DISCONNECTED') return usage(`live check: account ${accountId} is disconnected`);
    // A held or paused account gets nothing from welink until the hold ends or its owner acts: a check is a call too.
    const stop = flags.parsed.values.force ? null : whyNotNow(account, clock.now());
    if (stop) return usage(`live check: account ${accountId} ${stop}; run it with --force to check anyway`);
    // The account's cookies opened as the worker opens them; a rotated cookie is kept, as it would keep it.
    let ctx: RunContext;
    try {
      ctx = accountRunContext({ account, requestId: `check_${account.id}_${clock.now()}`, now: clock.now(), sealer, db: store.db });
    } catch {
      return usage(`live check: the account's secrets do not open with this master key: run it with the server's WELINK_MASTER_KEY`);
    }
    const provider = createLiveProvider({
      baseUrl: config.linkedinBaseUrl,
      clock,
      logger: createLogger('error', process.stderr),
      allowPrivateProxy: config.proxyAllowPrivate,
      loadQueryIds: () => readStoredQueryIds(store.db),
      // Paced like the worker's calls: a burst of reads is exactly what LinkedIn watches for.
      ...(io.sleep ? { sleep: io.sleep } : config.pacing === 'on' ? { sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)), random: systemRandom } : {}),
    });
    const results = await provider.check(ctx);
    const pushback = results.find((r) => r.pushback)?.pushback;
    if (pushback) io.err(await recordPushback(store, config, account, pushback, clock.now()));
    const q = { ...defaultQueryIds, ...Object.fromEntries((await readStoredQueryIds(store.db)).map((r) => [r.key, r.value])) } as QueryIds;
    if (flags.parsed.values.json) io.out(JSON.stringify(results.map((r) => ({ ...r, values: Object.fromEntries(r.uses.map((k) => [k, q[k]])) }))) + '\n');
    else io.out(describeChecks(results, q, accountId));
    return results.some((r) => r.verdict === 'failed') ? 1 : 0;
  });
}

/** Why welink would send LinkedIn nothing for this account now; null when it may. */
function whyNotNow(account: Account, now: number): string | null {
  if (account.status === 'PAUSED') return `is paused (${account.status_reason ?? 'no reason given'}): welink sends LinkedIn nothing for it until it is reconnected or resumed`;
  const hold = activeHolds(account, now).find((h) => h.scope === 'account');
  if (hold) return `is held until ${hold.until} (${hold.code}): LinkedIn pushed back on it, and welink sends LinkedIn nothing for it until then`;
  return null;
}

/**
 * LinkedIn's pushback met by the check counts as if an action had met it: the account is held (429,
 * 999) or paused (dead session) through the engine's own transitions, with their events.
 */
async function recordPushback(store: Store, config: Config, account: Account, p: NonNullable<CheckResult['pushback']>, now: number): Promise<string> {
  const what = await store.db.transaction().execute(async (trx) => {
    if (p.accountHold) {
      const r = await holdAccount(trx, account, { kind: p.accountHold, requestId: null, retryAt: p.retryAt, policy: holdPolicyOf(config) }, now);
      return 'held' in r ? `is held until ${new Date(r.held).toISOString()}` : 'is paused until its owner resumes it (resume_account)';
    }
    await pauseAccount(trx, account, { code: p.code, message: p.message }, now);
    return 'is paused until it is reconnected';
  });
  await store.notify(WEBHOOK_CHANNEL);
  return `LinkedIn pushed back (${p.code}): the account ${what}; its requests wait.\n`;
}

function describeChecks(results: CheckResult[], q: QueryIds, accountId: string): string {
  const lines = [`LinkedIn's answers for account ${accountId} (reads only):`];
  for (const r of results) {
    const verdict = r.verdict === 'ok' ? 'ok     ' : r.verdict === 'failed' ? 'FAILED ' : 'skipped';
    lines.push(`${verdict}  ${r.name.padEnd(42)} ${r.detail}`);
    for (const k of r.uses) if (r.verdict !== 'skipped' || k !== 'clientVersion') lines.push(`${' '.repeat(11)}${k} = ${q[k] || '(none)'}`);
  }
  const failed = results.filter((r) => r.verdict === 'failed').length;
  lines.push(
    failed === 0
      ? 'Every read LinkedIn was asked answered.'
      : `${failed} read${failed === 1 ? '' : 's'} failed. ENDPOINT_GONE means a stale query id or decoration: record a HAR of those LinkedIn pages and run welink live import-har.`,
  );
  return lines.join('\n') + '\n';
}
