import {
  type DurableRunResult,
  runDurable,
  setupDurableHarness,
  streamOf,
  sumMetric,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeProgram } from './describe.js';
import { handlerFor } from './interpreter.js';
import { expectedWrites, lineKey } from './model.js';
import { type GeneratorFeatures, type Program, programArb } from './program.js';

/**
 * The randomized replay property: a random durable workflow (steps with retries, waits, child contexts
 * suspending mid-way, map/parallel NESTED and FLAT with early completion, promise combinators; logs
 * through every logger kind at every level, metrics at every level), run on the real SDK with real
 * invocation boundaries, writes exactly what one execution that never replays would write, as the
 * model computes it from the program alone.
 *
 * Program i is generated from seed SEED + i, so a failure names the seed that reproduces it:
 * `PROPERTY_SEED=<seed> PROPERTY_RUNS=1 npx vitest run <this file>`.
 */
const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_124);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
/** Programs run concurrently in one process: waits and retry delays are real seconds. */
const CONCURRENCY = Number(process.env.PROPERTY_CONCURRENCY ?? 20);
/** Budget for shrinking the first failing program (runs one program at a time). */
const SHRINK_MS = 60_000;

/**
 * Features the generator uses. A feature that still fails because of a known bug the lifecycle-core
 * branch is fixing is switched off in FEATURES_FAILING_KNOWN_BUGS (with the bug it hits); set
 * PROPERTY_ALL_FEATURES=1 to turn everything on and see them fail.
 */
const FEATURES_FAILING_KNOWN_BUGS: Partial<GeneratorFeatures> = {
  // Found by this test (seeds 1266 of base 1000, 600139 of base 600000; 20261137 with every feature
  // on): in a FLAT map/parallel, a branch that finished re-runs on the next invocation when a sibling
  // branch suspended (wait or retry), and the lines it writes after its last durable operation (all
  // of them if it starts none) are written again. (Its metrics were counted again too until core's
  // 112494d; issue 8 cases 1-4 pass since the core merges.)
  trailingLogsOfFinishedFlatBranchesBesideSuspension: false,
};
const FEATURES: GeneratorFeatures = {
  sdkTerminatedFailure: true,
  metricsWithSdkTerminatedFailure: true,
  flatSummarised: true,
  flatBatchesWithSuspendedBranches: true,
  trailingLogsOfFinishedFlatBranchesBesideSuspension: true,
  earlyCompletion: true,
  metricsInUnfinishedBranches: true,
  ...(process.env.PROPERTY_ALL_FEATURES ? {} : FEATURES_FAILING_KNOWN_BUGS),
};

/** What differs between the run and the model; empty when the property holds. */
const problemsOf = (program: Program, result: DurableRunResult): string[] => {
  const expected = expectedWrites(program);
  const problems: string[] = [];
  if (result.status !== expected.status) {
    problems.push(
      `status ${result.status}, expected ${expected.status} (${result.error?.errorMessage ?? ''})`,
    );
  }
  const invocations = result.invocations.length;
  const { min, max } = expected.invocations;
  if (invocations < min || invocations > max) {
    problems.push(`${invocations} invocation(s), expected ${min === max ? min : `${min}..${max}`}`);
  }
  const actual = result.records
    .map((record) => lineKey(String(record.message), String(record.level), streamOf(record)))
    .sort();
  const missing = multisetMinus(expected.lines, actual);
  const extra = multisetMinus(actual, expected.lines);
  if (missing.length) problems.push(`lines missing: ${missing.join(', ')}`);
  if (extra.length) problems.push(`lines extra (repeated or unexpected): ${extra.join(', ')}`);
  const declared = new Set(
    result.emf.flatMap((document) =>
      document._aws.CloudWatchMetrics.flatMap((directive) =>
        directive.Metrics.map((metric) => metric.Name),
      ),
    ),
  );
  for (const name of new Set([...expected.metrics.keys(), ...declared])) {
    const want = expected.metrics.get(name) ?? 0;
    const got = sumMetric(result, name);
    if (got !== want) {
      const perInvocation = result.invocations.map((invocation) =>
        sumMetric(result, name, invocation.emf),
      );
      problems.push(
        `metric ${name} summed ${got}, expected ${want} (per invocation ${perInvocation.join(', ')})`,
      );
    }
  }
  if (problems.length > 0) {
    const statuses = result.invocations.map(
      (invocation) =>
        `#${invocation.index} ${invocation.status} (${invocation.operationsAtStart} ops at start, ${Math.round(invocation.durationMs)} ms)`,
    );
    problems.push(`invocations: ${statuses.join(', ')}`);
  }
  return problems;
};

const multisetMinus = (from: readonly string[], remove: readonly string[]): string[] => {
  const counts = new Map<string, number>();
  for (const item of remove) counts.set(item, (counts.get(item) ?? 0) + 1);
  return from.filter((item) => {
    const left = counts.get(item) ?? 0;
    if (left === 0) return true;
    counts.set(item, left - 1);
    return false;
  });
};

const check = async (program: Program): Promise<string[]> => {
  const result = await runDurable(handlerFor(program), { payload: {}, timeoutMs: 30_000 });
  return problemsOf(program, result);
};

const programFor = (seed: number): Program =>
  fc.sample(programArb(FEATURES), { seed, numRuns: 1 })[0] as Program;

/** Shrinks the program of `seed` (fast-check generates the same first value from the same seed). */
const shrink = async (seed: number): Promise<string> => {
  const details = await fc.check(
    fc.asyncProperty(programArb(FEATURES), async (program) => (await check(program)).length === 0),
    { seed, numRuns: 1, interruptAfterTimeLimit: SHRINK_MS, markInterruptAsFailure: false },
  );
  const shrunk = details.counterexample?.[0];
  if (!shrunk) return 'shrinking found no failing program (flaky?)';
  return `shrunk in ${details.numShrinks} step(s) to:\n${describeProgram(shrunk)}\n${(await check(shrunk)).join('\n')}`;
};

beforeAll(() => setupDurableHarness());
afterAll(() => teardownDurableHarness());

describe('randomized replay property', () => {
  it(`${RUNS} random programs write what one non-replaying execution writes`, async () => {
    // Prepare
    const seeds = Array.from({ length: RUNS }, (_, index) => SEED + index);
    const failures: Array<{ seed: number; program: Program; problems: string[] }> = [];
    let replayed = 0;

    // Act
    for (let start = 0; start < seeds.length; start += CONCURRENCY) {
      await Promise.all(
        seeds.slice(start, start + CONCURRENCY).map(async (seed) => {
          const program = programFor(seed);
          const result = await runDurable(handlerFor(program), { payload: {}, timeoutMs: 30_000 });
          if (result.invocations.length > 1) replayed++;
          const problems = problemsOf(program, result);
          if (problems.length) failures.push({ seed, program, problems });
        }),
      );
    }

    // Assess
    if (failures.length > 0) {
      failures.sort((a, b) => a.seed - b.seed);
      const [first] = failures as [(typeof failures)[number]];
      const shrunk = await shrink(first.seed);
      const listing = failures
        .map(
          ({ seed, program, problems }) =>
            `seed ${seed}:\n${describeProgram(program)}\n  ${problems.join('\n  ')}`,
        )
        .join('\n\n');
      expect.fail(
        `${failures.length} of ${RUNS} program(s) failed (base seed ${SEED}). Reproduce one with ` +
          `PROPERTY_SEED=<seed> PROPERTY_RUNS=1.\n\n${listing}\n\nFirst failing seed ${first.seed}, ${shrunk}`,
      );
    }
    // The programs really crossed invocation boundaries (each program's count is checked against
    // the model above; this guards the generator, so not when reproducing a single seed).
    if (RUNS >= 20) expect(replayed).toBeGreaterThan(RUNS / 3);
  }, 600_000);
});
