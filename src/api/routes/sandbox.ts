import type { Operation } from '../operation.ts';

/** Sandbox-only inspection and simulated-time operations. */
export const sandboxOperations: Operation[] = [];
