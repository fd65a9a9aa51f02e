import { durableOpenTelemetry } from '@durable-powertools/opentelemetry';
import { expectInvocationCount, teardownDurableHarness } from '@durable-powertools/testing';
import { AlwaysOffSampler, ParentBasedSampler } from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it } from 'vitest';
import { startTelemetry } from './support/telemetry.js';
import { KEYS } from './support/traceAssertions.js';
import { runReserveWaitChargeCollectingWarnings } from './support/warnings.js';

// A provider whose root sampler drops every span without a parent: it disagrees with sampleRatio (1).
const telemetry = await startTelemetry({
  sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }),
});
const tracing = durableOpenTelemetry();

afterAll(async () => {
  tracing.dispose();
  await teardownDurableHarness();
  await telemetry.stop();
});

describe('a root sampler that disagrees with sampleRatio', () => {
  it('is reported once, naming the fix; the invocations still follow the execution decision', async () => {
    // Prepare: the provider above (its root sampler drops every root); reserve, wait 1 s, charge.

    // Act
    const { result, warnings: messages } = await runReserveWaitChargeCollectingWarnings();

    // Assess
    expectInvocationCount(result, { exactly: 2 });
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
