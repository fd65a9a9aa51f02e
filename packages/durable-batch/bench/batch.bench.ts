// A 10-record SQS batch's replay invocation: processDurablePartialResponse (Powertools' BatchProcessor,
// each record in a child context) against the bare SDK doing the same by hand (a child context per
// record, Promise.allSettled, its own batchItemFailures). Both executions run for real on the local
// runner until their second invocation; that invocation (every record replayed, then a 1 s wait
// ended and a 1 h wait started) is then timed in process. Counted: checkpointed operations and
// idempotency store requests per record. Run: node scripts/bench.mjs batch
import {
  type DurableContext,
  type DurableExecutionClient,
  type DurableExecutionInvocationInput,
  DurableExecutionInvocationInputWithClient,
  type DurableLambdaHandler,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import {
  type DurableBatchIdempotency,
  processDurablePartialResponse,
} from '@durable-powertools/batch';
import type { BenchMeasurement, BenchSuite } from '@durable-powertools/testing';
import { runDurable, teardownDurableHarness } from '@durable-powertools/testing';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';

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

interface Captured {
  input: DurableExecutionInvocationInput;
  context: Context;
  operations: number;
}

/** Runs `handler` for real until its second invocation (the replay) starts; keeps that input. */
const captureReplayInput = (handler: DurableLambdaHandler) => {
  let invocations = 0;
  let captured: Captured | undefined;
  const run = runDurable(
    (async (input: DurableExecutionInvocationInput, context: Context) => {
      if (++invocations === 2) {
        const operations = input.InitialExecutionState?.Operations?.length ?? 0;
        captured = { input, context, operations };
      }
      return handler(input, context);
    }) as DurableLambdaHandler,
    { payload: event, timeoutMs: 600_000 },
  );
  return { run, captured: () => captured };
};

/** The checkpoint API answered in process (the local runner rejects a repeated token). */
const stubClient = (real: DurableExecutionClient): DurableExecutionClient => ({
  getExecutionState: (params, log) => real.getExecutionState(params, log),
  checkpoint: async (params) => ({
    CheckpointToken: params.CheckpointToken,
    NewExecutionState: { Operations: [] },
  }),
});

const replayInvocation = (handler: DurableLambdaHandler, captured: () => Captured | undefined) => {
  return async () => {
    const { input, context } = captured() as Captured;
    const withClient = input as unknown as DurableExecutionInvocationInputWithClient;
    const replay = new DurableExecutionInvocationInputWithClient(
      input,
      stubClient(withClient.durableExecutionClient),
    ) as unknown as DurableExecutionInvocationInput;
    const output = await handler(replay, context);
    if ((output as { Status?: string }).Status !== 'PENDING') {
      throw new Error(`replay invocation ended ${JSON.stringify(output)}`);
    }
  };
};

const bare = withDurableExecution(bareWorkflow);
const batch = withDurableExecution(batchWorkflow());
const claims = countingStore();
const idempotent = withDurableExecution(batchWorkflow(claims.store));
const bareRun = captureReplayInput(bare);
const batchRun = captureReplayInput(batch);
const idempotentRun = captureReplayInput(idempotent);
const runs = [bareRun, batchRun, idempotentRun];

export default {
  name: 'batch: 10-record batch, replay invocation',
  setup: async () => {
    const deadline = Date.now() + 120_000;
    while (runs.some((run) => run.captured() === undefined)) {
      if (Date.now() > deadline) throw new Error('executions did not reach their replay in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  },
  comparisons: [
    {
      name: `replay invocation of a ${RECORDS}-record batch: processDurablePartialResponse(BatchProcessor) vs a child context per record by hand (bare SDK)`,
      baseline: replayInvocation(bare, bareRun.captured),
      candidate: replayInvocation(batch, batchRun.captured),
      targetRatio: 1.1,
    },
    {
      name: `replay invocation of a ${RECORDS}-record batch: with idempotency vs the bare SDK`,
      baseline: replayInvocation(bare, bareRun.captured),
      candidate: replayInvocation(idempotent, idempotentRun.captured),
      targetRatio: 1.2,
    },
  ],
  measure: async (): Promise<BenchMeasurement[]> => {
    // The execution and the 1 s wait are not per record.
    const perRecord = (run: typeof bareRun) => ((run.captured()?.operations ?? 0) - 2) / RECORDS;
    const requestsBeforeReplay = claims.requests();
    await replayInvocation(idempotent, idempotentRun.captured)();
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
