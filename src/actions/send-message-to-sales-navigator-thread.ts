import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex, messageResult, SEND_NOTE, sendFields, threadId } from './fields.ts';

export const sendMessageToSalesNavigatorThread = defineAction({
  name: 'send_message_to_sales_navigator_thread',
  summary: 'Send a message to a Sales Navigator conversation',
  description: 'Replies in a conversation from the Sales Navigator inbox; needs a Sales Navigator seat (SALES_SEAT_REQUIRED otherwise). Emits MESSAGE_SENT or MESSAGE_FAILED.' + SEND_NOTE,
  tag: 'Messaging',
  input: Type.Object({ accountId, thread_id: threadId, ...sendFields }),
  result: messageResult,
  events: { success: 'MESSAGE_SENT', failure: 'MESSAGE_FAILED' },
  sideEffect: true,
  budgets: () => ['messages'],
  errors: ['SALES_SEAT_REQUIRED', 'THREAD_NOT_FOUND', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, thread_id: ex.threadId, message: 'Hi again, any thoughts on my proposal?' },
  exampleResult: ex.sent,
});
