// Type-level test (checked by `tsc`, never run): the README's handler shapes, written as users do.
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { BatchProcessor, EventType, SqsFifoPartialProcessor } from '@aws-lambda-powertools/batch';
import type { KinesisStreamEvent, KinesisStreamRecord, SQSEvent, SQSRecord } from 'aws-lambda';
import { type DurableBatchIdempotency, processDurablePartialResponse } from '../../src/index.js';

const recordHandler = async (record: SQSRecord, context: DurableContext) => {
  await context.step('charge', async () => JSON.parse(record.body) as unknown);
  await context.wait({ seconds: 30 });
  context.logger.info('charged', record.messageId);
};

export const sqs = withDurableExecution(async (event: SQSEvent, context) =>
  processDurablePartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
    context,
  }),
);

export const fifo = withDurableExecution(async (event: SQSEvent, context) =>
  processDurablePartialResponse(event, recordHandler, new SqsFifoPartialProcessor(), {
    context,
    skipGroupOnError: true,
  }),
);

export const kinesis = withDurableExecution(async (event: KinesisStreamEvent, context) =>
  processDurablePartialResponse(
    event,
    async (record: KinesisStreamRecord) => Buffer.from(record.kinesis.data, 'base64'),
    new BatchProcessor(EventType.KinesisDataStreams),
    { context, processInParallel: false, throwOnFullBatchFailure: false },
  ),
);

const idempotency: DurableBatchIdempotency<SQSRecord> = {
  keyOf: (record) => record.messageId,
  claim: async () => 'claimed',
  complete: async () => undefined,
  release: async () => undefined,
};

export const idempotent = withDurableExecution(async (event: SQSEvent, context) =>
  processDurablePartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
    context,
    idempotency,
  }),
);

// Powertools' per-processor typing holds: no processInParallel with FIFO, no skipGroupOnError without.
export const misuse = async (event: SQSEvent, context: DurableContext) => {
  await processDurablePartialResponse(event, recordHandler, new SqsFifoPartialProcessor(), {
    context,
    // @ts-expect-error FIFO processors run records in order
    processInParallel: true,
  });
  await processDurablePartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
    context,
    // @ts-expect-error skipGroupOnError is for FIFO processors
    skipGroupOnError: true,
  });
};
