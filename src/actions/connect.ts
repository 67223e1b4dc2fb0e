import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, profileId } from './fields.ts';

export const connect = defineAction({
  name: 'connect',
  summary: 'Send a connection request',
  description:
    'Invites a profile to connect, with an optional note (300 characters on premium accounts, 200 on free ones). ' +
    'Emits CONNECTION_SENT or CONNECTION_FAILED; later, when the invitation is accepted, an unsolicited `connection_accepted` event.',
  tag: 'Connections',
  input: Type.Object({
    accountId,
    profile_id: profileId,
    message: Type.Optional(Type.String({ maxLength: 2000, description: 'Optional invitation note.' })),
  }),
  result: Type.Object({ connected: Type.Boolean(), profile_id: Type.String(), invitation_id: Type.Optional(Type.String()) }),
  events: { success: 'CONNECTION_SENT', failure: 'CONNECTION_FAILED' },
  sideEffect: true,
  errors: ['PROFILE_NOT_FOUND', 'ALREADY_CONNECTED', 'INVITATION_ALREADY_PENDING', 'NOTE_TOO_LONG', 'WEEKLY_INVITATION_LIMIT', 'REINVITE_COOLDOWN'],
  example: { accountId: 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz', profile_id: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', message: 'Hi Ada, great talk yesterday!' },
  exampleResult: { connected: true, profile_id: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', invitation_id: 'inv_7130045617893' },
});
