import type { Outcome } from '../../types.ts';
import type { Sim } from '../sim.ts';

/** A sandbox action handler: the simulated LinkedIn's answer to one request. */
export type SimHandler = (s: Sim, input: any) => Promise<Outcome<any>>;

export interface HandlerSet {
  run: Record<string, SimHandler>;
  /** Actions whose effect is recorded in sandbox_effects (verified by request id after a crash). */
  sideEffects: string[];
}

/** Paging of list results: `start` and `count` with a default and a ceiling. */
export function page(input: { start?: number; count?: number }, def: number, max: number): { start: number; count: number } {
  return { start: Math.max(0, Math.floor(input.start ?? 0)), count: Math.min(max, Math.max(1, Math.floor(input.count ?? def))) };
}
