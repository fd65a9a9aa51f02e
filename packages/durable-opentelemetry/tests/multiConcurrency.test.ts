import {
  type DurableContext,
  type DurableLambdaHandler,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import { durableOpenTelemetry } from '@durable-powertools/opentelemetry';
import {
  type DurableRunResult,
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { pluginConfig } from '../../../tests/support/plugin.js';
import { startTelemetry } from './support/telemetry.js';
import { KEYS } from './support/traceAssertions.js';

// Lambda Managed Instances: invocations run concurrently in one process, each inside the runtime's
// invoke store with its own trace header; _X_AMZN_TRACE_ID belongs to none of them. A decoy there
// proves it is never read in this mode.
process.env.AWS_LAMBDA_MAX_CONCURRENCY = '20';
const DECOY = 'Root=1-00000001-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=1';
process.env._X_AMZN_TRACE_ID = DECOY;
const telemetry = await startTelemetry();
const tracing = durableOpenTelemetry();

afterAll(async () => {
  tracing.dispose();
  delete process.env.AWS_LAMBDA_MAX_CONCURRENCY;
  delete process.env._X_AMZN_TRACE_ID;
  await teardownDurableHarness();
  await telemetry.stop();
});

/** The test's own model: X-Ray `1-5759e988-bd862e3fe1be46a994272793` is OpenTelemetry's 32 digits. */
const otelTraceId = (root: string): string => root.slice(2).replace('-', '');

/** reserve → wait 1 s → charge: two invocations, logging in both. */
const workflow = async (_event: unknown, context: DurableContext) => {
  await context.step('reserve', async (step) => step.logger.info('reserving'));
  await context.wait('cool down', { seconds: 1 });
  await context.step('charge', async (step) => step.logger.info('charging'));
  return 'done';
};

const arnOf = (result: DurableRunResult): string =>
  String(result.records.map((record) => record.execution_arn ?? record.executionArn).find(Boolean));

describe('under multi-concurrency (Lambda Managed Instances)', () => {
  it('keeps 20 concurrent executions each in its own trace, from the invoke store', async () => {
    // Prepare: one handler, as in one execution environment.
    const handler = withDurableExecution(workflow, pluginConfig());

    // Act
    const results = await Promise.all(
      Array.from({ length: 20 }, () => runDurable(handler, { payload: {}, trace: true })),
    );

    // Assess
    const traceIds = new Set<string>();
    for (const result of results) {
      expectInvocationCount(result, { exactly: 2 });
      const traceId = otelTraceId(result.trace?.root ?? '');
      traceIds.add(traceId);
      const spans = telemetry.receiver.spans().filter((span) => span.traceId === traceId);
      expect(spans.map((span) => span.name).sort()).toEqual([
        'charge',
        'cool down',
        'execution',
        'invocation 1',
        'invocation 2',
        'reserve',
      ]);
      const invocations = spans
        .filter((span) => span.attributes[KEYS.index] !== undefined)
        .sort((a, b) => a.start - b.start);
      expect(invocations.map((span) => [span.attributes[KEYS.arn], span.parentSpanId])).toEqual(
        result.invocations.map((invocation) => [arnOf(result), invocation.trace?.parent]),
      );
      expect(result.records.map((record) => record.trace_id)).toEqual([traceId, traceId]);
    }
    expect(traceIds.size).toBe(20);
    const decoy = otelTraceId('1-00000001-0123456789abcdef01234567');
    expect(telemetry.receiver.spans().filter((span) => span.traceId === decoy)).toEqual([]);
    expect(telemetry.openSpans.openSpans()).toEqual([]);
  });

  it('adopts the W3C traceparent the runtime put in the invoke store when there is no X-Ray header', async () => {
    // Prepare: each invocation runs in the invoke store with a traceparent and no X-Ray header.
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parents: string[] = [];
    const { REQUEST_ID, TRACEPARENT } = InvokeStoreBase.PROTECTED_KEYS;
    const store = await InvokeStore.getInstanceAsync();
    const inner = withDurableExecution(workflow, pluginConfig());
    const handler: DurableLambdaHandler = (input, context) => {
      const parent = (parents.length + 1).toString(16).padStart(16, 'a');
      parents.push(parent);
      const traceparent = `00-${traceId}-${parent}-01`;
      return store.run({ [REQUEST_ID]: context.awsRequestId, [TRACEPARENT]: traceparent }, () =>
        inner(input, context),
      );
    };

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    const spans = telemetry.receiver.spans().filter((span) => span.traceId === traceId);
    expect(spans).toHaveLength(6);
    const invocations = spans
      .filter((span) => span.attributes[KEYS.index] !== undefined)
      .sort((a, b) => a.start - b.start);
    expect(invocations.map((span) => span.parentSpanId)).toEqual(parents);
    expect(result.records.map((record) => record.trace_id)).toEqual([traceId, traceId]);
  });
});
