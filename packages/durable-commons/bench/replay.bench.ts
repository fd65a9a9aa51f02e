import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { DurablePowertoolsPlugin } from '@durable-powertools/commons';
import { durableLogger } from '@durable-powertools/logger';
import { durableMetrics } from '@durable-powertools/metrics';
import type { BenchSuite } from '@durable-powertools/testing';
import { captureReplay, teardownDurableHarness } from '@durable-powertools/testing';
import { durableTracer } from '@durable-powertools/tracer';
import middy from '@middy/core';

/** The execution sizes measured: a typical long workflow, and the service's operation limit. */
const SIZES = [1_000, 3_000] as const;

const logger = new Logger({ serviceName: 'bench' });
const metrics = new Metrics({ namespace: 'bench', serviceName: 'bench' });
const tracer = new Tracer({ serviceName: 'bench' });

/** `steps` steps, each followed by a log line; then a 1 s wait, then a 1 h wait. */
const workflowOf =
  (steps: number) =>
  async (_event: unknown, context: DurableContext): Promise<string> => {
    for (let index = 0; index < steps; index++) {
      await context.step(`step-${index}`, async () => index);
      context.logger.info('step done');
    }
    metrics.addMetric('stepsDone', MetricUnit.Count, steps);
    await context.wait({ seconds: 1 });
    await context.wait({ hours: 1 });
    return 'done';
  };

const handlersOf = (steps: number) => ({
  steps,
  bare: withDurableExecution(workflowOf(steps)),
  suite: withDurableExecution(
    middy(workflowOf(steps))
      .use(durableLogger({ logger }))
      .use(durableMetrics({ metrics }))
      .use(durableTracer({ tracer })),
    { plugins: [new DurablePowertoolsPlugin()] },
  ),
});

const runs = SIZES.map(handlersOf).map(({ steps, bare, suite }) => ({
  steps,
  bare: captureReplay(bare),
  suite: captureReplay(suite),
}));

export default {
  name: 'lifecycle core: replay invocation',
  setup: async () => {
    await Promise.all(runs.flatMap(({ bare, suite }) => [bare.ready, suite.ready]));
  },
  comparisons: runs.map(({ steps, bare, suite }) => ({
    name: `replay invocation of a ${steps}-step execution: logger + metrics + tracer + DurablePowertoolsPlugin vs the bare SDK`,
    baseline: bare.replay,
    candidate: suite.replay,
    targetRatio: 1.03,
  })),
  teardown: async () => {
    await teardownDurableHarness();
  },
} satisfies BenchSuite;
