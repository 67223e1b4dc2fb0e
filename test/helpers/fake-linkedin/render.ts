import type { FakeState, Member } from './state.ts';

/** LinkedIn-shaped entities of the fake's data (plain form; the envelope step normalizes them on demand). */

export const fsd = (id: string) => `urn:li:fsd_profile:${id}`;

export function miniProfile(m: Member) {
  return {
    $type: 'com.linkedin.voyager.identity.shared.MiniProfile',
    entityUrn: `urn:li:fs_miniProfile:${m.id}`,
    dashEntityUrn: fsd(m.id),
    objectUrn: `urn:li:member:${m.plainId}`,
    firstName: m.firstName,
    lastName: m.lastName,
    occupation: m.headline,
    publicIdentifier: m.publicId,
    trackingId: 'dHJhY2tpbmc=',
  };
}

/** The dash profile as `viewer` sees it; a connection under `connectionKey` (voyager.md §8 lists three keys in 2026 parsers). */
export function dashProfile(st: FakeState, m: Member, viewer: string, connectionKey: 'connection' | 'connectedMember' | 'connected' = 'connection') {
  const connectedAt = st.connectedAt(viewer, m.id);
  const pending = st.pendingBetween(viewer, m.id);
  const relationship = connectedAt
    ? { [connectionKey]: { createdAt: connectedAt } }
    : {
        noConnection: pending
          ? { invitationUnion: { invitation: { $type: 'com.linkedin.voyager.dash.relationships.invitation.Invitation', entityUrn: `urn:li:fsd_invitation:${pending.id}`, invitationState: 'PENDING' } } }
          : {},
      };
  return {
    $type: 'com.linkedin.voyager.dash.identity.profile.Profile',
    entityUrn: fsd(m.id),
    publicIdentifier: m.publicId,
    firstName: m.firstName,
    lastName: m.lastName,
    headline: m.headline,
    geoLocation: { geo: { defaultLocalizedName: m.location } },
    premium: m.premium,
    ...(m.company ? { profileTopPosition: { elements: [{ companyName: m.company }] } } : {}),
    followingState: { followerCount: m.followers, following: st.follows.has(`${viewer}|${m.id}`) },
    connections: { paging: { total: [...st.connections.keys()].filter((k) => k.split('|').includes(m.id)).length } },
    profilePicture: { displayImageReference: { vectorImage: { rootUrl: 'https://media.example/', artifacts: [{ width: 100, height: 100, fileIdentifyingUrlPathSegment: `${m.id}-100.jpg` }, { width: 400, height: 400, fileIdentifyingUrlPathSegment: `${m.id}-400.jpg` }] } } },
    memberRelationship: { memberRelationshipUnion: relationship },
  };
}

export function participant(m: Member, viewer: string, st: FakeState) {
  return {
    hostIdentityUrn: fsd(m.id),
    entityUrn: `urn:li:msg_messagingParticipant:${fsd(m.id)}`,
    participantType: {
      member: {
        firstName: { text: m.firstName },
        lastName: { text: m.lastName },
        headline: { text: m.headline },
        profileUrl: `https://www.linkedin.com/in/${m.publicId}`,
        distance: m.id === viewer ? 'SELF' : st.connectedAt(viewer, m.id) ? 'DISTANCE_1' : 'DISTANCE_2',
      },
    },
  };
}

export const conversationUrn = (viewer: string, threadId: string) => `urn:li:msg_conversation:(${fsd(viewer)},${threadId})`;

export function message(st: FakeState, msg: FakeState['messages'][number], viewer: string) {
  const sender = st.members.get(msg.sender)!;
  return {
    $type: 'com.linkedin.messenger.Message',
    entityUrn: `urn:li:msg_message:(${fsd(viewer)},${msg.id})`,
    backendUrn: `urn:li:messagingMessage:${msg.id}`,
    deliveredAt: msg.deliveredAt,
    body: { text: msg.text, attributes: [] },
    sender: participant(sender, viewer, st),
    conversation: { entityUrn: conversationUrn(viewer, msg.threadId) },
    originToken: msg.originToken,
    messageBodyRenderFormat: 'DEFAULT',
  };
}
