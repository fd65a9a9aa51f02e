import type { DurableContext } from '@aws/durable-execution-sdk-js';
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

/**
 * A separate instance of the SDK's module for each handler: V8 keeps type feedback per function, so
 * in one shared instance every handler's plugin shape (none, a no-op, the suite's) makes the SDK's
 * functions polymorphic for all of them (measured: up to 2% either way). A Lambda function runs one
 * handler; so does each instance here.
 */
const sdkInstance = (handler: string): Promise<typeof import('@aws/durable-execution-sdk-js')> =>
  import(`${import.meta.resolve('@aws/durable-execution-sdk-js')}?instance=${handler}`);

/** One call per sample (20 ms of it the SDK's idle termination timer): rounds enough for a stable median. */
const REPLAY_ROUNDS = 51;

/** A plugin with no hooks: what the SDK itself costs once any plugin is registered. */
class NoHooksPlugin {}

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

const handlersOf = async (steps: number) => ({
  steps,
  bare: (await sdkInstance(`bare-${steps}`)).withDurableExecution(workflowOf(steps)),
  floor: (await sdkInstance(`floor-${steps}`)).withDurableExecution(workflowOf(steps), {
    plugins: [new NoHooksPlugin()],
  }),
  suite: (await sdkInstance(`suite-${steps}`)).withDurableExecution(
    middy(workflowOf(steps))
      .use(durableLogger({ logger }))
      .use(durableMetrics({ metrics }))
      .use(durableTracer({ tracer })),
    { plugins: [new DurablePowertoolsPlugin()] },
  ),
});

const runs = (await Promise.all(SIZES.map(handlersOf))).map(({ steps, bare, floor, suite }) => ({
  steps,
  bare: captureReplay(bare),
  floor: steps === 3_000 ? captureReplay(floor) : undefined,
  suite: captureReplay(suite),
}));

export default {
  name: 'lifecycle core: replay invocation',
  setup: async () => {
    await Promise.all(runs.flatMap((run) => [run.bare.ready, run.floor?.ready, run.suite.ready]));
  },
  comparisons: runs.flatMap(({ steps, bare, floor, suite }) => [
    {
      name: `replay invocation of a ${steps}-step execution: logger + metrics + tracer + DurablePowertoolsPlugin vs the bare SDK`,
      baseline: bare.replay,
      candidate: suite.replay,
      targetRatio: 1.03,
      rounds: REPLAY_ROUNDS,
    },
    ...(floor === undefined
      ? []
      : [
          {
            name: `the SDK's own price of a plugin (${steps} steps): a plugin with no hooks vs the bare SDK`,
            baseline: bare.replay,
            candidate: floor.replay,
            rounds: REPLAY_ROUNDS,
          },
          {
            name: `the suite's own price (${steps} steps): logger + metrics + tracer + DurablePowertoolsPlugin vs a plugin with no hooks`,
            baseline: floor.replay,
            candidate: suite.replay,
            rounds: REPLAY_ROUNDS,
          },
        ]),
  ]),
  teardown: async () => {
    await teardownDurableHarness();
  },
} satisfies BenchSuite;
