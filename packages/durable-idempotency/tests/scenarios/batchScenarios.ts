import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { makeDurableBatchIdempotent } from '@durable-powertools/idempotency';
import { expectInvocationCount, runDurable } from '@durable-powertools/testing';
import { describe, expect, it } from 'vitest';
import type { PersistenceServer } from '../helpers/persistenceServer.ts';
import {
  countingRequests,
  type SqsRecord,
  sleep,
  sqsRecord,
  withServer,
} from '../helpers/workflows.ts';

/** A record handler that logs real (not replayed) processing, waits 1 s, and may fail. */
const recordHandlerOf =
  (processed: string[], failing: Set<string>) =>
  async (record: SqsRecord, context: DurableContext): Promise<string> => {
    const done = await context.step('process', async () => {
      processed.push(record.messageId);
      return `done ${record.messageId}`;
    });
    await context.wait({ seconds: 1 });
    if (failing.has(record.messageId)) throw new Error(`cannot process ${record.messageId}`);
    return done;
  };

/** The per-record scenarios, run against one real persistence server kind. */
export const describeBatchScenarios = (start: () => Promise<PersistenceServer>): void => {
  describe.concurrent('makeDurableBatchIdempotent()', () => {
    it('processes each record once and returns only failed records to the queue', async () => {
      await withServer(start, async (server) => {
        // Prepare: m1 was processed by an earlier batch; m3 fails the first time.
        const processed: string[] = [];
        const failing = new Set(['m3']);
        const counts: number[] = [];
        const handler = withDurableExecution(
          makeDurableBatchIdempotent(recordHandlerOf(processed, failing), {
            persistenceStore: server.newStore(),
          }),
        );
        const earlier = await runDurable(handler, { payload: { Records: [sqsRecord('m1')] } });

        // Act
        const batch = await runDurable(countingRequests(handler, server, counts), {
          payload: { Records: [sqsRecord('m1', 'order-1', 2), sqsRecord('m2'), sqsRecord('m3')] },
        });
        failing.clear();
        const redelivery = await runDurable(handler, {
          payload: { Records: [sqsRecord('m3', 'order-1', 2)] },
        });

        // Assess
        expect(earlier.result).toEqual({ batchItemFailures: [] });
        expect(batch.status).toBe('SUCCEEDED');
        expect(batch.result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm3' }] });
        expectInvocationCount(batch, { exactly: 3 });
        // First invocation: m1 found completed, m2 and m3 claimed (one put each). Replay: none.
        // Completing invocation: m2 stored, m3 released (one update, one delete).
        expect(counts).toEqual([server.requestsToFindExisting + 2, 0, 1 + 1]);
        expect(redelivery.result).toEqual({ batchItemFailures: [] });
        expectInvocationCount(redelivery, { exactly: 2 });
        expect(processed).toEqual(['m1', 'm2', 'm3', 'm3']);
      });
    });

    it('reports a record another execution is processing as a failure, without processing it', async () => {
      await withServer(start, async (server) => {
        // Prepare
        const processed: string[] = [];
        const handler = withDurableExecution(
          makeDurableBatchIdempotent(recordHandlerOf(processed, new Set()), {
            persistenceStore: server.newStore(),
          }),
        );
        const first = runDurable(handler, { payload: { Records: [sqsRecord('m4')] } });
        await sleep(300);

        // Act
        const overlapping = await runDurable(handler, {
          payload: { Records: [sqsRecord('m4', 'order-1', 2), sqsRecord('m5')] },
        });

        // Assess
        expect(overlapping.result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm4' }] });
        expectInvocationCount(overlapping, { exactly: 2 });
        expect((await first).result).toEqual({ batchItemFailures: [] });
        expect(processed.sort()).toEqual(['m4', 'm5']);
      });
    });
  });
};
