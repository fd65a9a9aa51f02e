// Must come first (a side-effect import, which Biome never reorders): sets the Lambda environment
// before Powertools Tracer and aws-xray-sdk-core load.
import './support/simulatedLambda.js';
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Tracer } from '@aws-lambda-powertools/tracer';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { DurablePowertoolsPlugin, durableTracer } from '@durable-powertools/tracer';
import middy from '@middy/core';
import { afterAll, describe, expect, it } from 'vitest';
import { handlersByInvocation } from './support/segments.js';
import { daemon } from './support/simulatedLambda.js';

// Lambda Managed Instances: invocations overlap in one process; the runtime keeps each one's trace
// header in the invoke store (the harness does the same with `trace`), never in _X_AMZN_TRACE_ID.
process.env.AWS_LAMBDA_MAX_CONCURRENCY = '20';

afterAll(async () => {
  await teardownDurableHarness();
  await daemon.stop();
});

/** reserve → wait → charge → wait → ship: three invocations. */
const threeInvocations = async (_event: unknown, context: DurableContext) => {
  await context.step('reserve', async () => 'reserved');
  await context.wait({ seconds: 1 });
  await context.step('charge', async () => 'charged');
  await context.wait({ seconds: 1 });
  return context.step('ship', async () => 'shipped');
};

describe('multi-concurrency (AWS_LAMBDA_MAX_CONCURRENCY)', () => {
  it('keeps 20 concurrent executions in their own traces, each handler under its invocation’s Parent', async () => {
    // Prepare
    const tracer = new Tracer({ captureHTTPsRequests: false });
    const handler = withDurableExecution(middy(threeInvocations).use(durableTracer(tracer)), {
      plugins: [new DurablePowertoolsPlugin()],
    });
    const before = daemon.documents.length;

    // Act
    const results = await Promise.all(
      Array.from({ length: 20 }, () => runDurable(handler, { payload: {}, trace: true })),
    );
    await daemon.settle();

    // Assess
    const roots = results.map((result) => result.trace?.root ?? '');
    expect(new Set(roots).size).toBe(20);
    expect(daemon.documents.length - before).toBe(20 * 6); // 3 handler subsegments + 3 steps each
    results.forEach((result, run) => {
      expectInvocationCount(result, { exactly: 3 });
      const parents = result.invocations.map((invocation) => invocation.trace?.parent ?? '');
      const documents = daemon.ofTrace(roots[run] ?? '');
      const handlers = handlersByInvocation(documents, parents);
      expect(handlers.map((h) => h.parent_id)).toEqual(parents);
      expect(handlers.map((h) => h.annotations?.invocation_status)).toEqual([
        'PENDING',
        'PENDING',
        'SUCCEEDED',
      ]);
      const steps = documents.filter((d) => d.name.startsWith('### '));
      expect(steps.map((s) => [s.name, s.parent_id])).toEqual([
        ['### reserve', handlers[0]?.id],
        ['### charge', handlers[1]?.id],
        ['### ship', handlers[2]?.id],
      ]);
    });
  });
});
