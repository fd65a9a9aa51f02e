// A 10-record SQS batch's replay invocation: processDurablePartialResponse (Powertools' BatchProcessor,
// each record in a child context) against the bare SDK doing the same by hand (a child context per
// record, Promise.allSettled, its own batchItemFailures). Both executions run for real on the local
// runner until their second invocation; that invocation (every record replayed, then a 1 s wait
// ended and a 1 h wait started) is then timed in process. Counted: checkpointed operations and
// idempotency store requests per record. Run: node scripts/bench.mjs batch
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import {
  type DurableBatchIdempotency,
  processDurablePartialResponse,
} from '@durable-powertools/batch';
import type { BenchMeasurement, BenchSuite, CapturedReplay } from '@durable-powertools/testing';
import { captureReplay, teardownDurableHarness } from '@durable-powertools/testing';
import type { SQSEvent, SQSRecord } from 'aws-lambda';

const RECORDS = 10;

const event: SQSEvent = {
  Records: Array.from({ length: RECORDS }, (_, index) => ({
    messageId: `m-${index}`,
    receiptHandle: `h-${index}`,
    body: JSON.stringify({ order: `o-${index}` }),
    attributes: {} as SQSRecord['attributes'],
    messageAttributes: {},
    md5OfBody: 'md5',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:queue',
    awsRegion: 'us-east-1',
  })),
};

/** A record's work: one step and one log line. */
const recordHandler = async (record: SQSRecord, context: DurableContext): Promise<void> => {
  await context.step('charge', async () => record.messageId);
  context.logger.info('charged');
};

/** After the batch: a 1 s wait (the second invocation replays the batch), then a 1 h wait. */
const afterBatch = async (context: DurableContext, response: unknown): Promise<unknown> => {
  await context.wait({ seconds: 1 });
  await context.wait({ hours: 1 });
  return response;
};

const bareWorkflow = async (batch: SQSEvent, context: DurableContext) => {
  const outcomes = await Promise.allSettled(
    batch.Records.map((record) =>
      context.runInChildContext(`record:${record.messageId}`, (child) =>
        recordHandler(record, child),
      ),
    ),
  );
  const batchItemFailures = batch.Records.filter(
    (_, index) => outcomes[index]?.status === 'rejected',
  ).map((record) => ({ itemIdentifier: record.messageId }));
  return afterBatch(context, { batchItemFailures });
};

const batchWorkflow =
  (idempotency?: DurableBatchIdempotency<SQSRecord>) =>
  async (batch: SQSEvent, context: DurableContext) =>
    afterBatch(
      context,
      await processDurablePartialResponse(batch, recordHandler, new BatchProcessor(EventType.SQS), {
        context,
        idempotency,
      }),
    );

/** An in-memory claim store that counts its requests (one per claim, completion or release). */
const countingStore = () => {
  const done = new Set<string>();
  let requests = 0;
  const store: DurableBatchIdempotency<SQSRecord> = {
    keyOf: (record) => record.messageId,
    claim: async (key) => {
      requests++;
      return done.has(key) ? 'completed' : 'claimed';
    },
    complete: async (key) => {
      requests++;
      done.add(key);
    },
    release: async (key) => {
      requests++;
      done.delete(key);
    },
  };
  return { store, requests: () => requests };
};

const bare = withDurableExecution(bareWorkflow);
const batch = withDurableExecution(batchWorkflow());
const claims = countingStore();
const idempotent = withDurableExecution(batchWorkflow(claims.store));
const bareRun = captureReplay(bare, { payload: event });
const batchRun = captureReplay(batch, { payload: event });
const idempotentRun = captureReplay(idempotent, { payload: event });

export default {
  name: 'batch: 10-record batch, replay invocation',
  setup: async () => {
    await Promise.all([bareRun.ready, batchRun.ready, idempotentRun.ready]);
  },
  comparisons: [
    {
      name: `replay invocation of a ${RECORDS}-record batch: processDurablePartialResponse(BatchProcessor) vs a child context per record by hand (bare SDK)`,
      baseline: bareRun.replay,
      candidate: batchRun.replay,
      targetRatio: 1.1,
    },
    {
      name: `replay invocation of a ${RECORDS}-record batch: with idempotency vs the bare SDK`,
      baseline: bareRun.replay,
      candidate: idempotentRun.replay,
      targetRatio: 1.2,
    },
  ],
  measure: async (): Promise<BenchMeasurement[]> => {
    // The execution and the 1 s wait are not per record.
    const perRecord = (run: CapturedReplay) => (run.operationsAtStart - 2) / RECORDS;
    const requestsBeforeReplay = claims.requests();
    await idempotentRun.replay();
    return [
      {
        name: 'checkpointed operations per record after the first invocation (child context + step)',
        baseline: perRecord(bareRun),
        candidate: perRecord(batchRun),
        unit: 'operations',
      },
      {
        name: 'checkpointed operations per record with idempotency (+ claim and complete steps)',
        candidate: perRecord(idempotentRun),
        unit: 'operations',
      },
      {
        name: 'idempotency store requests per record, first invocation',
        candidate: requestsBeforeReplay / RECORDS,
        unit: 'requests',
      },
      {
        name: 'idempotency store requests in a replay invocation',
        candidate: claims.requests() - requestsBeforeReplay,
        unit: 'requests',
      },
    ];
  },
  teardown: async () => {
    await teardownDurableHarness();
  },
} satisfies BenchSuite;
