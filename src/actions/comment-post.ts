import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, eitherPost, ex, postRef } from './fields.ts';

export const commentPost = defineAction({
  name: 'comment_post',
  summary: 'Comment on a post (welink)',
  description: "welink's own endpoint: comments on a post. Give `post_id` or `post_url`. Emits POST_COMMENTED or COMMENT_FAILED.",
  tag: 'Posts',
  input: Type.Object({ accountId, ...postRef, message: Type.String({ minLength: 1, maxLength: 1250, description: 'The comment (LinkedIn allows 1,250 characters).' }) }, eitherPost),
  result: Type.Object({ commented: Type.Boolean(), post_id: Type.String(), comment_id: Type.String() }),
  events: { success: 'POST_COMMENTED', failure: 'COMMENT_FAILED' },
  sideEffect: true,
  budgets: () => ['engagement'],
  errors: ['POST_NOT_FOUND', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, post_id: ex.postId, message: 'Great insights, thanks for sharing!' },
  exampleResult: { commented: true, post_id: ex.postId, comment_id: `urn:li:comment:(${ex.postId},7261530000000000000)` },
});
