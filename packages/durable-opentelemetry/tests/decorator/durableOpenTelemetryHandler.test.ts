import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import {
  DurablePowertoolsPlugin,
  durableOpenTelemetryHandler,
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
} from '../support/reserveWaitCharge.js';
import { startTelemetry } from '../support/telemetry.js';
import { executionArnOf, spanShape, traceOf } from '../support/traceAssertions.js';

const telemetry = await startTelemetry();

afterAll(async () => {
  await teardownDurableHarness();
  await telemetry.stop();
});

/** A `LambdaInterface`-style class running reserve → wait 1 s → charge. */
class Lambda {
  public runs = 0;

  @durableOpenTelemetryHandler()
  public async handler(_event: unknown, context: DurableContext): Promise<string> {
    this.runs++;
    return reserveWaitCharge(context);
  }
}

describe('durableOpenTelemetryHandler()', () => {
  it('traces the decorated handler: one trace, a span per invocation and live operation', async () => {
    // Prepare
    const lambda = new Lambda();
    const handler = withDurableExecution(lambda.handler.bind(lambda), {
      plugins: [new DurablePowertoolsPlugin()],
    });

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(lambda.runs).toBe(2);
    const trace = traceOf(telemetry.receiver.spans(), executionArnOf(result));
    expect(spanShape(trace)).toEqual(RESERVE_WAIT_CHARGE_SPANS);
    expect(telemetry.openSpans.openSpans()).toEqual([]);
  });

  it('fails the invocation with DurablePluginNotRegisteredError without the plugin', async () => {
    // Prepare
    const lambda = new Lambda();
    const handler = withDurableExecution(lambda.handler.bind(lambda));
    const spansBefore = telemetry.receiver.spans().length;

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectPluginNotRegistered(result, 'durableOpenTelemetryHandler()');
    expect(lambda.runs).toBe(0);
    await telemetry.provider.forceFlush();
    expect(telemetry.receiver.spans()).toHaveLength(spansBefore);
  });
});
