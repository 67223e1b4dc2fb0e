import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex } from './fields.ts';

const nullable = <T extends ReturnType<typeof Type.String>>(s: T) => Type.Union([s, Type.Null()]);

export const personalMessageThreads = defineAction({
  name: 'personal_message_threads',
  summary: 'List conversations (inbox)',
  description:
    'The inbox, most recent activity first. Pass the answer\'s `next_cursor` back as `cursor` for the next page (`cursor` and `count` are welink\'s; We-Link documents no input). ' +
    'Emits MESSAGE_THREADS_FETCHED or MESSAGE_THREADS_FAILED.',
  tag: 'Messaging',
  input: Type.Object({
    accountId,
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'next_cursor of the previous page.' })),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Threads per page (default 20).' })),
  }),
  result: Type.Object({
    threads: Type.Array(
      Type.Object(
        {
          thread_id: Type.String(),
          created_at: Type.Number(),
          last_activity_at: Type.Number(),
          read: Type.Boolean(),
          unread_count: Type.Integer(),
          profile_id: Type.String(),
          first_name: Type.String(),
          last_name: Type.String(),
          full_name: Type.String(),
          degree: Type.Union([Type.Integer(), Type.Null()]),
          image: nullable(Type.String()),
          last_message_body: nullable(Type.String()),
          last_message_at: Type.Union([Type.Number(), Type.Null()]),
          last_message_id: nullable(Type.String()),
        },
        { additionalProperties: true },
      ),
    ),
    next_cursor: nullable(Type.String()),
  }),
  events: { success: 'MESSAGE_THREADS_FETCHED', failure: 'MESSAGE_THREADS_FAILED' },
  sideEffect: false,
  errors: ['INVALID_CURSOR', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId },
  exampleResult: {
    threads: [
      {
        thread_id: ex.threadId,
        created_at: 1767500000000,
        last_activity_at: 1767603600000,
        read: false,
        unread_count: 1,
        profile_id: ex.profileId,
        first_name: 'Ada',
        last_name: 'Lovelace',
        full_name: 'Ada Lovelace',
        degree: 1,
        image: null,
        last_message_body: 'Thanks, sounds interesting!',
        last_message_at: 1767603600000,
        last_message_id: ex.messageId,
      },
    ],
    next_cursor: 'MjA',
  },
});
