// Runs every packages/*/bench/*.bench.ts (Node 22 strips the types) and prints, per comparison, the
// candidate's time as a ratio to the plain Powertools baseline measured in the same process, plus any
// counted figures the suites report. Each file runs in a process of its own, so that no suite's
// environment or module state reaches another. Usage: npm run bench [-- <path-filter>]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';

const root = resolve(import.meta.dirname, '..');
const [mode, argument] = process.argv.slice(2);
const timeMs = Number(process.env.BENCH_TIME_MS ?? 400);

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
  out(`each task timed for ${timeMs} ms after warm-up (BENCH_TIME_MS to change)`);
  if (benchFiles.length === 0) out('no benchmark files found under packages/*/bench/');
  let failedFiles = 0;
  for (const file of benchFiles) {
    const child = spawnSync(process.execPath, [import.meta.filename, '--file', file], {
      stdio: 'inherit',
    });
    if (child.status !== 0) failedFiles++;
  }
  out(`\nbenchmark files run: ${benchFiles.length}, with errors: ${failedFiles}`);
  process.exit(failedFiles ? 1 : 0);
}

const realWrite = process.stdout.write.bind(process.stdout);
// Benchmarked loggers and metrics write to stdout; swallow it while tasks run so the table stays readable.
const silenced = async (fn) => {
  process.stdout.write = (_chunk, ...rest) => {
    const callback = rest.find((argument) => typeof argument === 'function');
    if (callback) queueMicrotask(callback);
    return true;
  };
  try {
    return await fn();
  } finally {
    process.stdout.write = realWrite;
  }
};

const format = (ms) =>
  ms < 0.001
    ? `${(ms * 1e6).toFixed(1)} ns`
    : ms < 1
      ? `${(ms * 1e3).toFixed(2)} µs`
      : `${ms.toFixed(2)} ms`;
let failed = false;

{
  const file = argument;
  const suite = (await import(pathToFileURL(file).href)).default;
  out(`\n## ${suite.name} (${file.slice(root.length + 1)})`);
  try {
    await silenced(async () => suite.setup?.());
    for (const comparison of suite.comparisons ?? []) {
      const bench = new Bench({ time: timeMs, warmupTime: Math.min(200, timeMs) });
      // tinybench calls a task once when it is added (to tell sync from async): silence that too.
      await silenced(async () => {
        bench.add('baseline', comparison.baseline).add('candidate', comparison.candidate);
        await bench.run();
      });
      const [baseline, candidate] = bench.tasks.map((task) => task.result);
      if (baseline.state !== 'completed' || candidate.state !== 'completed') {
        throw (
          baseline.error ??
          candidate.error ??
          new Error(`${comparison.name}: task did not complete`)
        );
      }
      const ratio = candidate.latency.mean / baseline.latency.mean;
      const verdict =
        comparison.targetRatio === undefined
          ? ''
          : ratio <= comparison.targetRatio
            ? `≤ ${comparison.targetRatio} ok`
            : `> ${comparison.targetRatio} MISSED`;
      out(
        `- ${comparison.name}: baseline ${format(baseline.latency.mean)}/op, candidate ${format(candidate.latency.mean)}/op, ratio ${ratio.toFixed(3)} ${verdict}`,
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
