import { conversationUrn, dashProfile, fsd, message, miniProfile, participant } from './render.ts';
import { decoded, parseRestli } from './restli.ts';
import type { Answer, FakeLinkedIn, Incoming } from './server.ts';
import type { Member } from './state.ts';

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
  const strictDecoration = (): Answer | null => (fake.strict && !fake.decorations.has(decoded(p.decorationId) ?? '') ? bad('Invalid decorationId') : null);

  // GraphQL (both paths): family matched by prefix, any hash unless strict.
  if (sub === 'graphql' || sub === 'voyagerMessagingGraphQL/graphql') {
    const [family, hash] = (decoded(p.queryId) ?? '').split('.');
    if (fake.strict && !fake.hashes.get(family)?.has(hash)) return bad('Invalid queryId');
    if (sub.startsWith('voyagerMessaging') && p.includeWebMetadata) return bad('includeWebMetadata is not accepted here');
    let vars: any;
    try {
      vars = parseRestli(p.variables ?? '()');
    } catch (err) {
      return bad(`variables: ${(err as Error).message}`);
    }
    return graphql(fake, me, family, vars);
  }

  if (sub === 'me') return { status: 200, body: { $type: 'com.linkedin.voyager.common.Me', plainId: me.plainId, premiumSubscriber: me.premium, miniProfile: miniProfile(me) } };

  if (sub === 'identity/dash/profiles' && decoded(p.q) === 'memberIdentity') {
    const d = strictDecoration();
    if (d) return d;
    const m = st.memberBy(decoded(p.memberIdentity) ?? '');
    if (!m) return { status: 200, body: { elements: [], paging: { start: 0, count: 10, total: 0 } } };
    if (m.id !== me.id) fake.views.push({ viewer: me.id, viewee: m.id, at: st.now() });
    return { status: 200, body: { elements: [dashProfile(st, m, me.id)], paging: { start: 0, count: 10, total: 1 } } };
  }

  if (/^identity\/profiles\/[^/]+\/profileView$/.test(sub)) return { status: 410, body: { status: 410 } };
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
    const d = strictDecoration();
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

  if (sub === 'relationships/dash/connections') {
    const d = strictDecoration();
    if (d) return d;
    const mine = [...st.connections.entries()].filter(([k]) => k.split('|').includes(me.id)).sort((a, b) => b[1] - a[1]);
    return {
      status: 200,
      body: {
        elements: paged(mine, p).map(([k, at]) => {
          const other = st.members.get(k.split('|').find((x) => x !== me.id)!)!;
          return { $type: 'com.linkedin.voyager.dash.relationships.Connection', entityUrn: `urn:li:fsd_connection:${other.id}`, createdAt: at, connectedMember: fsd(other.id), connectedMemberResolutionResult: dashProfile(st, other, me.id) };
        }),
      },
    };
  }

  const act = /^identity\/profiles\/([^/]+)\/(profileActions|skills|normEndorsements)$/.exec(sub);
  if (act) {
    const m = st.memberBy(decodeURIComponent(act[1]));
    if (!m) return notFound;
    if (act[2] === 'profileActions' && decoded(p.action) === 'disconnect') {
      if (!st.connections.delete([me.id, m.id].sort().join('|'))) return bad('not connected');
      return { status: 200, body: {} };
    }
    if (act[2] === 'skills') {
      return { status: 200, body: { elements: m.skills.map((name, n) => ({ entityUrn: `urn:li:fs_skill:(${m.id},${n + 1})`, name, endorsedByViewer: st.endorsements.has(`${me.id}|${m.id}|${name}`) })) } };
    }
    if (act[2] === 'normEndorsements' && req.method === 'POST') {
      if (!st.connectedAt(me.id, m.id)) return { status: 403, body: { status: 403 } };
      st.endorsements.add(`${me.id}|${m.id}|${body?.skill?.name}`);
      return { status: 201 };
    }
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
    const urn = String(body?.threadUrn ?? '');
    const post = st.posts.find((x) => `urn:li:activity:${x.activityId}` === urn);
    if (!post) return notFound;
    const id = st.nextId();
    st.comments.push({ id, activityId: post.activityId, memberId: me.id, text: String(body?.commentary?.text ?? '') });
    return { status: 201, body: { entityUrn: `urn:li:fsd_comment:(${id},${urn})`, commentary: body.commentary } };
  }

  if (sub === 'organization/companies' && decoded(p.q) === 'universalName') {
    const d = strictDecoration();
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

  if (sub === 'identity/wvmpCards') {
    const mine = fake.views.filter((v) => v.viewee === me.id);
    return {
      status: 200,
      body: {
        elements: [
          {
            value: {
              'com.linkedin.voyager.identity.me.wvmpOverview.WvmpViewersCard': {
                insightCards: [{ value: { 'com.linkedin.voyager.identity.me.wvmpOverview.WvmpSummaryInsightCard': { numViews: mine.length } } }],
                viewers: mine.map((v) => ({ viewer: miniProfile(st.members.get(v.viewer)!), viewedAt: v.at })),
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

function graphql(fake: FakeLinkedIn, me: Member, family: string, vars: any): Answer {
  const st = fake.state;
  switch (family) {
    case 'messengerConversations': {
      if (vars.mailboxUrn !== fsd(me.id)) return { status: 403, body: { status: 403 } };
      const all = st.conversations.filter((c) => c.participants.includes(me.id)).sort((a, b) => b.lastActivityAt - a.lastActivityAt);
      const start = vars.nextCursor ? Number(vars.nextCursor) : 0;
      const page = all.slice(start, start + 20);
      return {
        status: 200,
        body: {
          data: {
            messengerConversationsBySyncToken: {
              elements: page.map((c) => {
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
              }),
              metadata: { nextCursor: start + 20 < all.length ? String(start + 20) : null },
            },
          },
        },
      };
    }
    case 'messengerMessages': {
      const m = /^urn:li:msg_conversation:\(urn:li:fsd_profile:([^,]+),(.+)\)$/.exec(String(vars.conversationUrn ?? ''));
      const conv = m && m[1] === me.id ? st.conversations.find((c) => c.threadId === m[2] && c.participants.includes(me.id)) : undefined;
      if (!conv) return notFound;
      const list = st.messages.filter((x) => x.threadId === conv.threadId).sort((a, b) => b.deliveredAt - a.deliveredAt);
      return { status: 200, body: { data: { messengerMessagesBySyncToken: { elements: list.map((x) => message(st, x, me.id)), metadata: { prevCursor: null } } } } };
    }
    case 'voyagerSearchDashClusters': {
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
    case 'voyagerFeedDashProfileUpdates': {
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
    case 'voyagerIdentityDashProfiles': {
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
    case 'voyagerSocialDashComments': {
      const urn = /urn:li:activity:\d+/.exec(String(vars.socialDetailUrn ?? ''))?.[0];
      const list = st.comments.filter((c) => `urn:li:activity:${c.activityId}` === urn);
      return {
        status: 200,
        body: { data: { socialDashCommentsBySocialDetail: { elements: list.map((c) => ({ entityUrn: `urn:li:fsd_comment:(${c.id},${urn})`, commentary: { text: c.text }, commenter: { actorUrn: fsd(c.memberId) } })) } } },
      };
    }
    default:
      return bad(`unknown query family ${family}`);
  }
}
