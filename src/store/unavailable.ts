/**
 * True when `err` means the database is unreachable or restarting (connection refused or cut,
 * PostgreSQL shutdown and connection-failure SQLSTATEs, SQLite busy or I/O trouble): a transient
 * infrastructure failure to retry or answer with 503, never a verdict on the request itself.
 */
export function isDatabaseDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  const code = String(e.code ?? '');
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', 'SQLITE_BUSY', 'SQLITE_IOERR'].includes(code) ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED|Client was closed and is not queryable/i.test(e.message ?? '')
  );
}
