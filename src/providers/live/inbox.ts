import { graphqlField, type Json } from './voyager-envelope.ts';
import type { Fail } from './errors.ts';
import { pages } from './pages.ts';
import type { QueryIds } from './query-ids.ts';
import { conversationUrn, profileUrn, restli, threadIdOf } from './restli.ts';
import type { Session } from './session.ts';

/**
 * The account's inbox over the messaging GraphQL path (`voyagerMessagingGraphQL/graphql`, which
 * refuses `includeWebMetadata`):
 * - the first page: `messengerConversations` with `(mailboxUrn)` only: the 20 most recently active
 *   conversations, answered with a sync token, not a cursor [C];
 * - older pages: the category query with `(query:(predicateUnions:…PRIMARY_INBOX…),count,mailboxUrn)`
 *   and `lastUpdatedBefore:<ms>` (strictly older) or the `nextCursor` a previous category page gave [S];
 * - a thread's messages: `messengerMessages` anchored on a time, `(deliveredAt,conversationUrn,
 *   countBefore,countAfter:0)`: the `countBefore` messages delivered before the anchor, oldest first [S].
 * Sources: voyager.md §3.5 and §8, and the public clients they cite.
 */

/** LinkedIn's page of conversations (the first page and the category query both hold 20). */
export const CONVERSATION_PAGE = 20;

export interface ConversationPage {
  elements: Json[];
  /** The category query's cursor to the next (older) page, when it gave one. */
  nextCursor: string | null;
}

type Result<T> = ({ ok: true } & T) | { ok: false; fail: Fail; status: number };

export async function recentConversations(s: Session, q: QueryIds, me: string): Promise<Result<ConversationPage>> {
  const r = await s.call({
    path: `voyagerMessagingGraphQL/graphql?queryId=${q.messengerConversations}&variables=${restli({ mailboxUrn: profileUrn(me) })}`,
    graphql: true,
    messaging: true,
    page: pages.messaging(),
  });
  if (!r.ok) return r;
  const coll = graphqlField(r.json, /^messengerConversations/);
  return { ok: true, elements: elementsOf(coll), nextCursor: null };
}

/** Conversations older than `before` (ms), or after a cursor of the previous category page. */
export async function olderConversations(s: Session, q: QueryIds, me: string, at: { before?: number; cursor?: string }): Promise<Result<ConversationPage>> {
  const vars = restli({
    query: { predicateUnions: [{ conversationCategoryPredicate: { category: 'PRIMARY_INBOX' } }] },
    count: CONVERSATION_PAGE,
    mailboxUrn: profileUrn(me),
    ...(at.cursor ? { nextCursor: at.cursor } : at.before !== undefined ? { lastUpdatedBefore: at.before } : {}),
  });
  const r = await s.call({ path: `voyagerMessagingGraphQL/graphql?queryId=${q.messengerConversationsByCategory}&variables=${vars}`, graphql: true, messaging: true, page: pages.messaging() });
  if (!r.ok) return r;
  const coll = graphqlField(r.json, /^messengerConversations/);
  const next = coll?.metadata?.nextCursor;
  return { ok: true, elements: elementsOf(coll), nextCursor: typeof next === 'string' && next ? next : null };
}

/** Up to `count` messages of a conversation delivered before `anchor` (ms), oldest first. */
export async function messagesBefore(s: Session, q: QueryIds, me: string, threadId: string, anchor: number, count = 20): Promise<Result<{ elements: Json[] }>> {
  const vars = restli({ deliveredAt: anchor, conversationUrn: conversationUrn(me, threadId), countBefore: count, countAfter: 0 });
  const r = await s.call({
    path: `voyagerMessagingGraphQL/graphql?queryId=${q.messengerMessages}&variables=${vars}`,
    graphql: true,
    messaging: true,
    notFound: 'THREAD_NOT_FOUND',
    page: pages.messaging(threadIdOf(threadId)),
  });
  if (!r.ok) return r;
  const coll = graphqlField(r.json, /^messengerMessages/);
  // The answer is oldest first; sorted anyway, since every reader relies on it.
  const elements = elementsOf(coll).sort((a, b) => deliveredAt(a) - deliveredAt(b));
  return { ok: true, elements };
}

export const deliveredAt = (m: Json): number => (typeof m?.deliveredAt === 'number' ? m.deliveredAt : 0);
export const lastActivityAt = (c: Json): number => Number(c?.lastActivityAt ?? c?.createdAt ?? 0);

function elementsOf(coll: Json): Json[] {
  return Array.isArray(coll?.elements) ? coll.elements.filter((e: Json) => e && typeof e === 'object') : [];
}
