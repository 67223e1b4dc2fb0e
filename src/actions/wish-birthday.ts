import { greetingAction } from './greeting.ts';

export const wishBirthday = greetingAction({ name: 'wish_birthday', summary: 'Wish a connection a happy birthday', occasion: 'birthday', ours: true, example: 'Birthday today' });
