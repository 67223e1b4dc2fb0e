import type { Operation } from '../operation.ts';

/** Webhook endpoint management, delivery log, replay and event log operations. */
export const webhookOperations: Operation[] = [];
