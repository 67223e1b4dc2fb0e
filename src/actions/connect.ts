import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex, profileId } from './fields.ts';

export const connect = defineAction({
  name: 'connect',
  summary: 'Send a connection request',
  description:
    'Invites a profile to connect, with an optional note (300 characters on premium accounts, 200 on free ones). ' +
    'Emits CONNECTION_SENT or CONNECTION_FAILED; later, when the invitation is accepted, an unsolicited `connection_accepted` event (CONNECTION_ACCEPTED). ' +
    'Over LinkedIn\'s weekly invitation budget (or the 5 noted invitations a month of free accounts) the request waits instead of failing, in both modes: ' +
    'every invitation of the account is held (3 days after LinkedIn\'s own refusal in live mode, then one probe) while its other requests go on, and ' +
    '`get_response` and `GET /api/v1/requests/{id}` show `waitingFor` with WEEKLY_INVITATION_LIMIT, MONTHLY_NOTE_LIMIT or BUDGET_SPENT (welink\'s own budget) and until when.',
  tag: 'Connections',
  input: Type.Object({
    accountId,
    profile_id: profileId,
    message: Type.Optional(Type.String({ maxLength: 2000, description: 'Optional invitation note.' })),
  }),
  result: Type.Object({ connected: Type.Boolean(), profile_id: Type.String(), invitation_id: Type.Optional(Type.String()) }),
  events: { success: 'CONNECTION_SENT', failure: 'CONNECTION_FAILED' },
  sideEffect: true,
  budgets: (input) => (input.message?.trim() ? ['invitations', 'invitation_notes'] : ['invitations']),
  errors: [
    'PROFILE_NOT_FOUND',
    'ALREADY_CONNECTED',
    'INVITATION_ALREADY_PENDING',
    'OUT_OF_NETWORK',
    'NOTE_TOO_LONG',
    'REINVITE_COOLDOWN',
    // Live workspaces: LinkedIn refuses without saying until when.
    'WEEKLY_INVITATION_LIMIT',
    'MONTHLY_NOTE_LIMIT',
    'EMAIL_NOT_CONFIRMED',
    'SESSION_EXPIRED',
  ],
  example: { accountId: ex.accountId, profile_id: ex.profileId, message: 'Hi Ada, great talk yesterday!' },
  exampleResult: { connected: true, profile_id: ex.profileId, invitation_id: ex.invitationId },
});
