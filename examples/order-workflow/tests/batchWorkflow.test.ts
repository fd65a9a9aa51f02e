import type { LocalDurableTestRunner } from '@aws/durable-execution-sdk-js-testing';
import { WaitingOperationStatus } from '@aws/durable-execution-sdk-js-testing';
import {
  type DurableRunResult,
  expectInvocationCount,
  expectMetricSum,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { fifoHandler, handler, REVIEW_CALLBACK } from '../src/batchWorkflow.ts';
import {
  asLambdaInvocations,
  type InvocationNotes,
  invocationsSettled,
} from '../src/lambdaSimulation.ts';
import { sqsRecord } from '../src/scenario.ts';
import type { Order } from '../src/services.ts';

afterAll(teardownDurableHarness);

const order = (id: string, amountCents: number, quantity = 1): Order => ({
  orderId: id,
  sku: 'KB-01',
  quantity,
  amountCents,
});
const SMALL = order('o-2001', 4_500);
const LARGE = order('o-2002', 250_000); // above the review threshold: waits for the fraud team
const INVALID = order('o-2003', 4_500, 0);

/** A FIFO queue's record: the same, with its message group. */
const fifoRecord = (messageId: string, body: Order, group: string): SQSRecord => {
  const record = sqsRecord(messageId, body);
  return { ...record, attributes: { ...record.attributes, MessageGroupId: group } };
};

/**
 * Runs one SQS batch; the fraud team answers the review once the execution is suspended on it (the
 * invocation that submitted it has returned), so the answer always starts a new invocation.
 */
const runBatch = async (
  durableHandler: typeof handler,
  records: SQSRecord[],
): Promise<DurableRunResult<{ batchItemFailures: { itemIdentifier: string }[] }>> => {
  const notes: InvocationNotes[] = [];
  return runDurable(asLambdaInvocations(durableHandler, notes), {
    payload: { Records: records },
    drive: async (runner: LocalDurableTestRunner) => {
      const review = runner.getOperation(REVIEW_CALLBACK);
      await review.waitForData(WaitingOperationStatus.SUBMITTED);
      await invocationsSettled();
      await review.sendCallbackSuccess(JSON.stringify('approved'));
    },
  });
};

/** Every log line of the run as `[message, correlation_id]`, sorted: each must be in the model once. */
const lines = (run: DurableRunResult): string[][] =>
  run.records.map((record) => [String(record.message), String(record.correlation_id)]).sort();

/** The invocation (1-based) that wrote each `message` line, by the record's message id. */
const writtenIn = (run: DurableRunResult, message: string): Record<string, number> =>
  Object.fromEntries(
    run.invocations.flatMap((invocation) =>
      invocation.records
        .filter((record) => record.message === message)
        .map((record) => [String(record.correlation_id), invocation.index]),
    ),
  );

describe('the batch workflow example (Powertools batch processors, a child context per record)', () => {
  it('standard queue: the other records finish while one waits for its review, in two invocations', async () => {
    // Prepare
    const records = [
      sqsRecord('msg-2001', SMALL),
      sqsRecord('msg-2002', LARGE),
      sqsRecord('msg-2003', INVALID),
    ];

    // Act
    const run = await runBatch(handler, records);

    // Assess: the model: invocation 1 charges msg-2001, fails msg-2003 (invalid) and suspends on
    // msg-2002's review; invocation 2 (the answer) charges msg-2002. Each line once.
    expect(run.status).toBe('SUCCEEDED');
    expectInvocationCount(run, { exactly: 2 });
    expect(run.result).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-2003' }] });
    expect(lines(run)).toEqual(
      [
        ['batch received', 'undefined'],
        ['order received', 'msg-2001'],
        ['order received', 'msg-2002'],
        ['order received', 'msg-2003'],
        ['order charged', 'msg-2001'],
        ['order reviewed', 'msg-2002'],
        ['order charged', 'msg-2002'],
        ['batch processed', 'undefined'],
      ].sort(),
    );
    expect(writtenIn(run, 'order charged')).toEqual({ 'msg-2001': 1, 'msg-2002': 2 });
    expectMetricSum(run, 'ordersCompleted', 2);
  });

  it('FIFO queue: records run in order, a failure skips the rest of its message group only', async () => {
    // Prepare: group cust-b's first order waits for review, holding every later record.
    const records = [
      fifoRecord('msg-3001', LARGE, 'cust-b'),
      fifoRecord('msg-3002', SMALL, 'cust-a'),
      fifoRecord('msg-3003', INVALID, 'cust-a'),
      fifoRecord('msg-3004', SMALL, 'cust-a'), // after a failure in its group: skipped, never run
      fifoRecord('msg-3005', SMALL, 'cust-b'),
    ];

    // Act
    const run = await runBatch(fifoHandler, records);

    // Assess: the model: invocation 1 only submits msg-3001's review; invocation 2 runs the rest.
    expect(run.status).toBe('SUCCEEDED');
    expectInvocationCount(run, { exactly: 2 });
    expect(run.result).toEqual({
      batchItemFailures: [{ itemIdentifier: 'msg-3003' }, { itemIdentifier: 'msg-3004' }],
    });
    expect(lines(run)).toEqual(
      [
        ['batch received', 'undefined'],
        ['order received', 'msg-3001'],
        ['order reviewed', 'msg-3001'],
        ['order charged', 'msg-3001'],
        ['order received', 'msg-3002'],
        ['order charged', 'msg-3002'],
        ['order received', 'msg-3003'],
        ['order received', 'msg-3005'],
        ['order charged', 'msg-3005'],
        ['batch processed', 'undefined'],
      ].sort(),
    );
    const charged = run.records.filter((record) => record.message === 'order charged');
    expect(charged.map((record) => record.correlation_id)).toEqual([
      'msg-3001',
      'msg-3002',
      'msg-3005',
    ]);
    expect(writtenIn(run, 'order charged')).toEqual({
      'msg-3001': 2,
      'msg-3002': 2,
      'msg-3005': 2,
    });
    expectMetricSum(run, 'ordersCompleted', 3);
  });
});
