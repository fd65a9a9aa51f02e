import {
  type DurableRunResult,
  runDurable,
  streamOf,
  sumMetric,
} from '@durable-powertools/testing';
import fc from 'fast-check';
import { handlerFor } from './interpreter.js';
import { expectedWrites, lineKey } from './model.js';
import { type GeneratorFeatures, type Program, programArb } from './program.js';

/** Program i of a run comes from seed SEED + i, so a failure names the seed that reproduces it. */
export const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_124);
/** Programs run concurrently in one process: waits and retry delays are real seconds. */
const CONCURRENCY = Number(process.env.PROPERTY_CONCURRENCY ?? 20);

/**
 * Features the generator uses. A feature that still fails because of a known bug the lifecycle-core
 * branch is fixing is switched off in FEATURES_FAILING_KNOWN_BUGS (with the bug it hits); set
 * PROPERTY_ALL_FEATURES=1 to turn everything on and see them fail.
 */
const FEATURES_FAILING_KNOWN_BUGS: Partial<GeneratorFeatures> = {
  // Open bug found by this test: in a FLAT map/parallel, a branch that finished re-runs on the next
  // invocation when a sibling branch suspended (wait or retry), and the lines it writes after its
  // last durable operation (all of them if it starts none) are written again. Shrunk by fast-check
  // to: map FLAT [branch 0: context.logger.debug; branch 1: wait 1 s] -> the debug line twice.
  // With every feature on, seed 20261137 of the default base fails. (The branch's metrics were
  // counted twice too until core's 112494d; issue 8 cases 1-4 pass since the core merges.)
  trailingLogsOfFinishedFlatBranchesBesideSuspension: false,
};
export const FEATURES: GeneratorFeatures = {
  sdkTerminatedFailure: true,
  metricsWithSdkTerminatedFailure: true,
  flatSummarised: true,
  flatBatchesWithSuspendedBranches: true,
  trailingLogsOfFinishedFlatBranchesBesideSuspension: true,
  earlyCompletion: true,
  metricsInUnfinishedBranches: true,
  ...(process.env.PROPERTY_ALL_FEATURES ? {} : FEATURES_FAILING_KNOWN_BUGS),
};

export const programFor = (seed: number): Program =>
  fc.sample(programArb(FEATURES), { seed, numRuns: 1 })[0] as Program;

/** Runs the program's handler for real, with real invocation boundaries. */
export const runProgram = (program: Program): Promise<DurableRunResult> =>
  runDurable(handlerFor(program), { payload: {}, timeoutMs: 30_000 });

/** Calls `check` for the seeds SEED .. SEED + runs - 1, CONCURRENCY programs at a time. */
export const forEachSeed = async (runs: number, check: (seed: number) => Promise<void>) => {
  for (let start = 0; start < runs; start += CONCURRENCY) {
    const count = Math.min(CONCURRENCY, runs - start);
    await Promise.all(Array.from({ length: count }, (_, index) => check(SEED + start + index)));
  }
};

/** What differs between the run and the model; empty when the property holds. */
export const problemsOf = (program: Program, result: DurableRunResult): string[] => {
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
