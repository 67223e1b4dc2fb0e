import { nextStart, page } from '../../../actions/linkedin-rules.ts';
import { fail } from '../../../actions/outcome.ts';
import { hashHex } from '../rules.ts';
import type { NetworkFacet } from '../world/index.ts';
import type { Sim, SimHandler, SimTable } from '../handler-context.ts';

const FACETS: Record<string, NetworkFacet> = { F: 'F', S: 'S', O: 'O', '1': 'F', '2': 'S', '3': 'O' };

/** Search, posts and reactions, company pages. */
export function contentHandlers() {
  const search: SimHandler<'search_people'> = async (s, input) => {
    const paging = page(input, 10, 50);
    const { start, count } = paging;
    const network = (input.network ?? []).map((n) => FACETS[String(n).toUpperCase()]).filter(Boolean);
    const found = s.world.searchPeople(s.ctx.account.email, { keywords: input.keywords, network, company: input.company, location: input.location, start, count });
    // Connections made in the sandbox since show as 1st degree.
    const ids = found.results.map((r) => r.profile_id);
    const gained = ids.length
      ? await s.db.selectFrom('sandbox_connections').select(['profile_id', 'state']).where('account_id', '=', s.accountId).where('profile_id', 'in', ids).execute()
      : [];
    const overlay = new Map(gained.map((g) => [g.profile_id, g.state]));
    const results = found.results.map((r) => {
      const o = overlay.get(r.profile_id);
      return { ...r, location: r.location.name, company_name: r.company.name, degree: o === 'CONNECTED' ? 1 : o === 'REMOVED' && r.degree === 1 ? 2 : r.degree };
    });
    return { ok: true, result: { total: found.total, results, start, next_start: nextStart(paging, results.length, found.total) } };
  };

  const posts: SimHandler<'get_profile_posts'> = async (s, input) => {
    const p = s.person(input);
    if (!p) return s.notFound(input);
    const offset = input.cursor ? Number.parseInt(Buffer.from(input.cursor, 'base64url').toString(), 10) : 0;
    if (!Number.isInteger(offset) || offset < 0) return fail('INVALID_CURSOR', 'This cursor was not given by get_profile_posts.', { result: { cursor: input.cursor } });
    const { count } = page(input, 20, 100);
    // Ad-hoc profiles show the posts of the world member they borrow their details from.
    const source = s.world.profileById(p.profile.profile_id) ? p.profile.profile_id : (s.world.profiles.find((w) => w.full_name === p.profile.full_name && w.headline === p.profile.headline)?.profile_id ?? '');
    const all = s.world.postsOf(source);
    const list = all.slice(offset, offset + count).map(({ author_profile_id, ...post }) => post);
    const next = offset + count < all.length ? Buffer.from(String(offset + count)).toString('base64url') : null;
    return { ok: true, result: { profile_id: p.profile.profile_id, posts: list, next_cursor: next } };
  };

  const postOf = (s: Sim, input: { post_id?: string; post_url?: string }) => s.world.postById(input.post_id ?? input.post_url ?? '');

  const like: SimHandler<'like_post'> = async (s, input) => {
    const post = postOf(s, input);
    if (!post) return fail('POST_NOT_FOUND', 'Post not found', { result: { post_id: input.post_id ?? input.post_url ?? null } });
    const result = { liked: true, post_id: post.post_id, reaction: (input.reaction ?? 'LIKE').toUpperCase() };
    await s.tx((trx) => s.effect(trx, 'like', post.post_id, result));
    return { ok: true, result };
  };

  const comment: SimHandler<'comment_post'> = async (s, input) => {
    const post = postOf(s, input);
    if (!post) return fail('POST_NOT_FOUND', 'Post not found', { result: { post_id: input.post_id ?? input.post_url ?? null } });
    const result = { commented: true, post_id: post.post_id, comment_id: `urn:li:comment:(${post.post_id},${BigInt('0x' + hashHex(s.deps.seed, 'comment', s.ctx.requestId).slice(0, 15)).toString()})` };
    await s.tx((trx) => s.effect(trx, 'comment', post.post_id, result));
    return { ok: true, result };
  };

  const company: SimHandler<'get_company_details'> = async (s, input) => {
    const ref = input.company_id ?? input.company_url ?? input.universal_name ?? '';
    const c = s.world.companyById(ref) ?? s.world.companyByUrlOrSlug(ref);
    if (!c) return fail('COMPANY_NOT_FOUND', 'Company not found', { result: { company: ref } });
    return { ok: true, result: { ...c, headquarters: c.headquarters.name } };
  };

  return { search_people: search, get_profile_posts: posts, like_post: like, comment_post: comment, get_company_details: company } satisfies Partial<SimTable>;
}
