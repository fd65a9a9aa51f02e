import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import {
  makeDurableBatchIdempotent,
  type OmittedResult,
  withDurableIdempotency,
} from '@durable-powertools/idempotency';
import { expectInvocationCount, runDurable } from '@durable-powertools/testing';
import { describe, expect, it } from 'vitest';
import { FAIL_FIRST, newObserved, processMessage } from '../helpers/faultWorkflows.ts';
import type { PersistenceServer } from '../helpers/persistenceServer.ts';
import { captureStderr } from '../helpers/stderr.ts';
import {
  countingRequests,
  MIDDY_INSIDE_SHAPE,
  SHAPES,
  type SqsRecord,
  sqsEvent,
  sqsRecord,
  withServer,
} from '../helpers/workflows.ts';

/** Duplicates inside one batch, un-keyed events, and results too large for the store. */
export const describeKeysAndResultsScenarios = (
  start: () => Promise<PersistenceServer>,
  { storeRefusesLargeItems }: { storeRefusesLargeItems: boolean },
): void => {
  describe.concurrent('duplicates inside one batch', () => {
    const batchHandler = (
      server: PersistenceServer,
      observed = newObserved(),
      config?: IdempotencyConfig,
    ) =>
      withDurableExecution(
        makeDurableBatchIdempotent(
          (record: SqsRecord, context: DurableContext) => processMessage(record, context, observed),
          { persistenceStore: server.newStore(), config },
        ),
      );

    it('runs a message delivered twice in one batch once, and acknowledges both', async () => {
      await withServer(start, async (server) => {
        // Prepare: the same messageId twice (a redelivery landing in the same batch), and m2.
        const observed = newObserved();
        const counts: number[] = [];
        const handler = batchHandler(server, observed);
        const payload = {
          Records: [sqsRecord('m1'), sqsRecord('m1', 'order-1', 2), sqsRecord('m2')],
        };

        const stderr = captureStderr();

        // Act
        const result = await runDurable(countingRequests(handler, server, counts), {
          payload,
        }).finally(stderr.restore);

        // Assess: m1 and m2 each charge, wait 1 s (3 invocations); one claim and one result each.
        expect(result.result).toEqual({ batchItemFailures: [] });
        expect(stderr.lines('makeDurableBatchIdempotent(): the event is not')).toEqual([]);
        expectInvocationCount(result, { exactly: 3 });
        expect(Object.fromEntries(observed.charges)).toEqual({ m1: 1, m2: 1 });
        expect(counts).toEqual([2, 0, 2]);
      });
    });

    it('shares a failure with the later record of the same eventKeyJmesPath value', async () => {
      await withServer(start, async (server) => {
        // Prepare: two messages carrying the same body (a producer's retry); the first fails.
        const observed = newObserved();
        const config = new IdempotencyConfig({ eventKeyJmesPath: 'body' });
        const handler = batchHandler(server, observed, config);
        const payload = { Records: [sqsRecord('x', FAIL_FIRST), sqsRecord('y', FAIL_FIRST)] };

        // Act
        const result = await runDurable(handler, { payload });

        // Assess: x ran and failed, y shares its outcome: both go back to the queue.
        expect(result.result).toEqual({
          batchItemFailures: [{ itemIdentifier: 'x' }, { itemIdentifier: 'y' }],
        });
        expectInvocationCount(result, { exactly: 1 });
        expect(observed.charges.size).toBe(0);
      });
    });

    it('shares a success with the later record of the same eventKeyJmesPath value', async () => {
      await withServer(start, async (server) => {
        // Prepare
        const observed = newObserved();
        const config = new IdempotencyConfig({ eventKeyJmesPath: 'body' });
        const handler = batchHandler(server, observed, config);
        const payload = { Records: [sqsRecord('p', 'order-7'), sqsRecord('q', 'order-7')] };

        // Act
        const result = await runDurable(handler, { payload });

        // Assess
        expect(result.result).toEqual({ batchItemFailures: [] });
        expectInvocationCount(result, { exactly: 2 });
        expect(Object.fromEntries(observed.charges)).toEqual({ p: 1 });
      });
    });
  });

  describe.concurrent('un-keyed events', () => {
    it("warns once, in Powertools' words, when eventKeyJmesPath finds nothing", async () => {
      await withServer(start, async (server) => {
        // Prepare
        const counts: number[] = [];
        const keyPath = 'Records[0].attributes.missingOrderId';
        const handler = SHAPES[MIDDY_INSIDE_SHAPE]!(
          async (_event, context) => context.wait({ seconds: 1 }).then(() => 'done'),
          {
            persistenceStore: server.newStore(),
            config: new IdempotencyConfig({ eventKeyJmesPath: keyPath }),
          },
        );
        const stderr = captureStderr();

        // Act
        const result = await runDurable(countingRequests(handler, server, counts), {
          payload: sqsEvent('m-no-key'),
        }).finally(stderr.restore);

        // Assess
        expect(result.status).toBe('SUCCEEDED');
        expectInvocationCount(result, { exactly: 2 });
        expect(
          stderr.lines(`No value found for idempotency_key. jmespath: ${keyPath}`),
        ).toHaveLength(1);
        expect(counts).toEqual([0, 0]);
      });
    });

    it('keys an event that is no SQS, Kinesis or DynamoDB Streams batch by the whole event, warning once', async () => {
      await withServer(start, async (server) => {
        // Prepare: a direct invoke with the default key.
        const counts: number[] = [];
        const handler = withDurableExecution(
          withDurableIdempotency(
            async (event: { orderId: string }, context: DurableContext) =>
              context.wait({ seconds: 1 }).then(() => `done ${event.orderId}`),
            { persistenceStore: server.newStore() },
          ),
        );
        const stderr = captureStderr();

        // Act: two distinct events, then a retry of the first.
        const first = await runDurable(countingRequests(handler, server, counts), {
          payload: { orderId: 'direct-1' },
        });
        const second = await runDurable(handler, { payload: { orderId: 'direct-2' } });
        const retried = await runDurable(handler, { payload: { orderId: 'direct-1' } });
        stderr.restore();

        // Assess
        expect(first.status).toBe('SUCCEEDED');
        expectInvocationCount(first, { exactly: 2 });
        expect(counts).toEqual([1, 1]); // the claim, then the stored result
        expectInvocationCount(second, { exactly: 2 });
        expect(retried.result).toBe('done direct-1');
        expectInvocationCount(retried, { exactly: 1 });
        const warnings = stderr.lines('withDurableIdempotency(): the event is not an SQS');
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain('keyed by the whole event');
        expect(warnings[0]).toContain('config.eventKeyJmesPath');
      });
    });
  });

  describe.concurrent('a result too large for the store', () => {
    const bigResult = 'x'.repeat(420_000);
    const omitted: OmittedResult = {
      durableIdempotency: 'result-omitted',
      reason: 'too-large',
      bytes: bigResult.length + 2,
    };

    const cases: Array<[string, number | undefined]> = [
      ['over maxStoredResultBytes', undefined],
      // DynamoDB (dynalite too) refuses items over 400 KB; Redis takes values up to 512 MB.
      ...(storeRefusesLargeItems
        ? [['refused by the store as too large', 10_000_000] as [string, number]]
        : []),
    ];

    it.each(cases)(
      'is stored in its reduced form when %s; duplicates get it, the body runs once',
      async (_case, maxStoredResultBytes) => {
        await withServer(start, async (server) => {
          // Prepare
          const counter = { runs: 0 };
          const handler = withDurableExecution(
            withDurableIdempotency(
              async (_event: unknown, context: DurableContext) => {
                await context.step('charge', async () => counter.runs++);
                await context.wait({ seconds: 1 });
                return bigResult;
              },
              { persistenceStore: server.newStore(), maxStoredResultBytes },
            ),
          );

          // Act
          const first = await runDurable(handler, { payload: sqsEvent('m-big') });
          const duplicate = await runDurable(handler, { payload: sqsEvent('m-big', 'order-1', 2) });

          // Assess
          expect(first.status, first.error?.errorMessage).toBe('SUCCEEDED');
          expect(first.result).toBe(bigResult);
          expectInvocationCount(first, { exactly: 2 });
          expect(duplicate.result).toEqual(omitted);
          expectInvocationCount(duplicate, { exactly: 1 });
          expect(counter.runs).toBe(1);
        });
      },
    );
  });
};
