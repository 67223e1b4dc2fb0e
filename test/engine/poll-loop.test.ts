import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ManualClock } from '../../src/lib/clock.ts';
import { PollLoop } from '../../src/lib/poll-loop.ts';
import { waitFor } from '../helpers/wait.ts';

/** Lets pending callbacks and promise jobs run, without waiting for any time to pass. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

it('a wake that arrives while a round runs brings another round right after it, not after the poll interval', async () => {
  let rounds = 0;
  let started!: () => void;
  let finishFirst!: () => void;
  const firstRunning = new Promise<void>((r) => (started = r));
  const loop = new PollLoop({
    round: async () => {
      rounds++;
      if (rounds === 1) {
        started();
        await new Promise<void>((r) => (finishFirst = r));
      }
      return 'idle';
    },
    nextDueAt: async () => null,
    // An hour: a second round can only come from a wake.
    pollMs: 3_600_000,
    clock: new ManualClock(),
    onError: (err) => assert.fail(String(err)),
  });
  loop.start();
  try {
    await firstRunning;
    loop.wake(); // work committed while the first round was claiming
    finishFirst();
    await waitFor('the round the wake asked for', () => rounds === 2);
    await settle();
    assert.equal(rounds, 2, 'idle again, with no wake: it sleeps');
    loop.wake();
    await waitFor('a round for a wake during the sleep', () => rounds === 3);
  } finally {
    await loop.stop();
  }
});
