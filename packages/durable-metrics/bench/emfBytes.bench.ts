// EMF bytes per durable execution (what CloudWatch Logs bills): durableMetrics() on a 100-step
// workflow adding 2 metrics per step, against plain Powertools publishing the same 200 values once,
// measured in the same run, with the machine's load. Run: node scripts/bench.mjs emfBytes
// (tests/emfBytes.test.ts runs the same measurement on the sources and asserts the 1.2x target).
import os from 'node:os';
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  type DurableMetricsOptions,
  DurablePowertoolsPlugin,
  durableMetrics,
} from '@durable-powertools/metrics';
import type { BenchMeasurement, BenchSuite } from '@durable-powertools/testing';
import { runDurable, teardownDurableHarness } from '@durable-powertools/testing';
import middy from '@middy/core';

const STEPS = 100;
const newMetrics = (): Metrics => new Metrics({ namespace: 'orders', serviceName: 'checkout' });

/** The values step `step` adds: the same on both sides. */
const addStepMetrics = (metrics: Metrics, step: number): void => {
  metrics.addMetric('itemsPacked', MetricUnit.Count, 1);
  metrics.addMetric('packLatency', MetricUnit.Milliseconds, step % 50);
};

/**
 * The local runner's execution ARN is a bare UUID; in Lambda it is the function ARN, the execution
 * name and the UUID. Documents are also counted with such an ARN in place of the UUID.
 */
export const lambdaArnFor = (uuid: string): string =>
  `arn:aws:lambda:eu-west-1:123456789012:function:orders:1/durable-execution/order-42/${uuid}`;

/** The target of issue 18: EMF documents with a Lambda-length ARN at most 1.2x Powertools'. */
export const TARGET_RATIO = 1.2;

export interface EmfSize {
  bytes: number;
  /** The same documents with a Lambda-length execution ARN. */
  lambdaArnBytes: number;
  documents: number;
}

/** Bytes of the EMF lines (JSON with an `_aws` key) in `lines`, newline included. */
const emfBytes = (lines: readonly string[]): EmfSize => {
  const emf = lines.filter((line) => line.includes('"_aws"'));
  const size = (line: string) => Buffer.byteLength(line) + 1;
  const withLambdaArn = (line: string) =>
    line.replace(
      /"execution_arn":"([^"]+)"/,
      (_match, uuid: string) => `"execution_arn":"${lambdaArnFor(uuid)}"`,
    );
  return {
    bytes: emf.reduce((total, line) => total + size(line), 0),
    lambdaArnBytes: emf.reduce((total, line) => total + size(withLambdaArn(line)), 0),
    documents: emf.length,
  };
};

/** Plain Powertools: the same values added in one invocation and published once. */
const powertoolsOnce = (): EmfSize => {
  const metrics = newMetrics();
  const lines: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  }) as typeof process.stdout.write;
  try {
    for (let step = 1; step <= STEPS; step++) addStepMetrics(metrics, step);
    metrics.publishStoredMetrics();
  } finally {
    process.stdout.write = write;
  }
  return emfBytes(lines);
};

/** The durable workflow: 100 steps, 2 metrics each, run on the SDK's local runner. */
const durableRun = async (options: Omit<DurableMetricsOptions, 'metrics'>): Promise<EmfSize> => {
  const metrics = newMetrics();
  const workflow = async (_event: unknown, context: DurableContext) => {
    for (let step = 1; step <= STEPS; step++) {
      await context.step(`step ${step}`, async () => addStepMetrics(metrics, step));
    }
    return 'packed';
  };
  const handler = withDurableExecution(
    middy(workflow).use(durableMetrics({ metrics, ...options }) as never),
    { plugins: [new DurablePowertoolsPlugin()] },
  );
  const result = await runDurable(handler, { payload: {} });
  if (result.status !== 'SUCCEEDED') throw new Error(`bench workflow ${result.status}`);
  return emfBytes(result.invocations.flatMap((invocation) => invocation.lines));
};

/** Plain Powertools, the default `durableMetrics()` and `attribution: 'operation'`, in one run. */
export const measureEmfBytes = async (): Promise<
  Record<'baseline' | 'shared' | 'perOperation', EmfSize>
> => {
  const baseline = powertoolsOnce();
  const shared = await durableRun({});
  const perOperation = await durableRun({ attribution: 'operation' });
  return { baseline, shared, perOperation };
};

export default {
  name: 'metrics EMF bytes',
  measure: async (): Promise<BenchMeasurement[]> => {
    const { baseline, shared, perOperation } = await measureEmfBytes();
    await teardownDurableHarness();
    const load = `load ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`;
    const ratio = (bytes: number) => `${(bytes / baseline.bytes).toFixed(2)}x Powertools`;
    const lambdaRatio = shared.lambdaArnBytes / baseline.bytes;
    return [
      {
        name: `EMF bytes, ${STEPS} steps x 2 metrics (default: attempts share documents)`,
        baseline: baseline.bytes,
        candidate: shared.bytes,
        unit: 'bytes',
        note: `${ratio(shared.bytes)}; documents ${shared.documents} vs ${baseline.documents}; ${load}`,
      },
      {
        name: `EMF bytes, ${STEPS} steps x 2 metrics, with a Lambda-length execution ARN (default; target <= ${TARGET_RATIO}x)`,
        baseline: baseline.bytes,
        candidate: shared.lambdaArnBytes,
        unit: 'bytes',
        note: `${ratio(shared.lambdaArnBytes)} ${lambdaRatio <= TARGET_RATIO ? 'ok' : 'MISSED'}`,
      },
      {
        name: `EMF bytes, ${STEPS} steps x 2 metrics (attribution: 'operation')`,
        baseline: baseline.bytes,
        candidate: perOperation.bytes,
        unit: 'bytes',
        note: `${ratio(perOperation.bytes)}; documents ${perOperation.documents} vs ${baseline.documents}; with a Lambda-length ARN ${ratio(perOperation.lambdaArnBytes)}`,
      },
    ];
  },
} satisfies BenchSuite;
