// Types of bench/pg-counter.mjs (plain JavaScript so server processes can preload it).
export interface PgCount {
  queries: number;
  transactionControl: number;
  begins: number;
  commits: number;
  rollbacks: number;
  notifies: number;
  lockedBySelect: number;
  kinds: Record<string, number>;
}
export const pgCount: PgCount;
export function uncounted<T extends object>(client: T): T;
export function snapshot(): PgCount;
export function installPgCounter(): void;
