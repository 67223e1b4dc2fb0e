import type { Outcome } from '../../actions/outcome.ts';
import type { RunContext } from '../../actions/run-context.ts';
import type { AccountSync, InboundMessage, NewConnection, SyncResult } from '../../actions/sync-contract.ts';
import { text, type Json } from './voyager-envelope.ts';
import type { Live } from './handler-context.ts';
import { deliveredAt, lastActivityAt, messagesBefore, olderConversations, recentConversations, CONVERSATION_PAGE } from './inbox.ts';
import { recentConnections } from './handlers/network.ts';
import { myProfileId } from './profile-reader.ts';
import { profileIdOf, threadIdOf } from './restli.ts';

/** Calls one inbox sync makes at most by default: the conversation list, then one read per changed thread. */
const INBOX_CALLS = 6;
/** Calls one connection sync makes at most by default (40 connections a page). */
const CONNECTION_CALLS = 3;
const CONNECTION_PAGE = 40;
/** Message formats that are not something a person wrote (voyager.md §3.5). */
const NOT_WRITTEN = new Set(['SYSTEM', 'RECALLED']);

/**
 * The live account sync (the engine schedules it): what arrived on LinkedIn since an instant,
 * with the same calls and the same pushback handling as the actions.
 *
 * Inbox: the first conversation page (the 20 most recently active), older pages while every
 * conversation on them changed; then, oldest change first, each changed conversation's latest 20
 * messages, keeping those others sent after `since`. When the call bound stops the thread reads,
 * `through` is the last conversation read, so the next sync starts there. When it stops the list
 * itself (more changed conversations than the pages read), the oldest changes are skipped and
 * `complete` is false; a thread with more than 20 messages since `since` reports its latest 20.
 *
 * Connections: LinkedIn's list newest first, pages of 40, until a connection older than `since`;
 * when the call bound stops it first, the oldest new connections are skipped (`complete` false).
 */
export function accountSync(live: Live): AccountSync {
  const { q } = live;

  const inboxSince = async (ctx: RunContext, since: number, o: { maxCalls?: number } = {}): Promise<Outcome<SyncResult<InboundMessage>>> => {
    let calls = Math.max(1, o.maxCalls ?? INBOX_CALLS);
    const s = live.session(ctx);
    const me = await myProfileId(s);
    if (!me.ok) return me.fail;

    const changed: Json[] = [];
    // Set when more changed conversations lie behind the pages read: those (the oldest changes) are skipped.
    let listCut = false;
    let page = await recentConversations(s, q, me.id);
    calls--;
    for (;;) {
      if (!page.ok) return page.fail;
      const fresh = page.elements.filter((c) => lastActivityAt(c) > since);
      changed.push(...fresh);
      // A page whose every conversation changed may have more changed ones behind it.
      const more = page.elements.length >= CONVERSATION_PAGE && fresh.length === page.elements.length;
      if (more && calls <= 1) listCut = true;
      if (!more || calls <= 1) break;
      const oldest = Math.min(...page.elements.map(lastActivityAt));
      page = await olderConversations(s, q, me.id, page.nextCursor ? { cursor: page.nextCursor } : { before: oldest });
      calls--;
    }

    const byThread = new Map<string, Json>();
    for (const c of changed) byThread.set(threadIdOf(c.entityUrn), c);
    const ordered = [...byThread.entries()].sort((a, b) => lastActivityAt(a[1]) - lastActivityAt(b[1]));
    const items: InboundMessage[] = [];
    let through = since;
    for (const [threadId, conv] of ordered) {
      if (calls <= 0) return { ok: true, result: { items, through, complete: false } };
      const activity = lastActivityAt(conv);
      // The latest messages, not those up to the listed activity: one that arrived since the list
      // was read comes now (and again next time; the consumer deduplicates by message_id).
      const m = await messagesBefore(s, q, me.id, threadId, s.ctx.now + 86_400_000);
      calls--;
      if (!m.ok) {
        // A conversation gone since the list was read has nothing to report.
        if (m.fail.code === 'THREAD_NOT_FOUND') continue;
        return m.fail;
      }
      for (const e of m.elements) {
        const sender = profileIdOf(e.sender?.hostIdentityUrn ?? e.actor?.hostIdentityUrn);
        if (deliveredAt(e) <= since || !sender || sender === me.id || NOT_WRITTEN.has(String(e.messageBodyRenderFormat ?? 'DEFAULT'))) continue;
        const member = e.sender?.participantType?.member ?? {};
        const first = text(member.firstName);
        const last = text(member.lastName);
        items.push({ thread_id: threadId, message_id: threadIdOf(e.entityUrn), profile_id: sender, first_name: first, last_name: last, full_name: [first, last].filter(Boolean).join(' '), text: text(e.body), sent_at: deliveredAt(e) });
      }
      through = Math.max(through, activity);
    }
    items.sort((a, b) => a.sent_at - b.sent_at);
    return { ok: true, result: { items, through, complete: !listCut } };
  };

  const acceptedSince = async (ctx: RunContext, since: number, o: { maxCalls?: number } = {}): Promise<Outcome<SyncResult<NewConnection>>> => {
    const calls = Math.max(1, o.maxCalls ?? CONNECTION_CALLS);
    const s = live.session(ctx);
    const items: NewConnection[] = [];
    let complete = false;
    for (let n = 0; n < calls; n++) {
      const r = await recentConnections(s, q, n * CONNECTION_PAGE, CONNECTION_PAGE);
      if (!r.ok) return r.fail;
      for (const c of r.connections) {
        if (c.connected_at === null || c.connected_at <= since || !c.profile_id) continue;
        items.push({
          profile_id: c.profile_id,
          first_name: c.first_name,
          last_name: c.last_name,
          full_name: c.full_name,
          headline: c.headline,
          public_identifier: c.public_identifier,
          profile_url: c.profile_url,
          connected_at: c.connected_at,
          invitation_id: null,
        });
      }
      // Newest first: a connection at or before `since`, or a short page, ends the list.
      if (r.connections.length < CONNECTION_PAGE || r.connections.some((c) => c.connected_at !== null && c.connected_at <= since)) {
        complete = true;
        break;
      }
    }
    items.sort((a, b) => a.connected_at - b.connected_at);
    // Past the newest connection seen nothing is claimed: one made while we read comes next time.
    const through = items.length > 0 ? items[items.length - 1].connected_at : since;
    return { ok: true, result: { items, through, complete } };
  };

  return { inboxSince, acceptedSince };
}
