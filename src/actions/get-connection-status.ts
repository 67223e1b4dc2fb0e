import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, eitherProfile, ex, profileId, profileUrl } from './fields.ts';

export const getConnectionStatus = defineAction({
  name: 'get_connection_status',
  summary: 'Get the connection status with a profile',
  description:
    'ALREADY_CONNECTED, PENDING (with the `invitation_id` withdraw_invite takes) or NOT_CONNECTED. ' +
    "We-Link documents `profile_url`; `profile_id` works too (give one of them). Emits CONNECTION_STATUS (welink's name) or CONNECTION_STATUS_FAILED.",
  tag: 'Connections',
  input: Type.Object({ accountId, profile_url: Type.Optional(profileUrl), profile_id: Type.Optional(profileId) }, eitherProfile),
  result: Type.Object({
    connection_status: Type.Union([Type.Literal('ALREADY_CONNECTED'), Type.Literal('PENDING'), Type.Literal('NOT_CONNECTED')]),
    invitation_id: Type.Optional(Type.String({ description: 'When PENDING.' })),
    profile_id: Type.String(),
  }),
  events: { success: 'CONNECTION_STATUS', failure: 'CONNECTION_STATUS_FAILED' },
  sideEffect: false,
  errors: ['PROFILE_NOT_FOUND', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, profile_url: ex.profileUrl },
  exampleResult: { connection_status: 'PENDING', invitation_id: ex.invitationId, profile_id: ex.profileId },
});
