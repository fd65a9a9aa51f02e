import { durableOpenTelemetry } from '@durable-powertools/opentelemetry';
import { expectInvocationCount, teardownDurableHarness } from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { startTelemetry } from './support/telemetry.js';
import { KEYS } from './support/traceAssertions.js';
import { runReserveWaitChargeCollectingWarnings } from './support/warnings.js';

// A provider set up without DurableIdGenerator: the SDK's own random id generator.
const telemetry = await startTelemetry({ idGenerator: null });
const tracing = durableOpenTelemetry();

afterAll(async () => {
  tracing.dispose();
  await teardownDurableHarness();
  await telemetry.stop();
});

describe('without DurableIdGenerator', () => {
  it('warns once, naming the fix, keeps the invocations in one trace and exports no wrong root', async () => {
    // Prepare: the provider above (no DurableIdGenerator); reserve, wait 1 s, charge.

    // Act
    const { result, warnings: messages } = await runReserveWaitChargeCollectingWarnings();

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(messages.filter((message) => message.includes('DurableIdGenerator'))).toHaveLength(1);
    expect(messages[0]).toContain('idGenerator: new DurableIdGenerator()');
    const spans = telemetry.receiver.spans();
    expect(spans.filter((span) => span.parentSpanId === undefined)).toEqual([]);
    const invocations = spans.filter((span) => span.attributes[KEYS.index] !== undefined);
    expect(invocations).toHaveLength(2);
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);
    expect(new Set(invocations.map((span) => span.parentSpanId)).size).toBe(1);
  });
});
