// What the sandbox world costs the process that first uses it: generation time (synchronous, on the
// event loop of the first sandbox action) and memory kept, then the first search of a sandbox member
// (its distances and the search index). Each run is a fresh process, so nothing is cached or warm:
// `node bench/world.ts [runs]` through tsx, e.g. `node bin/run-ts.mjs bench/world.ts 3`.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const runs = Number(process.argv[2] ?? 3);

if (process.env.WORLD_BENCH_CHILD === '1') {
  const { createWorld } = await import('../src/providers/sandbox/world/index.ts');
  const gc = (globalThis as { gc?: () => void }).gc!;
  const mib = (bytes: number) => +(bytes / 1048576).toFixed(1);
  gc();
  const m0 = process.memoryUsage();
  const t0 = performance.now();
  const world = createWorld('welink');
  const t1 = performance.now();
  gc();
  const m1 = process.memoryUsage();
  world.searchPeople('ada.lovelace@example.com', { keywords: 'engineer' });
  const t2 = performance.now();
  gc();
  const m2 = process.memoryUsage();
  process.stdout.write(
    JSON.stringify({
      generateMs: Math.round(t1 - t0),
      heapKeptMiB: mib(m1.heapUsed - m0.heapUsed + m1.arrayBuffers - m0.arrayBuffers),
      rssGrowthMiB: mib(m1.rss - m0.rss),
      firstSearchMs: Math.round(t2 - t1),
      searchHeapKeptMiB: mib(m2.heapUsed - m1.heapUsed + m2.arrayBuffers - m1.arrayBuffers),
      searchRssGrowthMiB: mib(m2.rss - m1.rss),
    }) + '\n',
  );
} else {
  const runTs = resolve(import.meta.dirname, '../bin/run-ts.mjs');
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--expose-gc', runTs, import.meta.filename], { env: { ...process.env, WORLD_BENCH_CHILD: '1' }, encoding: 'utf8' });
    process.stdout.write(out);
  }
}
