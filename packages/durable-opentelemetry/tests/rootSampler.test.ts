import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { DurableOpenTelemetry, DurablePowertoolsPlugin } from '@durable-powertools/opentelemetry';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { AlwaysOffSampler, ParentBasedSampler } from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startTelemetry } from './support/telemetry.js';
import { KEYS } from './support/traceAssertions.js';

// A provider whose root sampler drops every span without a parent: it disagrees with sampleRatio (1).
const telemetry = await startTelemetry({
  sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }),
});
const tracing = new DurableOpenTelemetry();

afterAll(async () => {
  tracing.dispose();
  await teardownDurableHarness();
  await telemetry.stop();
});

describe('a root sampler that disagrees with sampleRatio', () => {
  it('is reported once, naming the fix; the invocations still follow the execution decision', async () => {
    // Prepare
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        await context.step('reserve', async () => 'reserved');
        await context.wait({ seconds: 1 });
        return context.step('charge', async () => 'charged');
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    const messages = warn.mock.calls.map((call) => String(call[0]));
    warn.mockRestore();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('sampleRatio');
    const spans = telemetry.receiver.spans();
    expect(spans.filter((span) => span.parentSpanId === undefined)).toEqual([]);
    expect(spans.filter((span) => span.attributes[KEYS.index] !== undefined)).toHaveLength(2);
    // An unnamed wait is named after its SDK sub-type.
    expect(spans.map((span) => span.name).sort()).toEqual([
      'Wait',
      'charge',
      'invocation 1',
      'invocation 2',
      'reserve',
    ]);
    expect(telemetry.openSpans.openSpans()).toEqual([]);
  });
});
