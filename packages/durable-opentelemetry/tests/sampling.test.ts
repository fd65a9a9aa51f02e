import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { DurablePowertoolsPlugin, durableOpenTelemetry } from '@durable-powertools/opentelemetry';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { startTelemetry } from './support/telemetry.js';
import { expectCompleteTrace, KEYS } from './support/traceAssertions.js';

const telemetry = await startTelemetry();
const tracing = durableOpenTelemetry({ sampleRatio: 0.5 });

afterAll(async () => {
  tracing.dispose();
  await teardownDurableHarness();
  await telemetry.stop();
});

/** step → wait 1 s → step, logging in both invocations. */
const workflow = async (_event: unknown, context: DurableContext) => {
  await context.step('reserve', async (step) => step.logger.info('reserving'));
  await context.wait('cool down', { seconds: 1 });
  await context.step('charge', async (step) => step.logger.info('charging'));
  return 'done';
};

describe('sampling decided once per execution', () => {
  it('exports every span of a sampled execution and none of an unsampled one', async () => {
    // Prepare: sixteen executions at ratio 0.5 on one handler.
    const handler = withDurableExecution(workflow, { plugins: [new DurablePowertoolsPlugin()] });

    // Act
    const results = await Promise.all(
      Array.from({ length: 16 }, () => runDurable(handler, { payload: {} })),
    );

    // Assess: each execution's two invocations, its three operation spans and its root all reached
    // the receiver, or nothing of it did; its log records carry its trace id either way.
    const spans = telemetry.receiver.spans();
    let sampled = 0;
    for (const result of results) {
      expectInvocationCount(result, { exactly: 2 });
      const traceIds = new Set(result.records.map((record) => String(record.trace_id)));
      expect(traceIds.size).toBe(1);
      const [traceId] = [...traceIds];
      const inTrace = spans.filter((span) => span.traceId === traceId);
      if (inTrace.length === 0) continue;
      sampled++;
      expect(inTrace.map((span) => span.name).sort()).toEqual([
        'charge',
        'cool down',
        'execution',
        'invocation 1',
        'invocation 2',
        'reserve',
      ]);
      const root = expectCompleteTrace({
        traceId: traceId as string,
        spans: inTrace,
        roots: inTrace.filter((span) => span.parentSpanId === undefined),
        invocations: [],
        operations: [],
      });
      expect(root.attributes[KEYS.executionStatus]).toBe('SUCCEEDED');
    }
    // Every span received belongs to one of these executions' traces, whole.
    expect(spans).toHaveLength(sampled * 6);
    // Both decisions were taken (all sixteen alike: probability 2 / 2^16 for random ARNs).
    expect(sampled).toBeGreaterThan(0);
    expect(sampled).toBeLessThan(16);
    expect(telemetry.openSpans.openSpans()).toEqual([]);
  });
});
