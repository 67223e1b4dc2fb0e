import { actionByName } from '../actions/catalogue.ts';
import { nextActiveInstant, type ActiveHours } from '../engine/pacing.ts';
import type { Account, RequestRow } from '../store/tables.ts';
import { accountWait, ownHold, requestSummary } from './request-views.ts';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export interface QueueOptions {
  /** Shortest pacing pause (0 with pacing off): the soonest two actions of a lane follow each other. */
  minPauseMs: number;
  /** Active hours apply (pacing on). */
  activeHours: boolean;
}

/**
 * An account's unfinished requests in lane order, each with its position, the earliest time it can
 * start and what it waits for. Estimates use the shortest pause, as the acknowledgement's
 * `earliestStartAt` does: a real pause is drawn at random and is usually longer.
 */
export function queueView(account: Account, rows: RequestRow[], now: number, o: QueueOptions) {
  const hours = o.activeHours && account.active_hours ? (JSON.parse(account.active_hours) as ActiveHours) : null;
  let laneFree = Math.max(now, Number(account.next_run_at));
  // Requests the lane will run before this one. A request held by its own wait (a budget) does not
  // count: the lane skips it and runs the ones behind it meanwhile.
  let ahead = 0;
  return rows.map((r, i) => {
    const base = { ...requestSummary(r, now), position: i + 1 };
    if (r.status === 'RUNNING') {
      ahead++;
      laneFree = Math.max(laneFree, now) + o.minPauseMs;
      return { ...base, earliestStartAt: iso(r.started_at === null ? null : Number(r.started_at)), waitingFor: null };
    }
    if (r.status === 'PIN_REQUIRED') {
      return { ...base, earliestStartAt: null, waitingFor: { code: 'PIN_REQUIRED', message: 'Waiting for the login code (login_code).', until: null } };
    }
    const isLogin = actionByName(r.action)?.kind === 'login';
    const withinHours = (t: number) => (hours && !isLogin ? nextActiveInstant(t, hours, account.timezone) : t);
    const own = ownHold(r, now);
    if (own) return { ...base, earliestStartAt: iso(withinHours(Math.max(laneFree, Number(r.not_before)))), waitingFor: own };
    const held = accountWait(account, isLogin, now);
    if (held && held.until === null) return { ...base, earliestStartAt: null, waitingFor: held };
    if (held && ahead === 0) {
      ahead++;
      const at = withinHours(laneFree);
      laneFree = at + o.minPauseMs;
      return { ...base, earliestStartAt: iso(at), waitingFor: held };
    }
    const at = withinHours(laneFree);
    const waitingFor =
      ahead > 0
        ? { code: 'QUEUE', message: `${ahead} request${ahead === 1 ? '' : 's'} ahead in this account's lane.`, until: null }
        : at > laneFree
          ? { code: 'ACTIVE_HOURS', message: "Outside the account's active hours.", until: iso(at) }
          : at > now
            ? { code: 'PACING', message: 'A human-like pause after the previous action.', until: iso(at) }
            : null;
    ahead++;
    laneFree = at + o.minPauseMs;
    return { ...base, earliestStartAt: iso(at), waitingFor };
  });
}
