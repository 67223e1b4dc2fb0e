import type { Outcome } from './outcome.ts';
import type { RunContext } from './run-context.ts';

/**
 * What a provider that syncs a live account offers the engine besides its actions: reads of what
 * happened on LinkedIn since a given instant, in the shapes the MESSAGE_RECEIVED, MESSAGE_REPLY and
 * CONNECTION_ACCEPTED payloads need (src/events/catalogue.ts). Reads only: never a side effect.
 *
 * Outcomes are values exactly as for actions: a dead session answers a failure with
 * `pauseAccount`, LinkedIn throttling answers one with `accountHold`; network trouble throws a
 * retryable ProviderError. Each read makes a bounded number of calls (`maxCalls`).
 */
export interface AccountSync {
  /** Messages other people sent to the account after `since`, oldest first. */
  inboxSince(ctx: RunContext, since: number, o?: { maxCalls?: number }): Promise<Outcome<SyncResult<InboundMessage>>>;
  /** Connections the account made after `since` (LinkedIn's newest first list), oldest first. */
  acceptedSince(ctx: RunContext, since: number, o?: { maxCalls?: number }): Promise<Outcome<SyncResult<NewConnection>>>;
}

export interface SyncResult<T> {
  items: T[];
  /**
   * Every item after `since` up to this instant (LinkedIn's clock) is in `items`: the next sync
   * passes it as its `since`. It never passes LinkedIn's newest activity seen, so a clock skew
   * between welink and LinkedIn cannot skip anything. An item may come twice across syncs near the
   * boundary: the consumer deduplicates by id (message_id, profile_id + connected_at).
   */
  through: number;
  /** False when the read stopped at its call bound; the next sync (from `through`) goes on. */
  complete: boolean;
}

/** One message a contact sent: MESSAGE_RECEIVED (and MESSAGE_REPLY for a tracked thread). */
export interface InboundMessage {
  thread_id: string;
  message_id: string;
  /** The sender. */
  profile_id: string;
  first_name: string;
  last_name: string;
  full_name: string;
  text: string;
  sent_at: number;
}

/** One new 1st-degree connection: CONNECTION_ACCEPTED when it answers one of the account's invitations. */
export interface NewConnection {
  profile_id: string;
  first_name: string;
  last_name: string;
  full_name: string;
  headline: string;
  public_identifier: string;
  profile_url: string;
  connected_at: number;
  /**
   * The invitation it answered, when LinkedIn's answer says (it does not today: LinkedIn's
   * connection list does not say who invited whom); the engine matches `profile_id` against the
   * account's connect requests.
   */
  invitation_id: string | null;
}
