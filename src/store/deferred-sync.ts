import { closeSync, fsync, openSync } from 'node:fs';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './tables.ts';

/**
 * Commits whose fsync runs off the event loop. better-sqlite3 is synchronous: with
 * `synchronous=FULL` every COMMIT waits for the disk on the event loop, and nothing else runs
 * meanwhile (no request is parsed, no next batch forms). Here a group-commit batch commits with
 * `synchronous=NORMAL` (its WAL frames are written, not synced) and `sync()` then fsyncs the WAL file
 * on libuv's thread pool; the group committer releases the batch's answers only after that.
 *
 * Why no acknowledged write can be lost: an answer leaves after an fsync of the WAL that started after
 * its COMMIT returned, so its frames (and every earlier one) are on disk. Frames leave the WAL only
 * through a checkpoint, and with NORMAL SQLite still syncs the WAL before each checkpoint, the
 * database file after it, and the WAL header when the file starts over; so a checkpoint never stands
 * between a commit and its fsync. Every other transaction of the process still commits with the
 * configured FULL: the safety level is per connection, so it is lowered only around the batch's own
 * transaction, on a connection held from before BEGIN to after it is set back (SQLite refuses to
 * change it inside a transaction).
 */
export interface DeferredSync {
  /** Runs `fn` in a transaction whose COMMIT does not wait for the disk. */
  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void>;
  close(): void;
}

/** `fsyncFile` is node's `fs.fsync` (a test counts the syncs through it). */
export function deferredSync(db: Kysely<Database>, walPath: string, fsyncFile: (fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => void = fsync): DeferredSync {
  let fd: number | null = null;
  let running: Promise<void> | null = null;
  let following: Promise<void> | null = null;

  const fsyncNow = (): Promise<void> =>
    new Promise((resolve, reject) => {
      // Opened on first use: SQLite creates the -wal file with the first write. It is never replaced
      // while the database is open (only a last close removes it), so one descriptor serves.
      fd ??= openSync(walPath, 'r');
      fsyncFile(fd, (err) => (err ? reject(err) : resolve()));
    });

  const sync = (): Promise<void> => {
    if (!running) {
      running = fsyncNow().finally(() => {
        running = null;
      });
      return running;
    }
    // The fsync in flight may have started before our commit: wait for the next one, which every
    // caller arriving meanwhile shares.
    following ??= running
      .catch(() => {})
      .then(() => {
        following = null;
        return sync();
      });
    return following;
  };

  return {
    transaction: (fn) =>
      db.connection().execute(async (conn) => {
        await sql`pragma synchronous = NORMAL`.execute(conn);
        try {
          return await conn.transaction().execute(fn);
        } finally {
          await sql`pragma synchronous = FULL`.execute(conn);
        }
      }),
    sync,
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
