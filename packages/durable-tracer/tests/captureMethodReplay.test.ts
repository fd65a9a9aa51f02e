// Must come first (a side-effect import, which Biome never reorders): sets the Lambda environment
// before Powertools Tracer and aws-xray-sdk-core load.
import './support/simulatedLambda.js';
import type { AddressInfo } from 'node:net';
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { XrayDocument } from '@durable-powertools/testing';
import { expectInvocationCount, teardownDurableHarness } from '@durable-powertools/testing';
import { DurablePowertoolsPlugin, withDurableTracer } from '@durable-powertools/tracer';
import dynalite from 'dynalite';
import { afterAll, describe, expect, it } from 'vitest';
import { runTraced } from './support/segments.js';
import { daemon } from './support/simulatedLambda.js';

afterAll(async () => {
  await teardownDurableHarness();
  await daemon.stop();
});

/** Every segment of `documents`, nested subsegments included. */
const allSegments = (documents: readonly XrayDocument[]): XrayDocument[] =>
  documents.flatMap((document) => [document, ...allSegments(document.subsegments ?? [])]);

describe('tracer.captureMethod() and captureAWSv3Client() under replay', () => {
  it('traces a method once per step attempt inside steps, but once per invocation in the workflow body', async () => {
    // Prepare: the same captured method called in the body and in a step; step → wait → step
    const tracer = new Tracer({ captureHTTPsRequests: false });
    class Rates {
      public async fetchRate(currency: string): Promise<number> {
        return currency === 'EUR' ? 1.1 : 1;
      }
    }
    // What `@tracer.captureMethod()` compiles to under experimentalDecorators (its only form).
    const descriptor = Object.getOwnPropertyDescriptor(Rates.prototype, 'fetchRate')!;
    tracer.captureMethod()(Rates.prototype as never, 'fetchRate', descriptor as never);
    Object.defineProperty(Rates.prototype, 'fetchRate', descriptor);
    const rates = new Rates();
    const workflow = async (_event: unknown, context: DurableContext) => {
      await rates.fetchRate('USD'); // workflow body: runs again on every replay
      await context.step('convert', async () => rates.fetchRate('EUR'));
      await context.wait({ seconds: 1 });
      await context.step('settle', async () => 'settled');
      return 'done';
    };
    const handler = withDurableExecution(withDurableTracer(workflow, { tracer }), {
      plugins: [new DurablePowertoolsPlugin()],
    });

    // Act
    const { result, root, handlers, documents } = await runTraced(handler, {});

    // Assess: the model: body call in invocations 1 and 2; the step's call in invocation 1 only
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(handlers).toHaveLength(2);
    const all = allSegments(documents);
    const captured = all.filter((document) => document.name === '### fetchRate');
    expect(captured).toHaveLength(3);
    const convert = all.filter((document) => document.name === '### convert');
    expect(convert).toHaveLength(1);
    const inStep = captured.filter((document) => document.parent_id === convert[0]?.id);
    const inBody = captured.filter((document) => handlers.some((h) => h.id === document.parent_id));
    expect(inStep).toHaveLength(1);
    expect(inBody.map((document) => document.trace_id)).toEqual([root, root]);
    expect(inBody.map((document) => document.parent_id)).toEqual(handlers.map((h) => h.id));
  });
});

describe('tracer.captureAWSv3Client() under replay', () => {
  it('traces an AWS SDK v3 call once per step attempt inside steps, once per invocation in the body', async () => {
    // Prepare: dynalite (a DynamoDB-compatible server) on loopback; dummy credentials, it checks none
    const server = dynalite({ createTableMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const tracer = new Tracer({ captureHTTPsRequests: false });
    const client = tracer.captureAWSv3Client(
      new DynamoDBClient({
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      }),
    );
    const workflow = async (_event: unknown, context: DurableContext) => {
      await client.send(new ListTablesCommand({})); // workflow body: runs again on every replay
      await context.step(
        'lookup',
        async () => (await client.send(new ListTablesCommand({}))).TableNames,
      );
      await context.wait({ seconds: 1 });
      return 'done';
    };
    const handler = withDurableExecution(withDurableTracer(workflow, { tracer }), {
      plugins: [new DurablePowertoolsPlugin()],
    });

    try {
      // Act
      const { result, root, handlers, documents } = await runTraced(handler, {});

      // Assess: the model: the body's call in invocations 1 and 2, the step's in invocation 1 only
      expect(result.status).toBe('SUCCEEDED');
      expectInvocationCount(result, { exactly: 2 });
      const all = allSegments(documents);
      const calls = all.filter((document) => document.name === 'DynamoDB');
      expect(calls).toHaveLength(3);
      const lookup = all.find((document) => document.name === '### lookup');
      expect(calls.filter((call) => call.parent_id === lookup?.id)).toHaveLength(1);
      const inBody = calls.filter((call) => handlers.some((h) => h.id === call.parent_id));
      expect(inBody.map((call) => call.trace_id)).toEqual([root, root]);
      expect(inBody.map((call) => call.parent_id)).toEqual(handlers.map((h) => h.id));
    } finally {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
