// The Python page's Idempotency examples (using_idempotency.py, best_practice_idempotency.py) as
// TypeScript twins, on the real local runner, with the idempotency records in dynalite (a
// DynamoDB-compatible server) on loopback, started by the test.
import { WaitingOperationStatus } from '@aws/durable-execution-sdk-js-testing';
import {
  type DurableRunResult,
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDb } from '../../../packages/durable-idempotency/tests/helpers/dynamoDbServer.ts';
import type { PersistenceServer } from '../../../packages/durable-idempotency/tests/helpers/persistenceServer.ts';
import { sqsEvent } from '../../../packages/durable-idempotency/tests/helpers/workflows.ts';
import { createHandler as createSqsHandler } from '../src/bestPracticeIdempotency.ts';
import { createHandler as createOrderHandler } from '../src/usingIdempotency.ts';

let server: PersistenceServer;
beforeAll(async () => {
  server = await startDynamoDb();
});
afterAll(async () => {
  await teardownDurableHarness();
  await server.close();
});

/** How many times the step named `name` ran across `runs` (finished steps never re-run on replay). */
const stepRuns = (runs: readonly DurableRunResult[], name: string): number =>
  runs.flatMap((run) => run.operations).filter((operation) => operation.getName() === name).length;

describe('using_idempotency: makeDurableIdempotent on a directly invoked durable function', () => {
  it('runs the workflow once per event: a repeated event gets the stored result without running', async () => {
    // Prepare
    const handler = createOrderHandler(server.newStore());

    // Act: order o-1, the same event again once it completed, then order o-2.
    const first = await runDurable(handler, { payload: { order_id: 'o-1' } });
    const repeated = await runDurable(handler, { payload: { order_id: 'o-1' } });
    const other = await runDurable(handler, { payload: { order_id: 'o-2' } });

    // Assess: the model runs process_order once per distinct order.
    expect(first.status).toBe('SUCCEEDED');
    expect(first.result).toBe('processed-o-1');
    expectInvocationCount(first, { exactly: 2 }); // the replay is recognised as the owner
    expect(repeated.status).toBe('SUCCEEDED');
    expect(repeated.result).toBe('processed-o-1');
    expectInvocationCount(repeated, { exactly: 1 });
    expect(repeated.operations).toHaveLength(0);
    expect(other.result).toBe('processed-o-2');
    expect(stepRuns([first, repeated, other], 'process_order')).toBe(2);
    // The key was found in every event: no "No value found for idempotency_key" warning.
    for (const run of [first, repeated, other])
      expect(run.invocations.flatMap((i) => i.text)).toEqual([]);
  });
});

describe('best practice: idempotency for ESM triggers (durableIdempotency on an SQS handler)', () => {
  it('rejects a redelivery while the first execution is suspended, then answers one after it completed', async () => {
    // Prepare
    const handler = createSqsHandler(server.newStore());
    let duringWait: DurableRunResult | undefined;

    // Act: delivery 1 starts execution A; once A is suspended in its wait, delivery 2 of the same
    // message arrives (new receipt handle, receive count 2); after A completed, delivery 3.
    const first = await runDurable(handler, {
      payload: sqsEvent('m-1', 'order-1', 1),
      drive: async (runner) => {
        await runner.getOperation('settle').waitForData(WaitingOperationStatus.STARTED);
        duringWait = await runDurable(handler, { payload: sqsEvent('m-1', 'order-1', 2) });
      },
    });
    const afterCompletion = await runDurable(handler, { payload: sqsEvent('m-1', 'order-1', 3) });

    // Assess: one message, so the model runs `process` once.
    expect(first.status).toBe('SUCCEEDED');
    expect(first.result).toBe('processed order-1');
    expectInvocationCount(first, { exactly: 2 });
    expect(duringWait?.status).toBe('FAILED');
    expect(duringWait?.error?.errorType).toBe('IdempotencyAlreadyInProgressError');
    expect(duringWait?.operations).toHaveLength(0);
    expect(afterCompletion.status).toBe('SUCCEEDED');
    expect(afterCompletion.result).toBe('processed order-1');
    expect(afterCompletion.operations).toHaveLength(0);
    expect(stepRuns([first, duringWait as DurableRunResult, afterCompletion], 'process')).toBe(1);
  });
});
