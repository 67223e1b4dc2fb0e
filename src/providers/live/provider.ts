import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock.ts';
import type { ProviderHandlers } from '../types.ts';

export interface LiveProviderOptions {
  baseUrl: string;
  clock: Clock;
  logger: Logger;
}

/** The live LinkedIn provider (to be implemented). */
export function createLiveProvider(_o: LiveProviderOptions): ProviderHandlers {
  return { run: {}, verify: {} };
}
