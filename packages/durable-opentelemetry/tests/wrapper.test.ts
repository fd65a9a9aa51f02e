import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import {
  DurablePowertoolsPlugin,
  withDurableOpenTelemetry,
} from '@durable-powertools/opentelemetry';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  expectPluginNotRegistered,
  RESERVE_WAIT_CHARGE_SPANS,
  reserveWaitCharge,
} from './support/reserveWaitCharge.js';
import { startTelemetry } from './support/telemetry.js';
import { executionArnOf, spanShape, traceOf } from './support/traceAssertions.js';

const telemetry = await startTelemetry();

afterAll(async () => {
  await teardownDurableHarness();
  await telemetry.stop();
});

let runs = 0;
const workflow = async (_event: unknown, context: DurableContext) => {
  runs++;
  return reserveWaitCharge(context);
};

// Built once, as in a handler module: it starts tracing here.
const traced = withDurableOpenTelemetry(workflow);

describe('withDurableOpenTelemetry()', () => {
  it('traces the wrapped workflow: one trace, a span per invocation and live operation', async () => {
    // Prepare
    const handler = withDurableExecution(traced, { plugins: [new DurablePowertoolsPlugin()] });

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    const trace = traceOf(telemetry.receiver.spans(), executionArnOf(result));
    expect(spanShape(trace)).toEqual(RESERVE_WAIT_CHARGE_SPANS);
    expect(telemetry.openSpans.openSpans()).toEqual([]);
  });

  it('fails the invocation with DurablePluginNotRegisteredError without the plugin', async () => {
    // Prepare
    const handler = withDurableExecution(traced);
    const runsBefore = runs;
    const spansBefore = telemetry.receiver.spans().length;

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectPluginNotRegistered(result, 'withDurableOpenTelemetry()');
    expect(runs).toBe(runsBefore);
    await telemetry.provider.forceFlush();
    expect(telemetry.receiver.spans()).toHaveLength(spansBefore);
  });
});
