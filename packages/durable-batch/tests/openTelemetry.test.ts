import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import { durableOpenTelemetry } from '@durable-powertools/opentelemetry';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { middyShapes } from '../../../tests/support/middyShapes.js';
import type { ReceivedSpan } from '../../durable-opentelemetry/tests/support/otlpReceiver.js';
import { startTelemetry } from '../../durable-opentelemetry/tests/support/telemetry.js';
import { KEYS } from '../../durable-opentelemetry/tests/support/traceAssertions.js';
import { processDurablePartialResponse } from '../src/index.js';
import { sqsEvent, sqsRecord } from './helpers/events.js';
import { chargingHandler } from './helpers/records.js';

const telemetry = await startTelemetry();
// Created once, as in a handler module: it follows every invocation through the lifecycle core.
durableOpenTelemetry();

afterAll(async () => {
  await teardownDurableHarness();
  await telemetry.stop();
});

/**
 * The test's model: what each record does; the invocations (1-based) in which its child context
 * does live work, each its own `record:<id>` span; the invocation its one `charge` attempt runs in.
 */
const MODEL = {
  o1: { plan: 'ok', live: [1], charge: 1, outcome: 'SUCCEEDED' },
  // Starts and suspends in its wait in invocation 1; resumes, charges and completes in invocation 2.
  o2: { plan: 'wait', live: [1, 2], charge: 2, outcome: 'SUCCEEDED' },
  // Its charge throws, not retried, and Powertools' processor retries nothing: one failed attempt.
  o3: { plan: 'fail', live: [1], charge: 1, outcome: 'FAILED' },
} as const;

const recordHandler = chargingHandler(MODEL);

/** The X-Ray `Root` as an OpenTelemetry trace id. */
const otelTraceId = (root: string): string => root.slice(2).replace('-', '');

/**
 * With `durableOpenTelemetry()`, each record's child context is a `record:<id>` span in every
 * invocation it does live work in, its step attempts and resumed wait under it, all in the
 * execution's one trace (the X-Ray `Root` every invocation arrives with).
 */
describe.each(Object.entries(middyShapes))(
  'processDurablePartialResponse with durableOpenTelemetry() (%s)',
  (_shape, shape) => {
    it('gives each record a span per invocation it works in, its attempts under it', async () => {
      // Prepare
      const handler = shape(
        async (event, context) =>
          processDurablePartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
            context,
          }),
        [],
      );
      const event = sqsEvent(...Object.keys(MODEL).map((id) => sqsRecord(id, id)));

      // Act
      const result = await runDurable(handler, { payload: event, trace: true });

      // Assess
      expect(result.result).toEqual({ batchItemFailures: [{ itemIdentifier: 'o3' }] });
      expectInvocationCount(result, { exactly: 2 });
      const traceId = otelTraceId(result.trace?.root ?? '');
      const spans = telemetry.receiver.spans().filter((span) => span.traceId === traceId);
      // One root, exported once; each invocation span under its own invocation's Lambda segment.
      expect(spans.filter((span) => span.parentSpanId === undefined)).toHaveLength(1);
      const invocations = spans
        .filter((span) => span.attributes[KEYS.index] !== undefined)
        .sort((a, b) => Number(a.attributes[KEYS.index]) - Number(b.attributes[KEYS.index]));
      expect(invocations.map((span) => span.parentSpanId)).toEqual(
        result.invocations.map((invocation) => invocation.trace?.parent),
      );
      const byId = new Map(spans.map((span) => [span.spanId, span]));
      const invocationOf = (span: ReceivedSpan | undefined): number | undefined => {
        for (let s = span; s !== undefined; s = byId.get(s.parentSpanId ?? '')) {
          if (s.attributes[KEYS.index] !== undefined) return Number(s.attributes[KEYS.index]);
        }
        return undefined;
      };
      const describeSpan = (span: ReceivedSpan) => [
        span.name,
        invocationOf(span),
        byId.get(span.parentSpanId ?? '')?.name,
        span.attributes[KEYS.outcome] ?? (span.attributes[KEYS.suspended] ? 'suspended' : '?'),
      ];
      const operations = spans.filter(
        (span) => span.parentSpanId !== undefined && span.attributes[KEYS.index] === undefined,
      );
      const expected = Object.entries(MODEL).flatMap(([id, { plan, live, charge, outcome }]) => [
        ...live.map((n) => [
          `record:${id}`,
          n,
          `invocation ${n}`,
          n === live.at(-1) ? outcome : 'suspended',
        ]),
        ['charge', charge, `record:${id}`, outcome],
        ...(plan === 'wait' ? [['pause', charge, `record:${id}`, 'SUCCEEDED']] : []),
      ]);
      expect(operations.map(describeSpan).sort()).toEqual(expected.sort());
      expect(telemetry.openSpans.openSpans()).toEqual([]);
    });
  },
);
