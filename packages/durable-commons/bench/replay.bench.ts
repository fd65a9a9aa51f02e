import {
  type DurableContext,
  type DurableExecutionClient,
  type DurableExecutionInvocationInput,
  DurableExecutionInvocationInputWithClient,
  type DurableLambdaHandler,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { DurablePowertoolsPlugin } from '@durable-powertools/commons';
import { durableLogger } from '@durable-powertools/logger';
import { durableMetrics } from '@durable-powertools/metrics';
import type { BenchSuite } from '@durable-powertools/testing';
import { runDurable, teardownDurableHarness } from '@durable-powertools/testing';
import { durableTracer } from '@durable-powertools/tracer';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';

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

interface Captured {
  input: DurableExecutionInvocationInput;
  context: Context;
}

/** Runs `handler` for real until its second invocation (the replay) starts; keeps that input. */
const captureReplayInput = (handler: DurableLambdaHandler) => {
  let invocations = 0;
  let captured: Captured | undefined;
  const run = runDurable(
    (async (input: DurableExecutionInvocationInput, context: Context) => {
      if (++invocations === 2) captured = { input, context };
      return handler(input, context);
    }) as DurableLambdaHandler,
    { payload: {}, timeoutMs: 600_000 },
  );
  return { run, captured: () => captured };
};

/**
 * The service's checkpoint API, answered in process: the replay invocation only checkpoints the
 * start of the 1 h wait. The durable service cannot run here; the local runner that produced the
 * history would reject a repeated checkpoint token. Both handlers get the same stub.
 */
const stubClient = (real: DurableExecutionClient): DurableExecutionClient => ({
  getExecutionState: (params, log) => real.getExecutionState(params, log),
  checkpoint: async (params) => ({
    CheckpointToken: params.CheckpointToken,
    NewExecutionState: { Operations: [] },
  }),
});

const replayInvocation = (handler: DurableLambdaHandler, captured: () => Captured | undefined) => {
  return async () => {
    const { input, context } = captured() as Captured;
    const withClient = input as unknown as DurableExecutionInvocationInputWithClient;
    const replay = new DurableExecutionInvocationInputWithClient(
      input,
      stubClient(withClient.durableExecutionClient),
    ) as unknown as DurableExecutionInvocationInput;
    const output = await handler(replay, context);
    if ((output as { Status?: string }).Status !== 'PENDING') {
      throw new Error(`replay invocation ended ${JSON.stringify(output)}`);
    }
  };
};

const runs = SIZES.map(handlersOf).map(({ steps, bare, suite }) => ({
  steps,
  bare,
  suite,
  bareRun: captureReplayInput(bare),
  suiteRun: captureReplayInput(suite),
}));

export default {
  name: 'lifecycle core: replay invocation',
  setup: async () => {
    const deadline = Date.now() + 120_000;
    while (runs.some(({ bareRun, suiteRun }) => !bareRun.captured() || !suiteRun.captured())) {
      if (Date.now() > deadline) throw new Error('executions did not reach their replay in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  },
  comparisons: runs.map(({ steps, bare, suite, bareRun, suiteRun }) => ({
    name: `replay invocation of a ${steps}-step execution: logger + metrics + tracer + DurablePowertoolsPlugin vs the bare SDK`,
    baseline: replayInvocation(bare, bareRun.captured),
    candidate: replayInvocation(suite, suiteRun.captured),
    targetRatio: 1.03,
  })),
  teardown: async () => {
    await teardownDurableHarness();
  },
} satisfies BenchSuite;
