import type { AccountStatus } from '../store/tables.ts';

/**
 * What each account status allows, said once. An account takes new requests while it works or is on
 * its way back (connecting, waiting for a PIN, paused): they wait in its queue. Its lane runs only
 * when it is ACTIVE, or CONNECTING with a login to run; any other status holds the queue.
 */
const ACCEPTING: ReadonlySet<AccountStatus> = new Set(['ACTIVE', 'CONNECTING', 'PIN_REQUIRED', 'PAUSED']);

export function acceptsRequests(status: AccountStatus): boolean {
  return ACCEPTING.has(status);
}

/** Statuses whose lane may be claimed. */
export const LANE_STATUSES: readonly AccountStatus[] = ['ACTIVE', 'CONNECTING'];

/** A lane of an account in this status runs only login requests (it is connecting). */
export function runsOnlyLogins(status: AccountStatus): boolean {
  return status !== 'ACTIVE';
}
