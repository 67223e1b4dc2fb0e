import { send, type TransportOptions } from './http.js';
import type { Answer, LoggedEvent } from './methods.js';
import { sleep } from './sleep.js';

export interface EventsOptions {
  /** Start after this `seq` (the last event you handled); default 0, the beginning of the log. */
  after?: number;
  /** Events fetched per get_events call (1 to 1000). Default 100. */
  pageSize?: number;
  /**
   * false (default): end once the log is read to its current end.
   * true: keep going, polling every `pollIntervalMs` for new events, until `signal` aborts (the
   * iterator then ends quietly) or the loop breaks.
   */
  follow?: boolean;
  /** With `follow`: the pause between two polls once caught up. Default 2000 ms. */
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

/**
 * The workspace's event log in order, page by page. Each event carries its `seq`: store the last
 * one you handled and pass it as `after` to resume exactly there.
 */
export async function* eventLog(transport: TransportOptions, options: EventsOptions = {}): AsyncGenerator<LoggedEvent, void, undefined> {
  let after = options.after ?? 0;
  const limit = options.pageSize ?? 100;
  for (;;) {
    if (options.signal?.aborted) return;
    let page: Answer<'get_events'>;
    try {
      const answer = await send(transport, { method: 'POST', path: '/api/v1/get_events', body: { after, limit }, retry: 'sync', signal: options.signal });
      page = answer.body as Answer<'get_events'>;
    } catch (err) {
      if (options.signal?.aborted) return;
      throw err;
    }
    for (const event of page.events) {
      yield event as LoggedEvent;
      after = event.seq;
    }
    after = page.nextAfter;
    if (page.hasMore) continue;
    if (!options.follow) return;
    try {
      await sleep(options.pollIntervalMs ?? 2000, options.signal);
    } catch {
      return; // aborted while caught up: a clean end of the stream
    }
  }
}
