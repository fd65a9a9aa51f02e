import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { durableOpenTelemetry } from '@durable-powertools/opentelemetry';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import middy from '@middy/core';
import { executionModeDurableContext } from '@middy/core/DurableContext';
import { afterAll, describe, expect, it } from 'vitest';
import { middyShapes } from '../../../tests/support/middyShapes.js';
import {
  expectPluginNotRegistered,
  RESERVE_WAIT_CHARGE_SPANS,
  reserveWaitCharge,
} from './support/reserveWaitCharge.js';
import { startTelemetry } from './support/telemetry.js';
import { executionArnOf, spanShape, traceOf } from './support/traceAssertions.js';

const telemetry = await startTelemetry();
// Created once, as in a handler module: the same object traces standalone and is the middleware.
const tracing = durableOpenTelemetry();

afterAll(async () => {
  tracing.dispose();
  await teardownDurableHarness();
  await telemetry.stop();
});

let runs = 0;
const workflow = async (_event: unknown, context: DurableContext) => {
  runs++;
  return reserveWaitCharge(context);
};

describe.each(Object.entries(middyShapes))('%s', (_shape, shape) => {
  it('exports the same spans used as middleware as standalone', async () => {
    // Prepare
    const standalone = shape(workflow, []);
    const asMiddleware = shape(workflow, [tracing]);

    // Act
    const standaloneRun = await runDurable(standalone, { payload: {} });
    const middlewareRun = await runDurable(asMiddleware, { payload: {} });

    // Assess
    for (const result of [standaloneRun, middlewareRun]) {
      expect(result.status).toBe('SUCCEEDED');
      expectInvocationCount(result, { exactly: 2 });
      const trace = traceOf(telemetry.receiver.spans(), executionArnOf(result));
      expect(spanShape(trace)).toEqual(RESERVE_WAIT_CHARGE_SPANS);
    }
    expect(telemetry.openSpans.openSpans()).toEqual([]);
  });
});

const withoutPlugin = {
  'withDurableExecution(middy(handler)) without plugins': () =>
    withDurableExecution(middy(workflow).use(tracing)),
  'middy(handler, { executionMode: executionModeDurableContext }) without DURABLE_EXECUTION_PLUGINS':
    () => middy(workflow, { executionMode: executionModeDurableContext }).use(tracing),
};

describe.each(Object.entries(withoutPlugin))('%s', (_shape, build) => {
  it('fails the invocation with DurablePluginNotRegisteredError before the workflow runs', async () => {
    // Prepare
    const handler = build();
    const runsBefore = runs;
    const spansBefore = telemetry.receiver.spans().length;

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectPluginNotRegistered(result, 'durableOpenTelemetry()');
    expect(runs).toBe(runsBefore);
    await telemetry.provider.forceFlush();
    expect(telemetry.receiver.spans()).toHaveLength(spansBefore);
  });
});

describe('standalone, without the plugin', () => {
  it('traces nothing and fails nothing', async () => {
    // Prepare
    const handler = withDurableExecution(workflow);
    const spansBefore = telemetry.receiver.spans().length;

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    await telemetry.provider.forceFlush();
    expect(telemetry.receiver.spans()).toHaveLength(spansBefore);
  });
});
