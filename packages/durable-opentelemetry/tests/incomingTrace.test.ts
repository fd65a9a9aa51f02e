import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { durableLogger } from '@durable-powertools/logger';
import { durableOpenTelemetry } from '@durable-powertools/opentelemetry';
import {
  type DurableRunResult,
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { middyShapes } from '../../../tests/support/middyShapes.js';
import type { ReceivedSpan } from './support/otlpReceiver.js';
import { startTelemetry } from './support/telemetry.js';
import { KEYS } from './support/traceAssertions.js';

// Invocations start as the Lambda runtime starts them for a durable execution: one X-Ray Root for the
// execution, a new Parent (the invocation's Lambda segment) per invocation, the execution's Sampled,
// in _X_AMZN_TRACE_ID (the harness's `trace` option).
const telemetry = await startTelemetry();
let tracing = durableOpenTelemetry();

afterAll(async () => {
  tracing.dispose();
  await teardownDurableHarness();
  await telemetry.stop();
});

/** The test's own model: X-Ray `1-5759e988-bd862e3fe1be46a994272793` is OpenTelemetry's 32 digits. */
const otelTraceId = (root: string): string => root.slice(2).replace('-', '');

/** reserve → wait 1 s → pack → wait 1 s → charge: three invocations. */
const workflow = async (_event: unknown, context: DurableContext) => {
  context.logger.info('started');
  await context.step('reserve', async () => 'reserved');
  await context.wait('first pause', { seconds: 1 });
  await context.step('pack', async (step) => {
    step.logger.info('packing');
    return 'packed';
  });
  await context.wait('second pause', { seconds: 1 });
  return context.step('charge', async () => 'charged');
};

const arnOf = (result: DurableRunResult): string =>
  String(result.records.map((record) => record.execution_arn ?? record.executionArn).find(Boolean));

const spansOfExecution = (arn: string): ReceivedSpan[] => {
  const traceIds = new Set(
    telemetry.receiver
      .spans()
      .filter((span) => span.attributes[KEYS.arn] === arn)
      .map((span) => span.traceId),
  );
  return telemetry.receiver.spans().filter((span) => traceIds.has(span.traceId));
};

describe.each(Object.entries(middyShapes))(
  '%s, invocations with X-Ray headers',
  (_shape, shape) => {
    it('puts every span in the execution Root trace, each invocation under its own Lambda segment', async () => {
      // Prepare
      const handler = shape(workflow, []);

      // Act
      const result = await runDurable(handler, { payload: {}, trace: true });

      // Assess
      expect(result.status).toBe('SUCCEEDED');
      expectInvocationCount(result, { exactly: 3 });
      const traceId = otelTraceId(result.trace?.root ?? '');
      const spans = spansOfExecution(arnOf(result));
      expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([traceId]));
      // Root exported once, parentless; each invocation span under that invocation's Parent, linked to
      // the root.
      const roots = spans.filter((span) => span.parentSpanId === undefined);
      expect(roots.map((span) => [span.name, span.attributes[KEYS.executionStatus]])).toEqual([
        ['execution', 'SUCCEEDED'],
      ]);
      const root = roots[0] as ReceivedSpan;
      const invocations = spans
        .filter((span) => span.attributes[KEYS.index] !== undefined)
        .sort((a, b) => a.start - b.start);
      expect(invocations.map((span) => [span.name, span.parentSpanId, span.links])).toEqual(
        result.invocations.map((invocation, i) => [
          `invocation ${i + 1}`,
          invocation.trace?.parent,
          [root.spanId],
        ]),
      );
      // Every operation once, under the invocation that ran (or resumed) it.
      const parentName = new Map(spans.map((span) => [span.spanId, span.name]));
      const operations = spans.filter(
        (span) => span !== root && span.attributes[KEYS.index] === undefined,
      );
      expect(
        operations.map((span) => [span.name, parentName.get(span.parentSpanId ?? '')]),
      ).toEqual(
        expect.arrayContaining([
          ['reserve', 'invocation 1'],
          ['first pause', 'invocation 2'],
          ['pack', 'invocation 2'],
          ['second pause', 'invocation 3'],
          ['charge', 'invocation 3'],
        ]),
      );
      expect(operations).toHaveLength(5);
      expect(telemetry.openSpans.openSpans()).toEqual([]);
      // Log records carry the execution's trace id and their operation's span.
      const pack = operations.find((span) => span.name === 'pack');
      const logIds = (message: string) =>
        result.records
          .filter((record) => record.message === message)
          .map((record) => [record.trace_id, record.span_id]);
      expect(logIds('started')).toEqual([[traceId, invocations[0]?.spanId]]);
      expect(logIds('packing')).toEqual([[traceId, pack?.spanId]]);
    });

    it("gives the durable logger's records the execution's trace id in every invocation", async () => {
      // Prepare: a Powertools Logger through durableLogger(), in this middy shape.
      const logger = new Logger({ serviceName: 'orders' });
      const handler = shape(
        async (_event: unknown, context: DurableContext) => {
          await context.step('reserve', async (step) => step.logger.info('reserving'));
          await context.wait('cool down', { seconds: 1 });
          logger.info('resumed');
          return 'done';
        },
        [durableLogger({ logger })],
      );

      // Act
      const result = await runDurable(handler, { payload: {}, trace: true });

      // Assess
      expectInvocationCount(result, { exactly: 2 });
      const traceId = otelTraceId(result.trace?.root ?? '');
      const spans = spansOfExecution(String(result.records[0]?.execution_arn));
      const second = spans.find((span) => span.name === 'invocation 2');
      const reserve = spans.find((span) => span.name === 'reserve');
      expect(
        result.records.map((record) => [record.message, record.trace_id, record.span_id]),
      ).toEqual([
        ['reserving', traceId, reserve?.spanId],
        ['resumed', traceId, second?.spanId],
      ]);
    });

    it('drops every span of an execution whose header says Sampled=0, logs keep the trace id', async () => {
      // Prepare
      const handler = shape(workflow, []);

      // Act
      const result = await runDurable(handler, { payload: {}, trace: { sampled: false } });

      // Assess
      expect(result.status).toBe('SUCCEEDED');
      expectInvocationCount(result, { exactly: 3 });
      const traceId = otelTraceId(result.trace?.root ?? '');
      await telemetry.provider.forceFlush();
      expect(telemetry.receiver.spans().filter((span) => span.traceId === traceId)).toEqual([]);
      expect(
        telemetry.receiver.spans().filter((span) => span.attributes[KEYS.arn] === arnOf(result)),
      ).toEqual([]);
      expect(
        result.records
          .filter((record) => record.message === 'started' || record.message === 'packing')
          .map((record) => record.trace_id),
      ).toEqual([traceId, traceId]);
      expect(telemetry.openSpans.openSpans()).toEqual([]);
    });
  },
);

describe('without a trace header', () => {
  it("derives the trace id from the execution ARN and start, as before, under the execution's root", async () => {
    // Prepare
    const handler = Object.values(middyShapes)[0]?.(workflow, []);
    if (handler === undefined) throw new Error('no middy shape');

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 3 });
    const spans = spansOfExecution(arnOf(result));
    const root = spans.find((span) => span.parentSpanId === undefined);
    expect(root?.name).toBe('execution');
    // X-Ray layout: the first 8 hex digits are the execution's start in epoch seconds.
    expect(Number.parseInt(root?.traceId.slice(0, 8) ?? '', 16)).toBe(
      Math.floor((root?.start ?? 0) / 1000),
    );
    const invocations = spans.filter((span) => span.attributes[KEYS.index] !== undefined);
    expect(invocations.map((span) => [span.parentSpanId, span.links])).toEqual([
      [root?.spanId, []],
      [root?.spanId, []],
      [root?.spanId, []],
    ]);
    expect(spans).toHaveLength(9);
  });
});

describe('sampling', () => {
  it("follows the header's Sampled=1 even where sampleRatio would trace nothing", async () => {
    // Prepare
    tracing.dispose();
    tracing = durableOpenTelemetry({ sampleRatio: 0 });
    const handler = Object.values(middyShapes)[0]?.(workflow, []);
    if (handler === undefined) throw new Error('no middy shape');

    // Act
    const sampled = await runDurable(handler, { payload: {}, trace: { sampled: true } });
    const unsampled = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(sampled, { exactly: 3 });
    expectInvocationCount(unsampled, { exactly: 3 });
    expect(spansOfExecution(arnOf(sampled))).toHaveLength(9);
    expect(spansOfExecution(arnOf(unsampled))).toEqual([]);
  });
});
