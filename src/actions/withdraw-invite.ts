import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex, invitationId, profileId } from './fields.ts';

export const withdrawInvite = defineAction({
  name: 'withdraw_invite',
  summary: 'Withdraw a pending invitation',
  description:
    'Withdraws a connection request the account sent, named by `invitation_id` or by `profile_id` (give one). ' +
    'LinkedIn then refuses a new invitation to the same person for three weeks (connect fails with REINVITE_COOLDOWN). ' +
    "The path comes from third-party integrations of We-Link; the fields are welink's. Emits INVITATION_WITHDRAWN or WITHDRAW_FAILED.",
  tag: 'Connections',
  input: Type.Object({ accountId, invitation_id: Type.Optional(invitationId), profile_id: Type.Optional(profileId) }, { anyOf: [{ required: ['invitation_id'] }, { required: ['profile_id'] }] }),
  result: Type.Object({ withdrawn: Type.Boolean(), invitation_id: Type.String(), profile_id: Type.String() }),
  events: { success: 'INVITATION_WITHDRAWN', failure: 'WITHDRAW_FAILED' },
  sideEffect: true,
  destructive: true,
  errors: ['INVITATION_NOT_FOUND', 'PROFILE_NOT_FOUND', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, invitation_id: ex.invitationId },
  exampleResult: { withdrawn: true, invitation_id: ex.invitationId, profile_id: ex.profileId },
});
