import { nextStart, page } from '../../../actions/linkedin-rules.ts';
import type { RunTable, VerifyTable } from '../../../actions/provider-contract.ts';
import { graphqlField, entitiesOfType, imageUrl, text, type Json } from '../voyager-envelope.ts';
import { ProviderError } from '../../../actions/outcome.ts';
import { fail } from '../errors.ts';
import { pages } from '../pages.ts';
import { cannotVerify, type Live, type Run, type Verify } from '../handler-context.ts';
import { myProfileId, readProfile } from '../profile-reader.ts';
import { activityUrn, encodeValue, identityFromUrl, lastPart, profileUrn, restli, type RestliValue } from '../restli.ts';

/** LinkedIn never returns a search result at index 1,000 or beyond. */
const SEARCH_CAP = 1000;
const DISTANCE: Record<string, number | null> = { DISTANCE_1: 1, DISTANCE_2: 2, DISTANCE_3: 3, OUT_OF_NETWORK: null };
const NETWORK: Record<string, string> = { '1': 'F', '2': 'S', '3': 'O', F: 'F', S: 'S', O: 'O' };
/** LinkedIn's search pages hold at most 49 results (public clients page by 49); a larger `count` is served 49 at a time. */
const SEARCH_PAGE_MAX = 49;

/** Search, posts and reactions, company pages. */
export function contentHandlers(live: Live) {
  const { q } = live;

  const searchPeople: Run<'search_people'> = async (ctx, input) => {
    const { start, count: asked } = page(input, 10, 50);
    const count = Math.min(SEARCH_PAGE_MAX, asked);
    if (start >= SEARCH_CAP) return { ok: true, result: { total: 0, results: [], start, next_start: null } };
    const words = [input.keywords ?? ''];
    const filters: RestliValue[] = [{ key: 'resultType', value: ['PEOPLE'] }];
    const network = (input.network ?? []).map((n) => NETWORK[String(n).toUpperCase()]).filter(Boolean);
    if (network.length) filters.push({ key: 'network', value: network });
    // Company and location filters need LinkedIn's numeric ids; names go to the keywords instead.
    if (input.company && /^\d+$/.test(input.company)) filters.push({ key: 'currentCompany', value: [input.company] });
    else if (input.company) words.push(input.company);
    if (input.location && /^\d+$/.test(input.location)) filters.push({ key: 'geoUrn', value: [input.location] });
    else if (input.location) words.push(input.location);
    const keywords = words.join(' ').trim();
    const query: Record<string, RestliValue | undefined> = {
      ...(keywords ? { keywords } : {}),
      flagshipSearchIntent: 'SEARCH_SRP',
      queryParameters: filters,
      includeFiltersInResponse: false,
    };
    const vars = restli({ start, count, origin: 'GLOBAL_SEARCH_HEADER', query });
    const r = await live.session(ctx).call({ path: `graphql?variables=${vars}&queryId=${q.searchClusters}&includeWebMetadata=true`, graphql: true, page: pages.search(keywords) });
    if (!r.ok) return r.fail;
    const clusters = graphqlField(r.json, /^searchDashClustersByAll/);
    const people = entitiesOfType(clusters?.elements ?? [], 'EntityResultViewModel').filter((e) => /fsd_profile:/.test(e.entityUrn ?? ''));
    const results = people.map((e) => {
      const id = /fsd_profile:([^,)]+)/.exec(e.entityUrn)?.[1] ?? '';
      const slug = /\/in\/([^/?#]+)/.exec(e.navigationUrl ?? '')?.[1] ?? '';
      const name = text(e.title);
      const [first, ...rest] = name.split(' ');
      const distance = e.entityCustomTrackingInfo?.memberDistance;
      return {
        profile_id: id,
        public_identifier: slug,
        profile_url: slug ? `https://www.linkedin.com/in/${slug}` : '',
        full_name: name,
        first_name: first ?? '',
        last_name: rest.join(' '),
        headline: text(e.primarySubtitle),
        location: text(e.secondarySubtitle),
        degree: distance in DISTANCE ? DISTANCE[distance] : null,
        // A search result names no company: LinkedIn's result card has only the headline.
        company: { company_id: '', name: '' },
        company_name: '',
        image: imageUrl(e.image?.attributes?.[0]?.detailData?.nonEntityProfilePicture?.vectorImage ?? null),
      };
    });
    const total = Math.min(SEARCH_CAP, Number(clusters?.metadata?.totalResultCount ?? clusters?.paging?.total ?? results.length));
    return { ok: true, result: { total, results, start, next_start: nextStart({ start, count }, results.length, total) } };
  };

  const posts: Run<'get_profile_posts'> = async (ctx, input) => {
    const s = live.session(ctx);
    let id = input.profile_id;
    if (!id) {
      const p = await readProfile(s, q, identityFromUrl(input.profile_url ?? ''));
      if (!p.ok) return p.fail;
      id = p.profile.profile_id;
    }
    const { count } = page(input, 20, 100);
    const vars = restli({ count, start: 0, profileUrn: profileUrn(id), ...(input.cursor ? { paginationToken: input.cursor } : {}) });
    const r = await s.call({ path: `graphql?includeWebMetadata=true&variables=${vars}&queryId=${q.profileUpdates}`, graphql: true, notFound: 'PROFILE_NOT_FOUND', page: pages.activity(input.profile_url ? identityFromUrl(input.profile_url) : id) });
    if (!r.ok) {
      // The first page went through with the same query id, so a 400 on a later one is about the token.
      if (input.cursor && r.status === 400) return fail('INVALID_CURSOR', 'LinkedIn refused this cursor: pass back a next_cursor of get_profile_posts.', { result: { cursor: input.cursor } });
      return r.fail;
    }
    const coll = graphqlField(r.json, /^feedDashProfileUpdates/);
    const list = (coll?.elements ?? []).filter((u: Json) => u && typeof u === 'object').map((u: Json) => {
      const urn = u.metadata?.backendUrn ?? /urn:li:activity:\d+/.exec(String(u.entityUrn ?? ''))?.[0] ?? '';
      const counts = u.socialDetail?.totalSocialActivityCounts ?? u.socialDetail ?? {};
      return {
        post_id: urn,
        url: urn ? `https://www.linkedin.com/feed/update/${urn}/` : '',
        text: text(u.commentary?.text),
        posted_at: postedAt(urn),
        like_count: counts.numLikes ?? 0,
        comment_count: counts.numComments ?? 0,
        repost_count: counts.numShares ?? 0,
      };
    });
    return { ok: true, result: { profile_id: id, posts: list, next_cursor: coll?.metadata?.paginationToken || null } };
  };

  const like: Run<'like_post'> = async (ctx, input) => {
    const urn = activityUrn(input.post_id ?? input.post_url ?? '');
    const reaction = (input.reaction ?? 'LIKE').toUpperCase();
    const r = await live.session(ctx).call({ path: `voyagerSocialDashReactions?threadUrn=${encodeValue(urn)}`, body: { reactionType: reaction }, notFound: 'POST_NOT_FOUND', page: pages.post(urn) });
    if (!r.ok) return withPost(r.fail, urn);
    return { ok: true, result: { liked: true, post_id: urn, reaction } };
  };

  const likeVerify: Verify<'like_post'> = async (ctx, input) => {
    const s = live.session(ctx);
    const me = await myProfileId(s);
    if (!me.ok) return cannotVerify(me.fail);
    const urn = activityUrn(input.post_id ?? input.post_url ?? '');
    const r = await s.call({ path: `voyagerSocialDashReactions?decorationId=${q.reactionsDecoration}&q=reactionType&threadUrn=${encodeValue(urn)}&start=0&count=100`, page: pages.post(urn) });
    // A member has one reaction per post: liking again cannot double it, so an unreadable list is "not yet".
    if (!r.ok) return r.fail.code === 'ENDPOINT_GONE' ? { happened: false } : cannotVerify(r.fail);
    // The reactor appears as a profile URN somewhere in each element; its exact field differs between decorations.
    const mine = (r.data?.elements ?? []).find((e: Json) => JSON.stringify(e).includes(profileUrn(me.id)));
    return mine ? { happened: true, result: { liked: true, post_id: urn, reaction: String(mine.reactionType ?? 'LIKE') } } : { happened: false };
  };

  const comment: Run<'comment_post'> = async (ctx, input) => {
    const urn = activityUrn(input.post_id ?? input.post_url ?? '');
    const body = input.message;
    const r = await live.session(ctx).call({
      path: `voyagerSocialDashNormComments?decorationId=${q.commentDecoration}`,
      body: { commentary: { text: body, attributesV2: [], $type: 'com.linkedin.voyager.dash.common.text.TextViewModel' }, threadUrn: urn },
      notFound: 'POST_NOT_FOUND',
      page: pages.post(urn),
    });
    if (!r.ok) return withPost(r.fail, urn);
    const created = r.data?.entityUrn ?? r.data?.value?.entityUrn ?? r.headers['x-restli-id'] ?? '';
    return { ok: true, result: { commented: true, post_id: urn, comment_id: String(created) } };
  };

  /**
   * Whether our comment is on the post, read from the post's comment list (GraphQL
   * `voyagerSocialDashComments` by `socialDetailUrn`, voyager.md §3.4 [S]). No public capture gives
   * that query's full id: until an operator imports one (`welink live import-har`), an interrupted
   * comment cannot be verified and ends OUTCOME_UNKNOWN rather than risk a second comment.
   */
  const commentVerify: Verify<'comment_post'> = async (ctx, input) => {
    if (!q.socialComments) {
      throw new ProviderError('The previous attempt was interrupted, and the comment cannot be verified: the query id of LinkedIn\'s comment list is not known (import one with `welink live import-har`).', 'OUTCOME_UNKNOWN', false);
    }
    const s = live.session(ctx);
    const me = await myProfileId(s);
    if (!me.ok) return cannotVerify(me.fail);
    const urn = activityUrn(input.post_id ?? input.post_url ?? '');
    const body = input.message;
    const detail = `urn:li:fsd_socialDetail:(${urn},${urn},urn:li:highlightedReply:-)`;
    const vars = restli({ count: 50, start: 0, sortOrder: 'REVERSE_CHRONOLOGICAL', socialDetailUrn: detail });
    const r = await s.call({ path: `graphql?variables=${vars}&queryId=${q.socialComments}`, graphql: true, page: pages.post(urn) });
    if (!r.ok) return cannotVerify(r.fail);
    const coll = graphqlField(r.json, /^socialDashComments/);
    const hit = (coll?.elements ?? []).find((c: Json) => text(c?.commentary) === body && JSON.stringify(c?.commenter ?? c).includes(me.id));
    return hit ? { happened: true, result: { commented: true, post_id: urn, comment_id: String(hit.entityUrn ?? '') } } : { happened: false };
  };

  /**
   * A company page by its slug (`q=universalName`, the only documented lookup). A `company_id` is
   * looked up the same way [U]: LinkedIn's company URLs take the numeric id in place of the slug.
   */
  const company: Run<'get_company_details'> = async (ctx, input) => {
    const raw = input.universal_name ?? input.company_url ?? input.company_id ?? '';
    const slug = /linkedin\.com\/company\/([^/?#]+)/i.exec(raw)?.[1] ?? raw.trim().replace(/^\/+|\/+$/g, '');
    const r = await live.session(ctx).call({
      path: `organization/companies?decorationId=${q.companyDecoration}&q=universalName&universalName=${encodeURIComponent(slug)}`,
      notFound: 'COMPANY_NOT_FOUND',
      page: pages.company(slug),
    });
    if (!r.ok) return r.fail.code === 'COMPANY_NOT_FOUND' ? { ...r.fail, result: { company: raw } } : r.fail;
    const c: Json = (r.data?.elements ?? []).find((e: Json) => e && typeof e === 'object');
    if (!c) return fail('COMPANY_NOT_FOUND', 'Company not found', { result: { company: raw } });
    const hq = c.headquarter ?? {};
    const range = c.staffCountRange ?? {};
    const universal = String(c.universalName ?? slug);
    return {
      ok: true,
      result: {
        company_id: lastPart(c.entityUrn),
        name: String(c.name ?? ''),
        universal_name: universal,
        url: typeof c.url === 'string' ? c.url : `https://www.linkedin.com/company/${universal}/`,
        industry: text(c.companyIndustries?.[0]?.localizedName ?? ''),
        // What LinkedIn does not say is empty (0 for numbers), as the declaration has no nulls.
        size: range.start !== undefined ? (range.end !== undefined ? `${range.start}-${range.end}` : `${range.start}+`) : '',
        headquarters: [hq.city, hq.geographicArea, hq.country].filter(Boolean).join(', '),
        website: typeof c.companyPageUrl === 'string' ? c.companyPageUrl : '',
        description: String(c.description ?? ''),
        founded_year: typeof c.foundedOn?.year === 'number' ? c.foundedOn.year : 0,
        follower_count: typeof c.followingInfo?.followerCount === 'number' ? c.followingInfo.followerCount : 0,
        logo: imageUrl(c.logo?.image ?? c.logo) ?? '',
        staff_count: typeof c.staffCount === 'number' ? c.staffCount : null,
        specialities: Array.isArray(c.specialities) ? c.specialities : [],
      },
    };
  };

  return {
    run: { search_people: searchPeople, get_profile_posts: posts, like_post: like, comment_post: comment, get_company_details: company } satisfies Partial<RunTable>,
    verify: { like_post: likeVerify, comment_post: commentVerify } satisfies Partial<VerifyTable>,
  };
}

/** A failure about one post carries it, as the sandbox's do. */
function withPost<F extends { result?: Record<string, unknown> }>(f: F, urn: string): F {
  return { ...f, result: { ...f.result, post_id: urn } };
}

/** LinkedIn activity ids carry their creation time in the top 41 bits. */
function postedAt(urn: string): number | null {
  const id = /urn:li:activity:(\d+)/.exec(urn)?.[1];
  if (!id) return null;
  const ms = Number(BigInt(id) >> 22n);
  return ms > 1_000_000_000_000 ? ms : null;
}
