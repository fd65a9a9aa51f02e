// Must come first (a side-effect import, which Biome never reorders): sets the Lambda environment
// before Powertools Tracer and aws-xray-sdk-core load.
import './support/simulatedLambda.js';
import {
  type DurableContext,
  type DurableLambdaHandler,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
import { Tracer } from '@aws-lambda-powertools/tracer';
import {
  expectInvocationCount,
  failCheckpointOnce,
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

/** Fails the first checkpoint of a step once; Lambda then retries that invocation. */
const failFirstStepCheckpointOnce = (handler: DurableLambdaHandler): DurableLambdaHandler =>
  failCheckpointOnce(handler, { failWhen: (update) => update.Type === 'STEP' });

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
