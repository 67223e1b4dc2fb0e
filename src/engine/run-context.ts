import type { Kysely } from 'kysely';
import type { AccountSecrets, RunContext } from '../actions/run-context.ts';
import type { Sealer } from '../lib/secrets.ts';
import type { Account, Database } from '../store/tables.ts';
import { saveAccountSecrets } from './accounts.ts';

/**
 * What a provider gets to act for an account: the account with its secrets opened, and a way to
 * keep new secrets (a refreshed cookie) sealed. Built for each run, each sync, each session check.
 */
export function accountRunContext(o: { account: Account; requestId: string; now: number; sealer: Sealer; db: Kysely<Database> }): RunContext {
  const { account, sealer, db } = o;
  let secrets: AccountSecrets = account.secrets ? sealer.openJson<AccountSecrets>(account.secrets) : {};
  return {
    account: {
      id: account.id,
      workspaceId: account.workspace_id,
      email: account.email,
      premium: account.premium === 1,
      profile: account.profile ? JSON.parse(account.profile) : null,
      secrets,
      proxy: account.proxy ? sealer.openJson(account.proxy) : null,
      timezone: account.timezone,
    },
    requestId: o.requestId,
    now: o.now,
    saveSecrets: async (patch) => {
      secrets = { ...secrets, ...patch };
      await saveAccountSecrets(db, account.id, sealer.sealJson(secrets));
    },
  };
}
