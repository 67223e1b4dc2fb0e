// The one count of what a process sends to PostgreSQL through `pg`, for every bench script that
// reports statements (bench/statements.ts in its own process, bench/engine-cost.ts in its servers
// through bench/pg-count.mjs). Plain JavaScript: the servers run dist/ under plain node and load this
// with --import.
//
// Definitions:
// - queries: every query a pg.Client sends, BEGIN, COMMIT and ROLLBACK included. A query-config object
//   ({ text, values }, or a named statement { name, text, values } or { name, values }) counts as one,
//   the same as a text query: a named statement's execution is one query (pg sends Parse, the first
//   time on a connection, in the same round trip as Bind and Execute).
// - round trips: equal to queries. The pg client sends one query and waits for its answer before the
//   next (no pipelining), so each query is one round trip.
// - transactionControl: the queries that are BEGIN, START, COMMIT, END, ROLLBACK, SAVEPOINT or
//   RELEASE; begins, commits and rollbacks are also counted apart. Statements other than transaction
//   control are `queries - transactionControl`.
// - commits here are COMMIT statements sent; PostgreSQL's own count of committed transactions (an
//   autocommitted statement being one) is pg_stat_database.xact_commit, read by the scripts that print it.
// - kinds: queries by first keyword (SELECT, WITH, INSERT...; a named statement sent without its text
//   by the keyword of the text it was prepared with).
// - lockedBySelect: rows answered by plain SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE.
import pg from 'pg';

const TX_CONTROL = /^(BEGIN|START|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i;
const LOCKING_SELECT = /^\s*SELECT\b[\s\S]*\bFOR\s+(NO\s+KEY\s+UPDATE|UPDATE|SHARE|KEY\s+SHARE)\b/i;
const UNCOUNTED = Symbol('uncounted');

export const pgCount = { queries: 0, transactionControl: 0, begins: 0, commits: 0, rollbacks: 0, notifies: 0, lockedBySelect: 0, kinds: {} };

/** A client whose queries are not counted: the script's own statistics connections. */
export function uncounted(client) {
  client[UNCOUNTED] = true;
  return client;
}

/** A copy of the counts now: a phase's counts are the difference of two snapshots. */
export function snapshot() {
  return { ...pgCount, kinds: { ...pgCount.kinds } };
}

let installed = false;
// Texts of named statements, for the kind of a later execution sent by name only.
const named = new Map();

/** Wraps pg.Client.prototype.query once per process; later calls do nothing. */
export function installPgCounter() {
  if (installed) return;
  installed = true;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function countedQuery(config, ...rest) {
    if (this[UNCOUNTED]) return original.call(this, config, ...rest);
    let text = typeof config === 'string' ? config : (config?.text ?? '');
    if (typeof config === 'object' && config !== null && typeof config.name === 'string') {
      if (text) named.set(config.name, text);
      else text = named.get(config.name) ?? '';
    }
    text = String(text).trimStart();
    const kind = (/^\w+/.exec(text)?.[0] ?? 'other').toUpperCase();
    pgCount.queries++;
    pgCount.kinds[kind] = (pgCount.kinds[kind] ?? 0) + 1;
    if (TX_CONTROL.test(text)) {
      pgCount.transactionControl++;
      if (kind === 'BEGIN' || kind === 'START') pgCount.begins++;
      else if (kind === 'COMMIT' || kind === 'END') pgCount.commits++;
      else if (kind === 'ROLLBACK') pgCount.rollbacks++;
    } else if (kind === 'NOTIFY') pgCount.notifies++;
    const out = original.call(this, config, ...rest);
    if (LOCKING_SELECT.test(text) && out && typeof out.then === 'function') {
      return out.then((r) => {
        pgCount.lockedBySelect += r?.rowCount ?? 0;
        return r;
      });
    }
    return out;
  };
}
