import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex, pageCount, start } from './fields.ts';

export const pendingInvites = defineAction({
  name: 'pending_invites',
  summary: 'List sent invitations still pending',
  description: "Invitations the account sent that are not answered yet, newest first. The path comes from third-party integrations of We-Link; fields and result are welink's. Emits PENDING_INVITES_FETCHED or PENDING_INVITES_FAILED.",
  tag: 'Connections',
  input: Type.Object({ accountId, start: Type.Optional(start), count: Type.Optional(pageCount(100, 100)) }),
  result: Type.Object({
    invitations: Type.Array(
      Type.Object({
        invitation_id: Type.String(),
        profile_id: Type.String(),
        first_name: Type.String(),
        last_name: Type.String(),
        public_identifier: Type.String(),
        sent_at: Type.Number(),
        has_note: Type.Boolean(),
        message: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
    total: Type.Integer(),
    start: Type.Integer(),
    next_start: Type.Union([Type.Integer(), Type.Null()]),
  }),
  events: { success: 'PENDING_INVITES_FETCHED', failure: 'PENDING_INVITES_FAILED' },
  sideEffect: false,
  errors: ['SESSION_EXPIRED'],
  example: { accountId: ex.accountId },
  exampleResult: {
    invitations: [{ invitation_id: ex.invitationId, profile_id: ex.profileId, first_name: 'Ada', last_name: 'Lovelace', public_identifier: 'ada-lovelace-3f9a1', sent_at: 1767603600000, has_note: true, message: 'Hi Ada!' }],
    total: 1,
    start: 0,
    next_start: null,
  },
});
