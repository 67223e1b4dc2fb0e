import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex, messageResult, SEND_NOTE, sendFields, threadId } from './fields.ts';

export const sendMessageToThread = defineAction({
  name: 'send_message_to_thread',
  summary: 'Send a message to a conversation',
  description: 'Replies in an existing conversation (thread_id from personal_message_threads or from a previous send). Emits MESSAGE_SENT or MESSAGE_FAILED.' + SEND_NOTE,
  tag: 'Messaging',
  input: Type.Object({ accountId, thread_id: threadId, ...sendFields }),
  result: messageResult,
  events: { success: 'MESSAGE_SENT', failure: 'MESSAGE_FAILED' },
  sideEffect: true,
  budgets: () => ['messages'],
  errors: ['THREAD_NOT_FOUND', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, thread_id: ex.threadId, message: 'Following up on my last message.' },
  exampleResult: ex.sent,
});
