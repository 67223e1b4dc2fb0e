import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex, threadId } from './fields.ts';

export const personalMessages = defineAction({
  name: 'personal_messages',
  summary: 'List the messages of a conversation',
  description: 'Every message of one thread, oldest first. Emits MESSAGES_FETCHED or MESSAGES_FAILED.',
  tag: 'Messaging',
  input: Type.Object({ accountId, thread_id: threadId }),
  result: Type.Object({
    thread_id: Type.String(),
    messages: Type.Array(
      Type.Object({
        message_id: Type.String(),
        thread_id: Type.String(),
        sender_profile_id: Type.String(),
        sender_name: Type.String(),
        text: Type.String(),
        sent_at: Type.Number(),
        is_from_me: Type.Boolean(),
      }),
    ),
  }),
  events: { success: 'MESSAGES_FETCHED', failure: 'MESSAGES_FAILED' },
  sideEffect: false,
  errors: ['THREAD_NOT_FOUND', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, thread_id: ex.threadId },
  exampleResult: {
    thread_id: ex.threadId,
    messages: [{ message_id: ex.messageId, thread_id: ex.threadId, sender_profile_id: ex.profileId, sender_name: 'Ada Lovelace', text: 'Hello!', sent_at: 1767603600000, is_from_me: false }],
  },
});
