import type { PersistedQuery } from './facts.ts';
import { conversationUrn, dashProfile, fsd, message, miniProfile, participant } from './render.ts';
import { decoded, parseRestli } from './restli.ts';
import type { Answer, FakeLinkedIn, Incoming } from './server.ts';
import { pair, type Member } from './state.ts';

const bad = (message: string): Answer => ({ status: 400, body: { status: 400, message } });
const notFound: Answer = { status: 404, body: { status: 404 } };
const lastPart = (urn: string) => urn.slice(urn.lastIndexOf(':') + 1);
const idOfProfileUrn = (urn: string) => urn.replace(/^urn:li:(fsd_profile|fs_miniProfile):/, '');

/** The Voyager routes, for the member `me` of the session. */
export function voyagerRoute(fake: FakeLinkedIn, meId: string, req: Incoming, sub: string): Answer {
  const st = fake.state;
  const me = st.members.get(meId)!;
  const p = req.params;
  let body: any = null;
  if (req.body) {
    try {
      body = JSON.parse(req.body);
    } catch {
      return bad('body is not JSON');
    }
  }
  // A decoration LinkedIn does not (or no longer) serve on this endpoint: 400, as after a deploy (eilonmore #368).
  const badDecoration = (endpoint: string): Answer | null => {
    const rule = fake.decorations[endpoint];
    if (!rule) return null;
    const d = decoded(p.decorationId);
    if (d === undefined) return rule.optional ? null : bad('decorationId is required');
    return rule.accepted.includes(d) ? null : bad(`Invalid decorationId ${d}`);
  };

  // GraphQL (both paths): only the persisted queries of the fake's facts, with their variables.
  if (sub === 'graphql' || sub === 'voyagerMessagingGraphQL/graphql') {
    const [family, hash] = (decoded(p.queryId) ?? '').split('.');
    const query = fake.queries.find((q) => q.family === family && q.hash === hash && q.path === sub);
    if (!query) return bad(`Invalid queryId ${family}.${hash}`);
    if (sub.startsWith('voyagerMessaging') && p.includeWebMetadata) return bad('includeWebMetadata is not accepted here');
    let vars: any;
    try {
      vars = parseRestli(p.variables ?? '()');
    } catch (err) {
      return bad(`variables: ${(err as Error).message}`);
    }
    const names = vars && typeof vars === 'object' && !Array.isArray(vars) ? Object.keys(vars) : [];
    const missing = query.required.filter((n) => !names.includes(n));
    const extra = names.filter((n) => !query.required.includes(n) && !query.optional.includes(n));
    if (missing.length || extra.length) return bad(`variables do not match ${family}.${hash}: missing ${missing.join(',') || '-'}, unexpected ${extra.join(',') || '-'}`);
    return graphql(fake, me, query, vars);
  }

  if (sub === 'me') return { status: 200, body: { $type: 'com.linkedin.voyager.common.Me', plainId: me.plainId, premiumSubscriber: me.premium, miniProfile: miniProfile(me) } };

  if (sub === 'identity/dash/profiles' && decoded(p.q) === 'memberIdentity') {
    const d = badDecoration(sub);
    if (d) return d;
    const m = st.memberBy(decoded(p.memberIdentity) ?? '');
    if (!m) return { status: 200, body: { elements: [], paging: { start: 0, count: 10, total: 0 } } };
    if (m.id !== me.id) fake.views.push({ viewer: me.id, viewee: m.id, at: st.now() });
    return { status: 200, body: { elements: [dashProfile(st, m, me.id, fake.relationshipKey)], paging: { start: 0, count: 10, total: 1 } } };
  }

  // The legacy identity/profiles tree is retired: profileView answers 410 since late 2025, and with it
  // profileActions, skills and normEndorsements (voyager.md §5, §8).
  if (sub.startsWith('identity/profiles/')) return { status: 410, body: { status: 410 } };
  if (sub.startsWith('messaging/conversations')) return { status: 401, body: { status: 401 } };

  if (sub === 'voyagerMessagingDashMessengerMessages' && decoded(p.action) === 'createMessage') {
    if (!body?.trackingId) return bad('trackingId is required');
    const token = body.message?.originToken;
    if (!token || body.mailboxUrn !== fsd(me.id)) return bad('originToken and mailboxUrn are required');
    const drop = fake.dropNext.delete('createMessage');
    const dup = st.messages.find((m) => m.sender === me.id && m.originToken === token);
    if (dup) return { status: 200, body: { value: sentValue(fake, dup, me.id) }, drop };
    let conv;
    if (body.message.conversationUrn) {
      const threadId = /,([^,]+)\)$/.exec(body.message.conversationUrn)?.[1] ?? '';
      conv = st.conversations.find((c) => c.threadId === threadId && c.participants.includes(me.id));
      if (!conv) return notFound;
    } else {
      const to = st.members.get(idOfProfileUrn(String(body.hostRecipientUrns?.[0] ?? '')));
      if (!to) return notFound;
      conv = st.conversationWith(me.id, to.id);
      if (!conv) {
        conv = { threadId: `2-conv${st.nextId()}`, participants: [me.id, to.id], createdAt: st.now(), lastActivityAt: st.now() };
        st.conversations.push(conv);
      }
    }
    const msg = { id: `2-msg${st.nextId()}`, threadId: conv.threadId, sender: me.id, text: String(body.message.body?.text ?? ''), deliveredAt: st.now(), originToken: token, subtype: body.message.messageSubtype ?? null };
    st.messages.push(msg);
    conv.lastActivityAt = msg.deliveredAt;
    return { status: 200, body: { value: sentValue(fake, msg, me.id) }, drop };
  }

  if (sub === 'voyagerRelationshipsDashMemberRelationships' && decoded(p.action) === 'verifyQuotaAndCreateV2') {
    const d = badDecoration(sub);
    if (d) return d;
    const to = st.members.get(idOfProfileUrn(String(body?.invitee?.inviteeUnion?.memberProfile ?? '')));
    if (!to) return { status: 400, body: { status: 400, code: 'INVALID_INVITEE' } };
    if (st.pendingBetween(me.id, to.id)) return { status: 400, body: { status: 400, code: 'CANT_RESEND_YET' } };
    if (st.unconfirmedEmail.has(me.id)) return { status: 400, body: { status: 400, code: 'PRIMARY_HANDLE_NOT_CONFIRMED' } };
    if (st.connectionCount(me.id) >= st.connectionCap) return { status: 400, body: { status: 400, code: 'CANT_INVITE_CONNECTION_LIMIT_REACHED' } };
    if (st.invitations.filter((i) => i.from === me.id && i.state === 'PENDING').length >= st.pendingInvitationCap) return { status: 400, body: { status: 400, code: 'MAX_INVITATION_SENT' } };
    const budget = st.inviteBudget.get(me.id);
    if (budget !== undefined && budget <= 0) return { status: 429, body: { status: 429, code: 'FUSE_LIMIT_EXCEEDED' } };
    const note = typeof body.customMessage === 'string' ? body.customMessage : null;
    const notes = st.noteBudget.get(me.id);
    if (note !== null && notes !== undefined && notes <= 0) return { status: 429, body: { status: 429, code: 'CUSTOM_INVITE_LIMIT_REACHED' } };
    if (budget !== undefined) st.inviteBudget.set(me.id, budget - 1);
    if (note !== null && notes !== undefined) st.noteBudget.set(me.id, notes - 1);
    const id = st.nextId();
    st.invitations.push({ id, from: me.id, to: to.id, sharedSecret: `s${id}`, sentAt: st.now(), note, state: 'PENDING' });
    const urn = `urn:li:fsd_invitation:${id}`;
    return {
      status: 200,
      body: { value: { $type: 'com.linkedin.voyager.dash.relationships.invitation.InvitationCreationResult', invitationUrn: urn, invitation: { $type: 'com.linkedin.voyager.dash.relationships.invitation.Invitation', entityUrn: urn } } },
    };
  }

  if (sub === 'relationships/sentInvitationViewsV2') {
    const list = st.invitations.filter((i) => i.from === me.id && i.state === 'PENDING');
    const page = paged(list, p);
    return {
      status: 200,
      body: {
        elements: page.map((i) => ({
          invitation: {
            $type: 'com.linkedin.voyager.relationships.invitation.Invitation',
            entityUrn: `urn:li:fs_relInvitation:${i.id}`,
            toMember: miniProfile(st.members.get(i.to)!),
            toMemberId: i.to,
            sentTime: i.sentAt,
            sharedSecret: i.sharedSecret,
            customMessage: i.note !== null,
            invitationType: 'CONNECTION',
          },
        })),
        paging: { start: Number(p.start ?? 0), count: page.length, total: list.length },
      },
    };
  }

  if (sub === 'relationships/invitationViews') {
    const list = st.invitations.filter((i) => i.to === me.id && i.state === 'PENDING');
    return {
      status: 200,
      body: {
        elements: paged(list, p).map((i) => ({
          invitation: { $type: 'com.linkedin.voyager.relationships.invitation.Invitation', entityUrn: `urn:li:fs_relInvitation:${i.id}`, sharedSecret: i.sharedSecret, fromMember: miniProfile(st.members.get(i.from)!), sentTime: i.sentAt, message: i.note },
        })),
      },
    };
  }

  const inv = /^voyagerRelationshipsDashInvitations\/([^/]+)$/.exec(sub);
  if (inv) {
    const id = lastPart(decodeURIComponent(inv[1]));
    const i = st.invitations.find((x) => x.id === id && x.state === 'PENDING');
    const action = decoded(p.action);
    if (!i) return notFound;
    if (action === 'withdraw' && i.from === me.id) i.state = 'WITHDRAWN';
    else if (action === 'accept' && i.to === me.id) {
      if (body?.sharedSecret !== i.sharedSecret) return bad('sharedSecret does not match');
      if (st.connectionCount(me.id) >= st.connectionCap) return { status: 400, body: { status: 400, code: 'CANT_ACCEPT_CONNECTION_LIMIT_REACHED' } };
      i.state = 'ACCEPTED';
      st.connect(i.from, i.to);
    } else return notFound;
    return { status: 200, body: { value: {} } };
  }

  // voyager.md §8: remove a connection with {connectionUrn}; the URN is urn:li:fsd_connection:<profile id>
  // (Unipile's raw-route documentation) [S].
  if (sub === 'relationships/dash/memberRelationships' && decoded(p.action) === 'removeFromMyConnections' && req.method === 'POST') {
    const d = badDecoration(sub);
    if (d) return d;
    const urn = String(body?.connectionUrn ?? '');
    const other = /^urn:li:fsd_connection:(.+)$/.exec(urn)?.[1];
    if (!other) return bad('connectionUrn is required');
    if (!st.connections.delete(pair(me.id, other))) return { status: 400, body: { status: 400, message: 'not connected' } };
    return { status: 200, body: { value: {} } };
  }

  if (sub === 'relationships/dash/connections') {
    const d = badDecoration(sub);
    if (d) return d;
    const mine = [...st.connections.entries()].filter(([k]) => k.split('|').includes(me.id)).sort((a, b) => b[1] - a[1]);
    return {
      status: 200,
      body: {
        elements: paged(mine, p).map(([k, at]) => {
          const other = st.members.get(k.split('|').find((x) => x !== me.id)!)!;
          return { $type: 'com.linkedin.voyager.dash.relationships.Connection', entityUrn: `urn:li:fsd_connection:${other.id}`, createdAt: at, connectedMember: fsd(other.id), connectedMemberResolutionResult: dashProfile(st, other, me.id, fake.relationshipKey) };
        }),
      },
    };
  }

  const follow = /^feed\/dash\/followingStates\/([^/]+)$/.exec(sub);
  if (follow && req.method === 'POST') {
    const target = decodeURIComponent(follow[1]).replace(/^urn:li:fsd_followingState:/, '');
    const m = st.members.get(idOfProfileUrn(target));
    if (!m) return notFound;
    const on = body?.patch?.$set?.following;
    if (on) st.follows.add(`${me.id}|${m.id}`);
    else st.follows.delete(`${me.id}|${m.id}`);
    return { status: 200 };
  }

  if (sub === 'voyagerSocialDashReactions') {
    if ((p.threadUrn ?? '').includes(':')) return bad('threadUrn must be percent-encoded');
    const d = badDecoration(sub);
    if (d) return d;
    const urn = decoded(p.threadUrn) ?? '';
    const post = st.posts.find((x) => `urn:li:activity:${x.activityId}` === urn);
    if (!post) return notFound;
    if (req.method === 'POST') {
      if (!st.reactions.some((r) => r.activityId === post.activityId && r.memberId === me.id)) {
        st.reactions.push({ activityId: post.activityId, memberId: me.id, type: String(body?.reactionType ?? 'LIKE') });
        post.likes++;
      }
      return { status: 201, headers: { 'x-restli-id': `urn:li:fsd_reaction:(${fsd(me.id)},${urn},0)` } };
    }
    return { status: 200, body: { elements: st.reactions.filter((r) => r.activityId === post.activityId).map((r) => ({ reactionType: r.type, actorUrn: fsd(r.memberId) })) } };
  }

  if (sub === 'voyagerSocialDashNormComments' && req.method === 'POST') {
    const d = badDecoration(sub);
    if (d) return d;
    const urn = String(body?.threadUrn ?? '');
    const post = st.posts.find((x) => `urn:li:activity:${x.activityId}` === urn);
    if (!post) return notFound;
    const id = st.nextId();
    st.comments.push({ id, activityId: post.activityId, memberId: me.id, text: String(body?.commentary?.text ?? '') });
    return { status: 201, body: { entityUrn: `urn:li:fsd_comment:(${id},${urn})`, commentary: body.commentary } };
  }

  if (sub === 'organization/companies' && decoded(p.q) === 'universalName') {
    const d = badDecoration(sub);
    if (d) return d;
    const c = st.companies.find((x) => x.universalName === decoded(p.universalName));
    if (!c) return { status: 200, body: { elements: [] } };
    return {
      status: 200,
      body: {
        elements: [
          {
            $type: 'com.linkedin.voyager.organization.Company',
            entityUrn: `urn:li:fs_normalized_company:${c.id}`,
            name: c.name,
            universalName: c.universalName,
            description: c.description,
            url: `https://www.linkedin.com/company/${c.universalName}/`,
            companyPageUrl: `https://${c.universalName}.example`,
            staffCount: c.staffCount,
            staffCountRange: { start: 51, end: 200 },
            followingInfo: { followerCount: c.followerCount, following: false },
            companyIndustries: [{ localizedName: c.industry }],
            headquarter: { city: c.city, country: c.country },
            foundedOn: { year: 2001 },
            specialities: ['Engines'],
          },
        ],
      },
    };
  }

  // Who viewed my profile: the nested unions of eisbaw/linkedin-rs `re/profile_viewers.md` (validated 2026-03) [S].
  if (sub === 'identity/wvmpCards') {
    const mine = fake.views.filter((v) => v.viewee === me.id);
    const cards = mine.map((v) => ({
      value: {
        'com.linkedin.voyager.identity.me.WvmpProfileViewCard': {
          viewedAt: v.at,
          viewer: { 'com.linkedin.voyager.identity.me.FullProfileViewer': { profile: { miniProfile: miniProfile(st.members.get(v.viewer)!) } } },
        },
      },
    }));
    cards.push(...Array.from({ length: fake.privateViews }, () => ({ value: { 'com.linkedin.voyager.identity.me.PrivateProfileViewer': { headline: 'Someone in private mode' } } as any })));
    return {
      status: 200,
      body: {
        elements: [
          {
            value: {
              'com.linkedin.voyager.identity.me.wvmpOverview.WvmpViewersCard': {
                insightCards: [{ value: { 'com.linkedin.voyager.identity.me.wvmpOverview.WvmpSummaryInsightCard': { numViewsChangeInPercentage: 12.5, cards } } }],
              },
            },
          },
        ],
      },
    };
  }

  return { status: 404, body: { status: 404, message: `fake LinkedIn has no route ${req.method} ${sub}` } };
}

function paged<T>(list: T[], p: Record<string, string>): T[] {
  const start = Number(p.start ?? 0);
  const count = Number(p.count ?? 10);
  return list.slice(start, start + count);
}

function sentValue(fake: FakeLinkedIn, msg: FakeLinkedIn['state']['messages'][number], viewer: string) {
  return {
    ...message(fake.state, msg, viewer),
    conversationUrn: conversationUrn(viewer, msg.threadId),
    backendConversationUrn: `urn:li:messagingThread:${msg.threadId}`,
    senderUrn: fsd(viewer),
  };
}

function graphql(fake: FakeLinkedIn, me: Member, query: PersistedQuery, vars: any): Answer {
  const st = fake.state;
  const conversation = (c: FakeLinkedIn['state']['conversations'][number]) => {
    const latest = st.messages.filter((m) => m.threadId === c.threadId).sort((a, b) => b.deliveredAt - a.deliveredAt)[0];
    return {
      $type: 'com.linkedin.messenger.Conversation',
      entityUrn: conversationUrn(me.id, c.threadId),
      backendUrn: `urn:li:messagingThread:${c.threadId}`,
      createdAt: c.createdAt,
      lastActivityAt: c.lastActivityAt,
      read: true,
      unreadCount: 0,
      groupChat: c.participants.length > 2,
      conversationParticipants: c.participants.map((id) => participant(st.members.get(id)!, me.id, st)),
      messages: { elements: latest ? [message(st, latest, me.id)] : [] },
    };
  };
  const inbox = () => st.conversations.filter((c) => c.participants.includes(me.id)).sort((a, b) => b.lastActivityAt - a.lastActivityAt);
  switch (query.answers) {
    case 'conversationsRecent': {
      // The 20 most recently active conversations, with a sync token and no cursor (voyager.md §8).
      if (vars.mailboxUrn !== fsd(me.id)) return { status: 403, body: { status: 403 } };
      return {
        status: 200,
        body: { data: { messengerConversationsBySyncToken: { elements: inbox().slice(0, 20).map(conversation), metadata: { newSyncToken: `sync-${st.nextId()}`, deletedUrns: [], shouldClearCache: false } } } },
      };
    }
    case 'conversationsByCategory': {
      // The category query: newest first, strictly before lastUpdatedBefore, or after the cursor of a previous page.
      if (vars.mailboxUrn !== fsd(me.id)) return { status: 403, body: { status: 403 } };
      const category = vars.query?.predicateUnions?.[0]?.conversationCategoryPredicate?.category;
      if (!['PRIMARY_INBOX', 'INBOX', 'SECONDARY_INBOX', 'ARCHIVE', 'OTHER'].includes(category)) return bad('query needs a conversation category');
      if (vars.nextCursor !== undefined && vars.lastUpdatedBefore !== undefined) return bad('nextCursor and lastUpdatedBefore exclude each other');
      const count = Number(vars.count ?? 20);
      let list = inbox();
      if (vars.lastUpdatedBefore !== undefined) list = list.filter((c) => c.lastActivityAt < Number(vars.lastUpdatedBefore));
      let start = 0;
      if (vars.nextCursor !== undefined) {
        start = Number(/^cursor-(\d+)$/.exec(String(vars.nextCursor))?.[1] ?? NaN);
        if (!Number.isInteger(start)) return bad('invalid nextCursor');
      }
      const page = list.slice(start, start + count);
      const more = start + count < list.length;
      return {
        status: 200,
        body: { data: { messengerConversationsByCategoryQuery: { elements: page.map(conversation), metadata: { nextCursor: more && vars.lastUpdatedBefore === undefined ? `cursor-${start + count}` : null } } } },
      };
    }
    case 'messagesByAnchor': {
      // ByAnchorTimestamp: the countBefore messages delivered before the anchor, oldest first (voyager.md §8).
      const m = /^urn:li:msg_conversation:\(urn:li:fsd_profile:([^,]+),(.+)\)$/.exec(String(vars.conversationUrn ?? ''));
      const conv = m && m[1] === me.id ? st.conversations.find((c) => c.threadId === m[2] && c.participants.includes(me.id)) : undefined;
      if (!conv) return notFound;
      const anchor = Number(vars.deliveredAt);
      const countBefore = Number(vars.countBefore);
      if (!Number.isFinite(anchor) || !Number.isInteger(countBefore) || countBefore < 0) return bad('deliveredAt and countBefore must be numbers');
      const list = st.messages.filter((x) => x.threadId === conv.threadId && x.deliveredAt < anchor).sort((a, b) => a.deliveredAt - b.deliveredAt);
      return { status: 200, body: { data: { messengerMessagesByAnchorTimestamp: { elements: list.slice(Math.max(0, list.length - countBefore)).map((x) => message(st, x, me.id)), metadata: {} } } } };
    }
    case 'search': {
      const q = vars.query ?? {};
      const words = String(q.keywords ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const params: { key: string; value: string[] }[] = q.queryParameters ?? [];
      const network = params.find((x) => x.key === 'network')?.value ?? [];
      const matches = [...st.members.values()].filter((m) => {
        if (m.id === me.id) return false;
        const hay = `${m.firstName} ${m.lastName} ${m.headline} ${m.location}`.toLowerCase();
        if (!words.every((w) => hay.includes(w))) return false;
        const degree = st.connectedAt(me.id, m.id) ? 'F' : 'S';
        return network.length === 0 || network.includes(degree);
      });
      const start = Number(vars.start ?? 0);
      const count = Number(vars.count ?? 10);
      const page = matches.slice(start, start + count);
      return {
        status: 200,
        body: {
          data: {
            searchDashClustersByAll: {
              _type: 'com.linkedin.restli.common.CollectionResponse',
              elements: [
                {
                  _type: 'com.linkedin.voyager.dash.search.SearchClusterViewModel',
                  items: page.map((m) => ({
                    _type: 'com.linkedin.voyager.dash.search.SearchItem',
                    item: {
                      entityResult: {
                        $type: 'com.linkedin.voyager.dash.search.EntityResultViewModel',
                        entityUrn: `urn:li:fsd_entityResultViewModel:(${fsd(m.id)},SEARCH_SRP,DEFAULT)`,
                        title: { text: `${m.firstName} ${m.lastName}` },
                        primarySubtitle: { text: m.headline },
                        secondarySubtitle: { text: m.location },
                        navigationUrl: `https://www.linkedin.com/in/${m.publicId}?miniProfileUrn=x`,
                        trackingUrn: `urn:li:member:${m.plainId}`,
                        entityCustomTrackingInfo: { memberDistance: st.connectedAt(me.id, m.id) ? 'DISTANCE_1' : 'DISTANCE_2' },
                      },
                    },
                  })),
                },
              ],
              paging: { start, count, total: matches.length },
              metadata: { totalResultCount: matches.length },
            },
          },
        },
      };
    }
    case 'profileUpdates': {
      const author = idOfProfileUrn(String(vars.profileUrn ?? ''));
      if (!st.members.has(author)) return notFound;
      const list = st.posts.filter((x) => x.author === author);
      return {
        status: 200,
        body: {
          data: {
            feedDashProfileUpdatesByMemberShareFeed: {
              elements: list.map((x) => ({
                $type: 'com.linkedin.voyager.dash.feed.Update',
                entityUrn: `urn:li:fsd_update:(urn:li:activity:${x.activityId},MEMBER_SHARES,EMPTY,DEFAULT,false)`,
                metadata: { backendUrn: `urn:li:activity:${x.activityId}` },
                commentary: { text: { text: x.text } },
                socialDetail: { totalSocialActivityCounts: { numLikes: x.likes, numComments: st.comments.filter((c) => c.activityId === x.activityId).length, numShares: 0 } },
              })),
              metadata: { paginationToken: '' },
            },
          },
        },
      };
    }
    case 'profileByVanityName': {
      // The light read keyed by vanityName: no contact details in it.
      const m = st.memberBy(String(vars.vanityName ?? ''));
      return { status: 200, body: { data: { identityDashProfilesByVanityName: { elements: m ? [{ entityUrn: fsd(m.id), publicIdentifier: m.publicId }] : [] } } } };
    }
    case 'contactDetails': {
      const m = st.memberBy(String(vars.memberIdentity ?? ''));
      if (!m) return { status: 200, body: { data: { identityDashProfilesByMemberIdentity: { elements: [] } } } };
      const connected = !!st.connectedAt(me.id, m.id);
      return {
        status: 200,
        body: {
          data: {
            identityDashProfilesByMemberIdentity: {
              elements: [
                {
                  entityUrn: fsd(m.id),
                  emailAddress: connected ? { emailAddress: `${m.publicId}@mail.example` } : null,
                  phoneNumbers: connected ? [{ phoneNumber: { number: '+44 20 7946 0000' } }] : [],
                  websites: [{ url: `https://${m.publicId}.example` }],
                  birthDateOn: connected ? { month: 12, day: 10 } : null,
                },
              ],
            },
          },
        },
      };
    }
    case 'comments': {
      const urn = /urn:li:activity:\d+/.exec(String(vars.socialDetailUrn ?? ''))?.[0];
      const list = st.comments.filter((c) => `urn:li:activity:${c.activityId}` === urn);
      return {
        status: 200,
        body: { data: { socialDashCommentsBySocialDetail: { elements: list.map((c) => ({ entityUrn: `urn:li:fsd_comment:(${c.id},${urn})`, commentary: { text: c.text }, commenter: { actorUrn: fsd(c.memberId) } })) } } },
      };
    }
  }
}
