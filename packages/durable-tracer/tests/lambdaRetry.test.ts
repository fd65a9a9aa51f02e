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
import { DurablePowertoolsPlugin, durableTracer } from '@durable-powertools/tracer';
import middy from '@middy/core';
import { afterAll, describe, expect, it } from 'vitest';
import { handlersByInvocation } from './support/segments.js';
import { daemon } from './support/simulatedLambda.js';

afterAll(async () => {
  await teardownDurableHarness();
  await daemon.stop();
});

/** Fails the first checkpoint of a step once; Lambda then retries that invocation. */
const failFirstStepCheckpointOnce = (handler: DurableLambdaHandler): DurableLambdaHandler =>
  failCheckpointOnce(handler, { failWhen: (update) => update.Type === 'STEP' });

describe('an invocation Lambda retries', () => {
  it('closes the failed attempt as RETRYING and traces the retry, in the execution’s trace', async () => {
    // Prepare
    const tracer = new Tracer({ captureHTTPsRequests: false });
    const workflow = async (_event: unknown, context: DurableContext) => {
      await context.step('reserve', async () => 'reserved');
      await context.wait({ seconds: 1 });
      return 'done';
    };
    const handler = withDurableExecution(middy(workflow).use(durableTracer({ tracer })), {
      plugins: [new DurablePowertoolsPlugin()],
    });

    // Act
    const result = await runDurable(failFirstStepCheckpointOnce(handler), {
      payload: {},
      trace: true,
    });
    await daemon.settle();

    // Assess: two durable invocations, the first one run twice by Lambda, all in the execution's trace
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    const root = result.trace?.root ?? '';
    const parents = result.invocations.map((invocation) => invocation.trace?.parent ?? '');
    const documents = daemon.ofTrace(root);
    const handlers = handlersByInvocation(documents, parents);
    expect(handlers.map((h) => h.parent_id)).toEqual([parents[0], parents[0], parents[1]]);
    expect(handlers.map((h) => h.annotations?.invocation_status)).toEqual([
      'RETRYING',
      'PENDING',
      'SUCCEEDED',
    ]);
    expect(handlers[0]?.fault).toBe(true);
    expect(handlers[0]?.cause?.exceptions?.[0]?.message).toContain(
      'injected: checkpoint throttled',
    );
    // The step really ran in both Lambda attempts: one subsegment under each attempt's handler.
    const steps = documents.filter((d) => d.name === '### reserve');
    expect(steps.map((s) => s.parent_id).sort()).toEqual([handlers[0]?.id, handlers[1]?.id].sort());
  });
});
