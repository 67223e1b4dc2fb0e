import type { ActionDeclaration } from './define.ts';
import { connect } from './connect.ts';
import { loginV2 } from './login-v2.ts';
import { sendMessageToProfileId } from './send-message-to-profile-id.ts';
import { visitProfile } from './visit-profile.ts';

/** Every asynchronous LinkedIn action. Adding one here adds its route, docs and dispatch. */
export const actions = [loginV2, connect, sendMessageToProfileId, visitProfile] as const satisfies readonly ActionDeclaration<any, any>[];

export type Action = (typeof actions)[number];
export type ActionName = Action['name'];

const byName = new Map<string, ActionDeclaration<any, any>>(actions.map((a) => [a.name, a]));

export function actionByName(name: string): ActionDeclaration<any, any> | undefined {
  return byName.get(name);
}
