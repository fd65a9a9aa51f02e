// Must come first (a side-effect import, which Biome never reorders): sets the Lambda environment
// before Powertools Tracer and aws-xray-sdk-core load.
import './support/simulatedLambda.js';
import {
  type DurableContext,
  type DurableExecutionClient,
  DurableExecutionClientError,
  DurableExecutionClientErrorScope,
  type DurableExecutionInvocationInput,
  DurableExecutionInvocationInputWithClient,
  type DurableLambdaHandler,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
import { Tracer } from '@aws-lambda-powertools/tracer';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { DurableTracerPlugin, durableTracer } from '@durable-powertools/tracer';
import middy from '@middy/core';
import { afterAll, describe, expect, it } from 'vitest';
import { documentsOf, handlerSubsegmentsOf } from './support/segments.js';
import { daemon, simulateLambdaTracing } from './support/simulatedLambda.js';

afterAll(async () => {
  await teardownDurableHarness();
  await daemon.stop();
});

/**
 * Stands in for what cannot run here: a checkpoint call that fails transiently (throttled), and
 * Lambda retrying the invocation. The first checkpoint of a step fails once with an INVOCATION-scoped
 * `DurableExecutionClientError`; the SDK then ends the invocation as RETRYING and rethrows, and, as
 * Lambda would, this wrapper invokes the handler again with the same input (the local runner would
 * reject the run instead).
 */
const failFirstStepCheckpointOnce = (handler: DurableLambdaHandler): DurableLambdaHandler => {
  let failed = false;
  return async (input, context) => {
    const real = (input as unknown as DurableExecutionInvocationInputWithClient)
      .durableExecutionClient;
    const flaky: DurableExecutionClient = {
      getExecutionState: (params, logger) => real.getExecutionState(params, logger),
      checkpoint: async (params, logger) => {
        if (!failed && params.Updates?.some((update) => update.Type === 'STEP')) {
          failed = true;
          throw new DurableExecutionClientError('injected: checkpoint throttled', {
            scope: DurableExecutionClientErrorScope.INVOCATION,
          });
        }
        return real.checkpoint(params, logger);
      },
    };
    try {
      return await handler(
        new DurableExecutionInvocationInputWithClient(
          input as DurableExecutionInvocationInput,
          flaky,
        ) as unknown as DurableExecutionInvocationInput,
        context,
      );
    } catch {
      return handler(input, context); // Lambda's retry of the same invocation
    }
  };
};

describe('an invocation Lambda retries', () => {
  it('closes the failed attempt as RETRYING, in its own trace, and traces the retry', async () => {
    // Prepare
    const tracer = new Tracer({ captureHTTPsRequests: false });
    const workflow = async (_event: unknown, context: DurableContext) => {
      await context.step('reserve', async () => 'reserved');
      await context.wait({ seconds: 1 });
      return 'done';
    };
    const handler = withDurableExecution(middy(workflow).use(durableTracer({ tracer })), {
      plugins: [new DurableTracerPlugin({ tracer })],
    });
    const traceIds: string[] = [];

    // Act
    const result = await runDurable(
      failFirstStepCheckpointOnce(simulateLambdaTracing(handler, traceIds)),
      { payload: {} },
    );
    await daemon.settle();

    // Assess: two durable invocations, the first one run twice by Lambda (three traces)
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(traceIds).toHaveLength(3);
    const handlers = handlerSubsegmentsOf(daemon, traceIds);
    expect(handlers.map((h) => h.trace_id)).toEqual(traceIds);
    expect(handlers.map((h) => h.annotations?.invocation_status)).toEqual([
      'RETRYING',
      'PENDING',
      'SUCCEEDED',
    ]);
    expect(handlers[0]?.fault).toBe(true);
    expect(handlers[0]?.cause?.exceptions?.[0]?.message).toContain(
      'injected: checkpoint throttled',
    );
    // The step really ran in both Lambda attempts: one subsegment in each attempt's trace.
    const steps = documentsOf(daemon, traceIds).filter((d) => d.name === '### reserve');
    expect(steps.map((s) => s.trace_id)).toEqual(traceIds.slice(0, 2));
  });
});
