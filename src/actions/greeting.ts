import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex, greetingsContext, messageResult, profileId, SEND_NOTE, sendFields, threadId } from './fields.ts';

/** The three greeting actions share their shape: to a connection's profile or to a thread. */
export function greetingAction<N extends string>(o: { name: N; summary: string; occasion: string; ours: boolean; example: string }) {
  return defineAction({
    name: o.name,
    summary: o.summary,
    description:
      `Greets a 1st-degree connection on their ${o.occasion}, in the conversation \`thread_id\` or by \`profile_id\` (give one). ` +
      (o.ours ? `We-Link documents the operation but not its path: \`${o.name}\` is welink's name. ` : '') +
      'Emits MESSAGE_SENT or MESSAGE_FAILED.' +
      SEND_NOTE,
    tag: 'Greetings',
    input: Type.Object(
      { accountId, greetings_context: greetingsContext, profile_id: Type.Optional(profileId), thread_id: Type.Optional(threadId), ...sendFields },
      { anyOf: [{ required: ['profile_id'] }, { required: ['thread_id'] }] },
    ),
    result: messageResult,
    events: { success: 'MESSAGE_SENT', failure: 'MESSAGE_FAILED' },
    sideEffect: true,
    budgets: () => ['messages'],
    errors: ['PROFILE_NOT_FOUND', 'NOT_CONNECTED', 'THREAD_NOT_FOUND', 'SESSION_EXPIRED'],
    example: { accountId: ex.accountId, profile_id: ex.profileId, greetings_context: o.example, message: `Happy ${o.occasion}, Ada!` },
    exampleResult: ex.sent,
  });
}
