// Runs every packages/*/bench/*.bench.ts (Node 22 strips the types) and prints, per comparison, the
// candidate's time as a ratio to the plain Powertools baseline measured in the same process, plus any
// counted figures the suites report. Each file runs in a process of its own, so that no suite's
// environment or module state reaches another. Usage: npm run bench [-- <path-filter>]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const [mode, argument] = process.argv.slice(2);
const timeMs = Number(process.env.BENCH_TIME_MS ?? 400);
/** Interleaved rounds per comparison, at the least, however short the timing window. */
const MIN_ROUNDS = 31;
/** Warm-up samples per side, at the least. */
const WARM_UP_SAMPLES = 10;
const loadavg = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');

const out = (line = '') => process.stdout.write(`${line}\n`);

if (mode !== '--file') {
  const benchFiles = readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const dir = join(root, 'packages', entry.name, 'bench');
      try {
        return readdirSync(dir)
          .filter((file) => file.endsWith('.bench.ts'))
          .map((file) => join(dir, file));
      } catch {
        return [];
      }
    })
    .filter((file) => mode === undefined || file.includes(mode))
    .sort();
  out(
    `durable-powertools benchmarks: node ${process.version}, ${os.cpus()[0]?.model} x${os.cpus().length}, ${os.platform()}/${os.arch()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  );
  out(
    `each side timed for at least ${timeMs} ms (BENCH_TIME_MS to change) and ${MIN_ROUNDS} interleaved rounds (or as many as a comparison asks), after ${WARM_UP_SAMPLES} warm-up samples; load average (1, 5, 15 min) ${loadavg()}`,
  );
  if (benchFiles.length === 0) out('no benchmark files found under packages/*/bench/');
  let failedFiles = 0;
  for (const file of benchFiles) {
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', import.meta.filename, '--file', file],
      {
        stdio: 'inherit',
      },
    );
    if (child.status !== 0) failedFiles++;
  }
  out(`\nbenchmark files run: ${benchFiles.length}, with errors: ${failedFiles}`);
  process.exit(failedFiles ? 1 : 0);
}

// Benchmarked loggers and metrics write to stdout; swallow it while tasks run so the table stays
// readable. The write in place is put back afterwards (a harness may have wrapped stdout to capture).
const silenced = async (fn) => {
  const previous = process.stdout.write;
  process.stdout.write = (_chunk, ...rest) => {
    const callback = rest.find((argument) => typeof argument === 'function');
    if (callback) queueMicrotask(callback);
    return true;
  };
  try {
    return await fn();
  } finally {
    process.stdout.write = previous;
  }
};

const format = (ms) =>
  ms < 0.001
    ? `${(ms * 1e6).toFixed(1)} ns`
    : ms < 1
      ? `${(ms * 1e3).toFixed(2)} µs`
      : `${ms.toFixed(2)} ms`;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Milliseconds per call of `fn` over `calls` calls; synchronous tasks are not awaited. Each sample
 * starts on a collected heap, so that neither side pays for the garbage the other one left.
 */
const timeCalls = async (fn, calls, isAsync) => {
  globalThis.gc?.();
  const started = performance.now();
  if (isAsync) for (let call = 0; call < calls; call++) await fn();
  else for (let call = 0; call < calls; call++) fn();
  return (performance.now() - started) / calls;
};

/**
 * Baseline and candidate timed in interleaved rounds (A B, then B A, ...), each sample a batch of
 * calls long enough to time (at least 2 ms), until `timeMs` has passed for each side and at least
 * MIN_ROUNDS rounds ran. The ratio is the median of the rounds' candidate / baseline ratios: load
 * that comes and goes hits both sides of a round alike, where timing one side after the other
 * would charge it to whichever ran during it.
 */
const compare = async ({ baseline, candidate, rounds: minRounds = MIN_ROUNDS }) => {
  const isAsync = {
    baseline: typeof baseline()?.then === 'function',
    candidate: typeof candidate()?.then === 'function',
  };
  if (isAsync.baseline) await baseline();
  if (isAsync.candidate) await candidate();
  // Warm-up (200 ms and at least WARM_UP_SAMPLES samples a side, so that long calls reach optimized
  // code too), then the batch size: calls per sample of the faster side at ~2 ms.
  let calls = 1;
  for (
    let samples = 0, warmUpEnds = performance.now() + Math.min(200, timeMs);
    performance.now() < warmUpEnds || samples < WARM_UP_SAMPLES;
    samples++
  ) {
    const perCall = Math.min(
      await timeCalls(baseline, calls, isAsync.baseline),
      await timeCalls(candidate, calls, isAsync.candidate),
    );
    calls = Math.max(1, Math.ceil(2 / Math.max(perCall, 1e-6)));
  }
  const rounds = [];
  let spent = 0;
  while (rounds.length < minRounds || spent < 2 * timeMs) {
    const candidateFirst = rounds.length % 2 === 1;
    const first = candidateFirst ? candidate : baseline;
    const second = candidateFirst ? baseline : candidate;
    const a = await timeCalls(first, calls, candidateFirst ? isAsync.candidate : isAsync.baseline);
    const b = await timeCalls(second, calls, candidateFirst ? isAsync.baseline : isAsync.candidate);
    const [base, cand] = candidateFirst ? [b, a] : [a, b];
    rounds.push({ base, cand });
    spent += (base + cand) * calls;
  }
  return {
    baseline: median(rounds.map((round) => round.base)),
    candidate: median(rounds.map((round) => round.cand)),
    ratio: median(rounds.map((round) => round.cand / round.base)),
    rounds: rounds.length,
    calls,
  };
};
let failed = false;

{
  const file = argument;
  const suite = (await import(pathToFileURL(file).href)).default;
  out(`\n## ${suite.name} (${file.slice(root.length + 1)})`);
  try {
    await silenced(async () => suite.setup?.());
    for (const comparison of suite.comparisons ?? []) {
      const { baseline, candidate, ratio, rounds, calls } = await silenced(() =>
        compare(comparison),
      );
      const verdict =
        comparison.targetRatio === undefined
          ? ''
          : ratio <= comparison.targetRatio
            ? `≤ ${comparison.targetRatio} ok`
            : `> ${comparison.targetRatio} MISSED`;
      out(
        `- ${comparison.name}: baseline ${format(baseline)}/op, candidate ${format(candidate)}/op, ratio ${ratio.toFixed(3)} ${verdict} (median of ${rounds} paired rounds of ${calls} call${calls === 1 ? '' : 's'}; load ${loadavg()})`,
      );
    }
    if (suite.measure) {
      const measurements = await silenced(() => suite.measure());
      for (const m of measurements) {
        const base = m.baseline === undefined ? '' : `baseline ${m.baseline} ${m.unit}, `;
        out(`- ${m.name}: ${base}durable ${m.candidate} ${m.unit}${m.note ? ` (${m.note})` : ''}`);
      }
    }
  } catch (error) {
    failed = true;
    out(`  suite failed: ${error?.stack ?? error}`);
  } finally {
    await silenced(async () => suite.teardown?.());
  }
}
process.exit(failed ? 1 : 0);
