import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex, messageResult, profileId, SEND_NOTE, sendFields } from './fields.ts';

export const sendMessageToEventMember = defineAction({
  name: 'send_message_to_event_member',
  summary: 'Send a message to a fellow event attendee',
  description:
    'Messages someone attending a LinkedIn event, without being connected. We-Link\'s schema marks `frequency` required, probably by mistake: here it is optional (default 1). ' +
    'Emits MESSAGE_SENT or MESSAGE_FAILED.' +
    SEND_NOTE,
  tag: 'Messaging',
  input: Type.Object({ accountId, event_id: Type.String({ minLength: 1, maxLength: 100, description: 'LinkedIn event id (linkedin.com/events/<id>).' }), profile_id: profileId, ...sendFields }),
  result: messageResult,
  events: { success: 'MESSAGE_SENT', failure: 'MESSAGE_FAILED' },
  sideEffect: true,
  budgets: () => ['messages'],
  errors: ['EVENT_NOT_FOUND', 'NOT_EVENT_ATTENDEE', 'PROFILE_NOT_FOUND', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, event_id: '7262237727129635594', profile_id: ex.profileId, message: 'See you at the event!', frequency: 1 },
  exampleResult: ex.sent,
});
