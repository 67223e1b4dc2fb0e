import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | null = null;

/**
 * prom-client's process metrics (CPU, memory, heap, event-loop lag, GC, handles, file descriptors).
 * They describe the process, not one app, and each collector installs its own event-loop monitor
 * and GC observer that are never removed: so there is one registry per process, built on first use,
 * however many apps the process builds (tests build hundreds).
 */
export function processRegistry(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
