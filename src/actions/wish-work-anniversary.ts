import { greetingAction } from './greeting.ts';

export const wishWorkAnniversary = greetingAction({ name: 'wish_work_anniversary', summary: 'Congratulate a connection on a work anniversary', occasion: 'work anniversary', ours: false, example: '5 years at Analytical Engines' });
