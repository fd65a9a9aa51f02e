import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { processDurablePartialResponse } from '@durable-powertools/batch';
import {
  type DurableRecordIdempotency,
  durableRecordIdempotency,
} from '@durable-powertools/idempotency';
import { expectInvocationCount, runDurable } from '@durable-powertools/testing';
import { describe, expect, it } from 'vitest';
import type { PersistenceServer } from '../helpers/persistenceServer.ts';
import {
  countingRequests,
  type SqsEvent,
  type SqsRecord,
  sleep,
  sqsRecord,
  withServer,
} from '../helpers/workflows.ts';

/** Bodies that steer the record handler: fail on the first delivery, or wait 1 s twice. */
const FAIL_FIRST = 'fail-first';
const SLOW = 'slow';

/**
 * A durable batch handler: `processDurablePartialResponse` with Powertools' `BatchProcessor` (one
 * per invocation, kept in `processors`) and the record claims of `idempotency`. Each record logs its
 * real (not replayed) processing in `processed`, then fails or waits as its body says.
 */
const batchHandler = (
  idempotency: DurableRecordIdempotency,
  processed: string[],
  processors: BatchProcessor[] = [],
) =>
  withDurableExecution(async (event: SqsEvent, context: DurableContext) => {
    const processor = new BatchProcessor(EventType.SQS);
    processors.push(processor);
    const recordHandler = async (record: SqsRecord, recordContext: DurableContext) => {
      await recordContext.step('process', async () => processed.push(record.messageId));
      const delivery = record.attributes.ApproximateReceiveCount;
      if (record.body === FAIL_FIRST && delivery === '1') throw new Error('provider down');
      if (record.body !== SLOW) return;
      await recordContext.wait({ seconds: 1 });
      await recordContext.wait({ seconds: 1 });
    };
    return processDurablePartialResponse(event, recordHandler, processor, {
      context,
      idempotency,
    });
  });

/** `durableRecordIdempotency()` under `processDurablePartialResponse`, against one server kind. */
export const describeRecordIdempotencyScenarios = (
  start: () => Promise<PersistenceServer>,
): void => {
  describe.concurrent('durableRecordIdempotency() with processDurablePartialResponse()', () => {
    it('claims each key once, runs a duplicate once, skips completed records and releases failed ones', async () => {
      await withServer(start, async (server) => {
        // Prepare: m1 ran in an earlier execution; m2 is delivered twice in the batch and waits
        // twice (three invocations); m3 fails on its first delivery.
        const processed: string[] = [];
        const counts: number[] = [];
        const redeliveryCounts: number[] = [];
        const persistenceStore = server.newStore();
        const handler = batchHandler(durableRecordIdempotency({ persistenceStore }), processed);
        const earlier = await runDurable(handler, { payload: { Records: [sqsRecord('m1')] } });

        // Act
        const batch = await runDurable(countingRequests(handler, server, counts), {
          payload: {
            Records: [
              sqsRecord('m1', 'order-1', 2),
              sqsRecord('m2', SLOW),
              sqsRecord('m2', SLOW, 2),
              sqsRecord('m3', FAIL_FIRST),
            ],
          },
        });
        const processedByBatch = [...processed].sort();
        const redelivery = await runDurable(countingRequests(handler, server, redeliveryCounts), {
          payload: { Records: [sqsRecord('m3', FAIL_FIRST, 2), sqsRecord('m2', SLOW, 3)] },
        });

        // Assess
        const found = server.requestsToFindExisting;
        expect(earlier.result).toEqual({ batchItemFailures: [] });
        expect(batch.status).toBe('SUCCEEDED');
        expect(batch.result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm3' }] });
        expectInvocationCount(batch, { exactly: 3 });
        // First invocation: m1 found completed, m2 and m3 claimed, m3 released after it failed.
        // Replay: nothing. Last invocation: m2 completed.
        expect(counts).toEqual([found + 3, 0, 1]);
        expect(processedByBatch).toEqual(['m1', 'm2', 'm3']);
        expect(redelivery.result).toEqual({ batchItemFailures: [] });
        expectInvocationCount(redelivery, { exactly: 1 });
        // m3 claimed and completed, m2 found completed.
        expect(redeliveryCounts).toEqual([2 + found]);
        expect(processed.sort()).toEqual(['m1', 'm2', 'm3', 'm3']);
      });
    });

    it('reports a record another execution holds as failed, without running it', async () => {
      await withServer(start, async (server) => {
        // Prepare: m4 waits in a first execution that holds its claim.
        const processed: string[] = [];
        const processors: BatchProcessor[] = [];
        const idempotency = durableRecordIdempotency({ persistenceStore: server.newStore() });
        const handler = batchHandler(idempotency, processed);
        const first = runDurable(handler, { payload: { Records: [sqsRecord('m4', SLOW)] } });
        await sleep(300);

        // Act
        const overlapping = await runDurable(batchHandler(idempotency, processed, processors), {
          payload: { Records: [sqsRecord('m4', SLOW, 2), sqsRecord('m5')] },
        });

        // Assess
        expect(overlapping.result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm4' }] });
        expectInvocationCount(overlapping, { exactly: 1 });
        // The claim step's IdempotencyAlreadyInProgressError, as the SDK hands it back (a StepError).
        expect((processors[0]?.errors ?? []).map((error) => error.message)).toEqual([
          expect.stringMatching(
            /^There is already an execution in progress with idempotency key: /,
          ),
        ]);
        const firstResult = await first;
        expect(firstResult.result).toEqual({ batchItemFailures: [] });
        expectInvocationCount(firstResult, { exactly: 3 });
        expect(processed.sort()).toEqual(['m4', 'm5']);
      });
    });

    it("keeps its own claim, rejects another execution's and a different payload, and skips a completed key", async () => {
      await withServer(start, async (server) => {
        // Prepare: records keyed by their body, payloads told apart by their messageId.
        const idempotency = durableRecordIdempotency<SqsRecord>({
          persistenceStore: server.newStore(),
          config: new IdempotencyConfig({
            eventKeyJmesPath: 'body',
            payloadValidationJmesPath: 'messageId',
          }),
        });
        const [a, b, c] = [sqsRecord('a', 'order-9'), sqsRecord('b', 'order-9'), sqsRecord('c')];
        const [key = '', cKey = ''] = [idempotency.keyOf(a), idempotency.keyOf(c)];
        const counts: number[] = [];
        const counted = async <T>(call: () => Promise<T>): Promise<T | string> => {
          const before = await server.requests();
          try {
            return await call();
          } catch (error) {
            return (error as Error).name;
          } finally {
            counts.push((await server.requests()) - before);
          }
        };

        // Act
        const outcomes = [
          await counted(() => idempotency.claim(key, a, 'arn:one')),
          await counted(() => idempotency.claim(key, a, 'arn:one')),
          await counted(() => idempotency.claim(key, a, 'arn:two')),
          await counted(() => idempotency.claim(key, b, 'arn:two')),
          await counted(() => idempotency.complete(key, a)),
          await counted(() => idempotency.claim(key, a, 'arn:two')),
          await counted(() => idempotency.claim(cKey, c, 'arn:one')),
          await counted(() => idempotency.release(cKey, c)),
          await counted(() => idempotency.claim(cKey, c, 'arn:two')),
        ];

        // Assess
        const found = server.requestsToFindExisting;
        expect(idempotency.keyOf(b)).toBe(key);
        expect(cKey).not.toBe(key);
        expect(outcomes).toEqual([
          'claimed',
          'claimed',
          'IdempotencyAlreadyInProgressError',
          'IdempotencyValidationError',
          undefined,
          // The cache store drops the payload hash when it completes a key (README, Stores).
          server.completedRecordsKeepPayloadHash ? 'completed' : 'IdempotencyValidationError',
          'claimed',
          undefined,
          'claimed',
        ]);
        expect(counts).toEqual([1, found, found, found, 1, found, 1, 1, 1]);
      });
    });
  });
};
