import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, frequency, messageResult, messageText, profileId, trackReply } from './fields.ts';

export const sendMessageToProfileId = defineAction({
  name: 'send_message_to_profile_id',
  summary: 'Send a message to a profile',
  description: 'Sends a direct message to a 1st-degree connection (others need `send_inmail_message`). Emits MESSAGE_SENT or MESSAGE_FAILED.',
  tag: 'Messaging',
  input: Type.Object({ accountId, profile_id: profileId, message: messageText, frequency: Type.Optional(frequency), track_reply: Type.Optional(trackReply) }),
  result: messageResult,
  events: { success: 'MESSAGE_SENT', failure: 'MESSAGE_FAILED' },
  sideEffect: true,
  errors: ['PROFILE_NOT_FOUND', 'NOT_CONNECTED', 'DAILY_MESSAGE_LIMIT'],
  example: { accountId: 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz', profile_id: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', message: 'Thanks for connecting!', track_reply: true },
  exampleResult: { thread_id: '2-ZjA1ZTY4', message_id: 'msg_2-ZjA1ZTY4-1', sent_at: 1767603600000 },
});
