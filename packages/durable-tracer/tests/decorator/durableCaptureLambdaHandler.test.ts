// Must come first (a side-effect import, which Biome never reorders): sets the Lambda environment
// before Powertools Tracer and aws-xray-sdk-core load.
import '../support/simulatedLambda.js';
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { expectInvocationCount, teardownDurableHarness } from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { DurablePowertoolsPlugin, durableCaptureLambdaHandler } from '../../src/index.js';
import { runTraced } from '../support/segments.js';
import { daemon } from '../support/simulatedLambda.js';

afterAll(async () => {
  await teardownDurableHarness();
  await daemon.stop();
});

describe('durableCaptureLambdaHandler()', () => {
  it('gives a decorated handler one closed handler subsegment per invocation, the suspended one included', async () => {
    // Prepare
    const tracer = new Tracer({ captureHTTPsRequests: false });
    const arns: string[] = [];
    class Lambda {
      @durableCaptureLambdaHandler({ tracer })
      public async handler(_event: unknown, context: DurableContext): Promise<object> {
        arns.push(context.executionContext.durableExecutionArn);
        const reserved = await context.step('reserve', async () => 'reserved');
        await context.wait({ seconds: 1 });
        const charged = await context.step('charge', async () => 'charged');
        return { reserved, charged };
      }
    }
    const lambda = new Lambda();
    const handler = withDurableExecution(lambda.handler.bind(lambda), {
      plugins: [new DurablePowertoolsPlugin()],
    });

    // Act
    const { result, parents, handlers, documents } = await runTraced(handler, {});

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(handlers.map((h) => h.parent_id)).toEqual(parents);
    for (const subsegment of handlers) {
      expect(subsegment.in_progress).toBeUndefined();
      expect(subsegment.annotations).toMatchObject({ execution_arn: arns[0], Service: 'orders' });
    }
    expect(handlers.map((h) => h.annotations?.invocation_status)).toEqual(['PENDING', 'SUCCEEDED']);
    expect(handlers[1]?.metadata?.orders?.['index.handler response']).toEqual({
      reserved: 'reserved',
      charged: 'charged',
    });
    const steps = documents.filter((d) => d.name.startsWith('### '));
    expect(steps.map((s) => [s.name, s.parent_id])).toEqual([
      ['### reserve', handlers[0]?.id],
      ['### charge', handlers[1]?.id],
    ]);
  });

  it('respects captureResponse: false', async () => {
    // Prepare
    const tracer = new Tracer({ captureHTTPsRequests: false });
    class Lambda {
      @durableCaptureLambdaHandler(tracer, { captureResponse: false })
      public async handler(_event: unknown, context: DurableContext): Promise<string> {
        await context.wait({ seconds: 1 });
        return 'secret';
      }
    }
    const lambda = new Lambda();
    const handler = withDurableExecution(lambda.handler.bind(lambda), {
      plugins: [new DurablePowertoolsPlugin()],
    });

    // Act
    const { result, handlers } = await runTraced(handler, {});

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(handlers.map((h) => h.annotations?.invocation_status)).toEqual(['PENDING', 'SUCCEEDED']);
    expect(handlers[1]?.metadata).toBeUndefined();
  });
});
