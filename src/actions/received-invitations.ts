import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex, pageCount, start } from './fields.ts';

export const receivedInvitations = defineAction({
  name: 'received_invitations',
  summary: 'List invitations received (welink)',
  description: "welink's own endpoint: connection requests other members sent to the account, newest first; accept one with accept_invitation. Emits RECEIVED_INVITATIONS_FETCHED or RECEIVED_INVITATIONS_FAILED.",
  tag: 'Connections',
  input: Type.Object({ accountId, start: Type.Optional(start), count: Type.Optional(pageCount(100, 100)) }),
  result: Type.Object({
    invitations: Type.Array(
      Type.Object({
        invitation_id: Type.String(),
        profile_id: Type.String(),
        first_name: Type.String(),
        last_name: Type.String(),
        headline: Type.String(),
        public_identifier: Type.String(),
        sent_at: Type.Number(),
        message: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
    total: Type.Integer(),
    start: Type.Integer(),
    next_start: Type.Union([Type.Integer(), Type.Null()]),
  }),
  events: { success: 'RECEIVED_INVITATIONS_FETCHED', failure: 'RECEIVED_INVITATIONS_FAILED' },
  sideEffect: false,
  errors: ['SESSION_EXPIRED'],
  example: { accountId: ex.accountId },
  exampleResult: {
    invitations: [{ invitation_id: ex.invitationId, profile_id: ex.profileId, first_name: 'Ada', last_name: 'Lovelace', headline: 'Analyst', public_identifier: 'ada-lovelace-3f9a1', sent_at: 1767603600000, message: null }],
    total: 1,
    start: 0,
    next_start: null,
  },
});
