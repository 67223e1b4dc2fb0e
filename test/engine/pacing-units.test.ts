import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../src/lib/random.ts';
import { drawDelayMs, nextActiveInstant, type PacingOptions } from '../../src/engine/pacing.ts';

const base: PacingOptions = { enabled: true, minSeconds: 45, maxSeconds: 300, distribution: 'lognormal' };

function draws(opts: PacingOptions, n: number, seed = 7): number[] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => drawDelayMs(opts, r));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

describe('drawDelayMs', () => {
  it('is zero when pacing is off', () => {
    assert.deepEqual(draws({ ...base, enabled: false }, 5), [0, 0, 0, 0, 0]);
  });

  it('stays within [min, max] for both distributions', () => {
    for (const distribution of ['lognormal', 'uniform'] as const) {
      const xs = draws({ ...base, distribution }, 5000);
      assert.ok(xs.every((x) => x >= 45000 && x <= 300000 && Number.isInteger(x)), distribution);
    }
  });

  it('lognormal centres on the geometric mean, mostly short pauses with a long tail', () => {
    const xs = draws(base, 10000);
    const geo = Math.sqrt(45 * 300) * 1000; // about 116 s
    const m = median(xs);
    assert.ok(Math.abs(m - geo) < 0.05 * geo, `median ${m} vs ${geo}`);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.ok(mean > m, 'right-skewed: mean above median');
    // Not all piled on the bounds: clamping touches only the tails (sigma = a quarter of the log range).
    const atBounds = xs.filter((x) => x === 45000 || x === 300000).length;
    assert.ok(atBounds < 0.1 * xs.length, `${atBounds} draws at the bounds`);
    const distinct = new Set(xs).size;
    assert.ok(distinct > 5000, 'draws are spread, not a few values');
  });

  it('uniform has the arithmetic mean and fills the range', () => {
    const xs = draws({ ...base, distribution: 'uniform' }, 10000);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.ok(Math.abs(mean - 172500) < 3000, `mean ${mean}`);
    const tenths = new Array(10).fill(0);
    for (const x of xs) tenths[Math.min(9, Math.floor(((x - 45000) / 255000) * 10))]++;
    assert.ok(tenths.every((c) => c > 800 && c < 1200), JSON.stringify(tenths));
  });

  it('min equal to max gives exactly that pause; a seed reproduces the sequence', () => {
    assert.deepEqual(draws({ ...base, minSeconds: 60, maxSeconds: 60 }, 3), [60000, 60000, 60000]);
    assert.deepEqual(draws(base, 20, 99), draws(base, 20, 99));
  });
});

describe('nextActiveInstant', () => {
  const paris = { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] };

  it('returns the instant itself with no active hours or inside them', () => {
    const t = Date.UTC(2026, 0, 10, 3, 17);
    assert.equal(nextActiveInstant(t, null, 'Europe/Paris'), t);
    const monday10 = Date.UTC(2026, 0, 5, 9, 0, 30); // 10:00:30 in Paris (UTC+1)
    assert.equal(nextActiveInstant(monday10, paris, 'Europe/Paris'), monday10);
  });

  it('waits for the window to open in the account time zone', () => {
    // Monday 07:30 UTC = 08:30 Paris: opens at 09:00 Paris = 08:00 UTC.
    assert.equal(nextActiveInstant(Date.UTC(2026, 0, 5, 7, 30), paris, 'Europe/Paris'), Date.UTC(2026, 0, 5, 8, 0));
    // Monday 17:00 UTC = 18:00 Paris: the end is exclusive, so Tuesday 09:00 Paris.
    assert.equal(nextActiveInstant(Date.UTC(2026, 0, 5, 17, 0), paris, 'Europe/Paris'), Date.UTC(2026, 0, 6, 8, 0));
    // Saturday noon: Monday 09:00 Paris.
    assert.equal(nextActiveInstant(Date.UTC(2026, 0, 10, 12, 0), paris, 'Europe/Paris'), Date.UTC(2026, 0, 12, 8, 0));
    // The same wall-clock hours in New York are five hours later in UTC.
    assert.equal(nextActiveInstant(Date.UTC(2026, 0, 5, 7, 30), paris, 'America/New_York'), Date.UTC(2026, 0, 5, 14, 0));
    // No time zone means UTC.
    assert.equal(nextActiveInstant(Date.UTC(2026, 0, 5, 7, 30), paris, null), Date.UTC(2026, 0, 5, 9, 0));
  });

  it('handles windows across midnight', () => {
    const night = { start: '22:00', end: '02:00' };
    assert.equal(nextActiveInstant(Date.UTC(2026, 0, 5, 23, 30), night, 'UTC'), Date.UTC(2026, 0, 5, 23, 30));
    assert.equal(nextActiveInstant(Date.UTC(2026, 0, 6, 1, 59), night, 'UTC'), Date.UTC(2026, 0, 6, 1, 59));
    assert.equal(nextActiveInstant(Date.UTC(2026, 0, 6, 2, 0), night, 'UTC'), Date.UTC(2026, 0, 6, 22, 0));
  });

  it('is exact on the days the clocks change', () => {
    // Paris springs forward on Sunday 2026-03-29: 02:00 CET becomes 03:00 CEST (UTC+2).
    const daily = { start: '09:00', end: '18:00' };
    assert.equal(nextActiveInstant(Date.UTC(2026, 2, 28, 20, 0), daily, 'Europe/Paris'), Date.UTC(2026, 2, 29, 7, 0));
    // A window starting inside the skipped hour opens when the wall clock lands in it, at 03:00 CEST.
    const skipped = { start: '02:30', end: '03:30' };
    assert.equal(nextActiveInstant(Date.UTC(2026, 2, 29, 0, 0), skipped, 'Europe/Paris'), Date.UTC(2026, 2, 29, 1, 0));
    // Weekdays only: from Saturday evening before the change to Monday 09:00 CEST.
    assert.equal(nextActiveInstant(Date.UTC(2026, 2, 28, 20, 0), paris, 'Europe/Paris'), Date.UTC(2026, 2, 30, 7, 0));
    // New York falls back on Sunday 2026-11-01 (EDT UTC-4 to EST UTC-5): 09:00 that day is 14:00 UTC.
    assert.equal(nextActiveInstant(Date.UTC(2026, 10, 1, 4, 0), daily, 'America/New_York'), Date.UTC(2026, 10, 1, 14, 0));
    // The day before, 09:00 EDT was 13:00 UTC.
    assert.equal(nextActiveInstant(Date.UTC(2026, 9, 31, 4, 0), daily, 'America/New_York'), Date.UTC(2026, 9, 31, 13, 0));
  });
});
