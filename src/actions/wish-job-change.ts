import { greetingAction } from './greeting.ts';

export const wishJobChange = greetingAction({ name: 'wish_job_change', summary: 'Congratulate a connection on a new job', occasion: 'new job', ours: true, example: 'Started as Head of Data at Acme' });
