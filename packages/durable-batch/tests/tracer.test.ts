// Must come first (a side-effect import, which Biome never reorders): sets the Lambda environment
// and the loopback X-Ray daemon before Powertools Tracer and aws-xray-sdk-core load.
import '../../durable-tracer/tests/support/simulatedLambda.js';
import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { expectInvocationCount, teardownDurableHarness } from '@durable-powertools/testing';
import { durableTracer } from '@durable-powertools/tracer';
import { afterAll, describe, expect, it } from 'vitest';
import { middyShapes } from '../../../tests/support/middyShapes.js';
import { operationPaths, runTraced } from '../../durable-tracer/tests/support/segments.js';
import { daemon } from '../../durable-tracer/tests/support/simulatedLambda.js';
import { processDurablePartialResponse } from '../src/index.js';
import { sqsEvent, sqsRecord } from './helpers/events.js';
import { chargingHandler } from './helpers/records.js';

afterAll(async () => {
  await teardownDurableHarness();
  await daemon.stop();
});

/**
 * The test's model: what each record does, and the invocations its child context runs live in (its
 * one attempt of `charge` runs in the last one).
 */
const MODEL = {
  o1: { plan: 'ok', invocations: [0] },
  o2: { plan: 'wait', invocations: [0, 1] }, // waits 1 s first: its charge runs in the second invocation
  o3: { plan: 'fail', invocations: [0] }, // its charge throws, not retried: one failed attempt
} as const;

/** Per invocation, the `### <name>` paths the model expects under its handler subsegment. */
const expectedPaths = (invocationCount: number): string[][] =>
  Array.from({ length: invocationCount }, (_, invocation) =>
    Object.entries(MODEL)
      .filter(([, { invocations }]) => invocations.includes(invocation as never))
      .flatMap(([id, { invocations }]) =>
        invocation === invocations.at(-1)
          ? [`record:${id}`, `record:${id}/charge`]
          : [`record:${id}`],
      )
      .sort(),
  );

const recordHandler = chargingHandler(MODEL);

/**
 * With `durableTracer()`, each record's child context is one `### record:<id>` subsegment per
 * invocation it runs live in, in the execution's one trace (one X-Ray Root per execution), under the
 * handler subsegment of that invocation, with its step attempt's `### <step>` subsegment under it;
 * replayed records send nothing again.
 */
describe.each(Object.entries(middyShapes))(
  'processDurablePartialResponse with durableTracer() (%s)',
  (_shape, shape) => {
    it('sends one subsegment per record per invocation it runs in, its attempt nested under it', async () => {
      // Prepare
      const tracer = new Tracer({ serviceName: 'orders', captureHTTPsRequests: false });
      const handler = shape(
        async (event, context) =>
          processDurablePartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
            context,
          }),
        [durableTracer(tracer)],
      );
      const event = sqsEvent(...Object.keys(MODEL).map((id) => sqsRecord(id, id)));

      // Act
      const { result, root, parents, handlers, documents } = await runTraced(handler, event);

      // Assess
      expect(result.result).toEqual({ batchItemFailures: [{ itemIdentifier: 'o3' }] });
      expectInvocationCount(result, { exactly: 2 });
      expect(documents.every((document) => document.trace_id === root)).toBe(true);
      expect(handlers.map((h) => h.parent_id)).toEqual(parents);
      expect(operationPaths(documents, handlers)).toEqual(expectedPaths(2));
      const subsegments = documents.filter((document) => document.name.startsWith('### '));
      // Each subsegment names its operation by id: the record's child context, or its step.
      const names = new Map(result.operations.map((o) => [o.getId(), o.getName()] as const));
      for (const subsegment of subsegments) {
        expect(subsegment.in_progress).toBeUndefined();
        expect(names.get(String(subsegment.annotations?.operation_id))).toBe(
          subsegment.name.slice(4),
        );
      }
      const attempts = subsegments.filter((s) => s.name === '### charge');
      expect(attempts.map((s) => s.annotations?.attempt)).toEqual([1, 1, 1]);
      const failed = subsegments.filter((s) => s.fault === true || s.error === true);
      expect(failed.map((s) => [s.name, s.cause?.exceptions?.[0]?.message])).toEqual([
        ['### charge', 'o3 declined'],
        ['### record:o3', 'o3 declined'],
      ]);
    });
  },
);
