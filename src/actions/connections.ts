import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex, pageCount, start } from './fields.ts';

export const connections = defineAction({
  name: 'connections',
  summary: 'List 1st-degree connections',
  description:
    'The account\'s connections, newest first, paged with `start` and `count`; `keywords` filters on name, headline and company. ' +
    "The path comes from third-party integrations of We-Link; fields and result are welink's. Emits CONNECTIONS_FETCHED or CONNECTIONS_FAILED.",
  tag: 'Connections',
  input: Type.Object({ accountId, start: Type.Optional(start), count: Type.Optional(pageCount(100, 40)), keywords: Type.Optional(Type.String({ maxLength: 200 })) }),
  result: Type.Object({
    connections: Type.Array(
      Type.Object({
        profile_id: Type.String(),
        public_identifier: Type.String(),
        profile_url: Type.String(),
        first_name: Type.String(),
        last_name: Type.String(),
        full_name: Type.String(),
        headline: Type.String(),
        image: Type.Union([Type.String(), Type.Null()]),
        connected_at: Type.Union([Type.Number(), Type.Null()]),
      }),
    ),
    total: Type.Integer(),
    start: Type.Integer(),
    count: Type.Integer(),
    next_start: Type.Union([Type.Integer(), Type.Null()]),
  }),
  events: { success: 'CONNECTIONS_FETCHED', failure: 'CONNECTIONS_FAILED' },
  sideEffect: false,
  errors: ['SESSION_EXPIRED'],
  example: { accountId: ex.accountId, start: 0, count: 40 },
  exampleResult: {
    connections: [
      { profile_id: ex.profileId, public_identifier: 'ada-lovelace-3f9a1', profile_url: ex.profileUrl, first_name: 'Ada', last_name: 'Lovelace', full_name: 'Ada Lovelace', headline: 'Analyst at Analytical Engines Ltd', image: null, connected_at: 1767603600000 },
    ],
    total: 161,
    start: 0,
    count: 1,
    next_start: 40,
  },
});
