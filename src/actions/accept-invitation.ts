import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex, invitationId, profileId } from './fields.ts';

export const acceptInvitation = defineAction({
  name: 'accept_invitation',
  summary: 'Accept a received invitation (welink)',
  description: "welink's own endpoint: accepts an invitation from received_invitations, named by `invitation_id` or by the sender's `profile_id`. Emits INVITATION_ACCEPTED or ACCEPT_INVITATION_FAILED.",
  tag: 'Connections',
  input: Type.Object({ accountId, invitation_id: Type.Optional(invitationId), profile_id: Type.Optional(profileId) }, { anyOf: [{ required: ['invitation_id'] }, { required: ['profile_id'] }] }),
  result: Type.Object({ accepted: Type.Boolean(), invitation_id: Type.String(), profile_id: Type.String() }),
  events: { success: 'INVITATION_ACCEPTED', failure: 'ACCEPT_INVITATION_FAILED' },
  sideEffect: true,
  errors: ['INVITATION_NOT_FOUND', 'CONNECTION_LIMIT_REACHED', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, invitation_id: ex.invitationId },
  exampleResult: { accepted: true, invitation_id: ex.invitationId, profile_id: ex.profileId },
});
