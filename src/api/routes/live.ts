import type { Operation } from '../operation.ts';

/** Operations only the live provider needs (connecting an account with session cookies). */
export const liveOperations: Operation[] = [];
