import type { ActionName } from '../../../actions/catalogue.ts';
import type { ActionHandler, RunTable } from '../../../actions/provider-contract.ts';
import type { Sim } from '../sim.ts';

/** A sandbox action handler: the simulated LinkedIn's answer to one request, typed by the action's declaration. */
export type SimHandler<K extends ActionName> = ActionHandler<K, Sim>;

/** The sandbox's handlers, one per catalogue action; each handler file supplies a part. */
export type SimTable = RunTable<Sim>;
