import { sideEffectActionNames, type ActionName } from '../../actions/catalogue.ts';
import type { Fail, Outcome } from '../../actions/outcome.ts';
import type { RunTable, SessionCheck } from '../../actions/provider-contract.ts';
import type { RunContext } from '../../actions/run-context.ts';
import type { Live } from './handler-context.ts';
import { messagesBefore, olderConversations } from './inbox.ts';
import { pages } from './pages.ts';
import type { QueryIdKey } from './query-ids.ts';
import { encodeValue } from './restli.ts';

/** One read of `welink live check` and what LinkedIn made of it. */
export interface CheckResult {
  name: string;
  /** The query ids and decorations the call carries. */
  uses: QueryIdKey[];
  verdict: 'ok' | 'failed' | 'skipped';
  /** The failure code, the reason for a skip, or what was read. */
  detail: string;
  /** LinkedIn pushed back on the account (429, 999, a dead session): the caller holds or pauses it, as the engine would. */
  pushback?: Pick<Fail, 'code' | 'message' | 'accountHold' | 'pauseAccount' | 'retryAt'>;
}

/** The actions `live check` runs: reads only, which the catalogue itself must agree with. */
const READ_ACTIONS = [
  'get_profile_details',
  'get_profile_contact_details',
  'get_profile_posts',
  'connections',
  'pending_invites',
  'received_invitations',
  'personal_message_threads',
  'search_people',
  'get_company_details',
  'profile_views',
] as const satisfies readonly ActionName[];

for (const name of READ_ACTIONS) {
  // A guard against a future edit: live check must never do anything on LinkedIn.
  if ((sideEffectActionNames as readonly string[]).includes(name)) throw new Error(`live check would run ${name}, which has a side effect`);
}

/** Answers that mean LinkedIn understood the call and had nothing to give. */
const NOTHING_THERE = new Set(['PROFILE_NOT_FOUND', 'COMPANY_NOT_FOUND', 'THREAD_NOT_FOUND', 'POST_NOT_FOUND']);

/** Query ids used only by writes: a read-only check cannot try them. */
export const WRITE_ONLY: QueryIdKey[] = ['invitationDecoration', 'commentDecoration', 'memberRelationshipDecoration'];

/**
 * The read-only calls of `welink live check`, for one account with its stored session: each query
 * id and decoration the provider reads with is tried once, through the same code as the actions
 * (so a pass means the action works). Never a side effect: only the declared read actions, and
 * reads of the account's own data. Stops at the first sign that LinkedIn pushes back on the account
 * (a 429, a 999, a dead session): insisting is what gets accounts flagged.
 */
export function liveChecks(live: Live, p: { run: RunTable; checkSession: SessionCheck }) {
  const { q } = live;
  return async (ctx: RunContext): Promise<CheckResult[]> => {
    const out: CheckResult[] = [];
    let stopped: string | null = null;
    const record = async <R>(name: string, uses: QueryIdKey[], f: () => Promise<Outcome<R> | { skip: string }>, describe: (r: R) => string = () => ''): Promise<R | null> => {
      if (stopped) {
        out.push({ name, uses, verdict: 'skipped', detail: `not tried: ${stopped}` });
        return null;
      }
      const r = await f();
      if ('skip' in r) {
        out.push({ name, uses, verdict: 'skipped', detail: r.skip });
        return null;
      }
      if (!r.ok && NOTHING_THERE.has(r.code)) {
        // LinkedIn took the call and found nothing: the query id and decoration work.
        out.push({ name, uses, verdict: 'ok', detail: `accepted; nothing there (${r.code})` });
        return null;
      }
      if (!r.ok) {
        const pushback = r.accountHold || r.pauseAccount ? { code: r.code, message: r.message, accountHold: r.accountHold, pauseAccount: r.pauseAccount, retryAt: r.retryAt } : undefined;
        out.push({ name, uses, verdict: 'failed', detail: `${r.code}: ${r.message}`, ...(pushback ? { pushback } : {}) });
        if (pushback) stopped = `LinkedIn answered ${r.code} before`;
        return null;
      }
      out.push({ name, uses, verdict: 'ok', detail: describe(r.result) });
      return r.result;
    };
    const run = <K extends (typeof READ_ACTIONS)[number]>(name: K, input: Parameters<RunTable[K]>[1]) => () => p.run[name](ctx, input as never) as ReturnType<RunTable[K]>;

    const me = await record('session (/me)', [], () => p.checkSession(ctx), (r) => `${r.full_name} (${r.public_identifier || r.profile_id})`);
    const self = me?.public_identifier || me?.profile_id || '';
    const id = me?.profile_id ?? '';
    await record('profile', ['profileDecoration'], run('get_profile_details', { profile_id: self }), (r) => r.full_name);
    await record('contact details', ['identityProfiles'], run('get_profile_contact_details', { profile_id: self }), () => 'read');
    const posts = await record('posts', ['profileUpdates'], run('get_profile_posts', { profile_id: id, count: 1 }), (r) => `${r.posts.length} post(s)`);
    await record('connections', ['connectionsDecoration'], run('connections', { count: 1 }), (r) => `${r.total} connection(s)`);
    await record('sent invitations', [], run('pending_invites', { count: 1 }), (r) => `${r.total} pending`);
    await record('received invitations', [], run('received_invitations', { count: 1 }), (r) => `${r.total} received`);
    const threads = await record('inbox, first page', ['messengerConversations', 'clientVersion'], run('personal_message_threads', { count: 1 }), (r) => `${r.threads.length} thread(s)`);
    await record('inbox, older page', ['messengerConversationsByCategory'], async () => {
      const r = await olderConversations(live.session(ctx), q, id, { before: ctx.now });
      return r.ok ? { ok: true as const, result: r.elements.length } : r.fail;
    }, (n) => `${n} thread(s)`);
    await record('thread messages', ['messengerMessages'], async () => {
      const thread = threads?.threads[0]?.thread_id;
      if (!thread) return { skip: 'no conversation to read' };
      const r = await messagesBefore(live.session(ctx), q, id, thread, ctx.now + 86_400_000, 1);
      return r.ok ? { ok: true as const, result: r.elements.length } : r.fail;
    }, (n) => `${n} message(s)`);
    await record('people search', ['searchClusters'], run('search_people', { keywords: me ? `${me.first_name} ${me.last_name}`.trim() || 'linkedin' : 'linkedin', count: 1 }), (r) => `${r.total} result(s)`);
    await record('company', ['companyDecoration'], run('get_company_details', { universal_name: 'linkedin' }), (r) => r.name);
    await record('profile views', [], run('profile_views', {}), (r) => `${r.total} view(s)`);
    const post = posts?.posts[0]?.post_id;
    await record('reactions of a post', ['reactionsDecoration'], async () => {
      if (!post) return { skip: 'the account has no post to read' };
      const r = await live.session(ctx).call({ path: `voyagerSocialDashReactions?decorationId=${q.reactionsDecoration}&q=reactionType&threadUrn=${encodeValue(post)}&start=0&count=1`, page: pages.post(post) });
      return r.ok ? { ok: true as const, result: null } : (r.fail as Fail);
    });
    await record('comments of a post', ['socialComments'], async () => {
      if (!q.socialComments) return { skip: 'no query id known (import a HAR of a post page with comments)' };
      if (!post) return { skip: 'the account has no post to read' };
      const detail = `urn:li:fsd_socialDetail:(${post},${post},urn:li:highlightedReply:-)`;
      const vars = `(count:1,start:0,sortOrder:REVERSE_CHRONOLOGICAL,socialDetailUrn:${encodeValue(detail)})`;
      const r = await live.session(ctx).call({ path: `graphql?variables=${vars}&queryId=${q.socialComments}`, graphql: true, page: pages.post(post) });
      return r.ok ? { ok: true as const, result: null } : r.fail;
    });
    for (const key of WRITE_ONLY) out.push({ name: `${key} (writes only)`, uses: [key], verdict: 'skipped', detail: 'used only by a write: a read-only check cannot try it' });
    return out;
  };
}
