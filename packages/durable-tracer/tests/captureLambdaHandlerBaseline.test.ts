// Must come first (a side-effect import, which Biome never reorders): sets the Lambda environment
// before Powertools Tracer and aws-xray-sdk-core load.
import './support/simulatedLambda.js';
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import middy from '@middy/core';
import { afterAll, expect, it } from 'vitest';
import { HANDLER_SUBSEGMENT } from './support/segments.js';
import { daemon } from './support/simulatedLambda.js';

// Why this package exists: Powertools' own middleware under durable execution, observed on the same
// real X-Ray SDK. (Its own file: it leaves a stale active segment behind in the X-Ray context.)

afterAll(async () => {
  await teardownDurableHarness();
  await daemon.stop();
});

it('Powertools captureLambdaHandler never sends the handler subsegment of a suspended invocation', async () => {
  // Prepare
  const tracer = new Tracer({ captureHTTPsRequests: false });
  const workflow = async (_event: unknown, context: DurableContext) => {
    await context.step('reserve', async () => 'reserved');
    await context.wait({ seconds: 1 });
    return 'done';
  };
  // captureLambdaHandler is typed for a Lambda `Context` handler; at run time middy passes it through.
  const chain = middy(workflow).use(captureLambdaHandler(tracer)) as unknown as typeof workflow;
  const handler = withDurableExecution(chain);

  // Act
  const result = await runDurable(handler, { payload: {}, trace: true });
  await daemon.settle();

  // Assess
  expect(result.status).toBe('SUCCEEDED');
  expectInvocationCount(result, { exactly: 2 });
  const handlers = daemon.named(HANDLER_SUBSEGMENT);
  // Two invocations, one subsegment: the first (suspended) one stays open and is never sent ...
  expect(handlers).toHaveLength(1);
  // ... and the second one nests under it, not under its own invocation's Lambda segment: an orphan.
  const parents = result.invocations.map((invocation) => invocation.trace?.parent);
  expect(handlers[0]?.trace_id).toBe(result.trace?.root);
  expect(parents).not.toContain(handlers[0]?.parent_id);
  expect(handlers[0]?.annotations?.execution_arn).toBeUndefined();
});
