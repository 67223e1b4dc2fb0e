import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, eitherPost, ex, postRef } from './fields.ts';

export const likePost = defineAction({
  name: 'like_post',
  summary: 'React to a post (welink)',
  description: "welink's own endpoint: reacts to a post (LIKE by default). Give `post_id` or `post_url`. Emits POST_LIKED or LIKE_FAILED.",
  tag: 'Posts',
  input: Type.Object(
    {
      accountId,
      ...postRef,
      reaction: Type.Optional(
        Type.Union([Type.Literal('LIKE'), Type.Literal('PRAISE'), Type.Literal('EMPATHY'), Type.Literal('INTEREST'), Type.Literal('APPRECIATION'), Type.Literal('ENTERTAINMENT')], {
          description: 'LinkedIn reaction type (default LIKE).',
        }),
      ),
    },
    eitherPost,
  ),
  result: Type.Object({ liked: Type.Boolean(), post_id: Type.String(), reaction: Type.String() }),
  events: { success: 'POST_LIKED', failure: 'LIKE_FAILED' },
  sideEffect: true,
  budgets: () => ['engagement'],
  errors: ['POST_NOT_FOUND', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, post_id: ex.postId },
  exampleResult: { liked: true, post_id: ex.postId, reaction: 'LIKE' },
});
