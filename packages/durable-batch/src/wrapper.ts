import type { DurableContext } from '@aws/durable-execution-sdk-js';
import {
  type BasePartialBatchProcessor,
  SqsFifoPartialProcessorAsync,
  UnexpectedBatchTypeError,
} from '@aws-lambda-powertools/batch';
import type {
  BaseRecord,
  BatchProcessingOptions,
  PartialItemFailureResponse,
} from '@aws-lambda-powertools/batch/types';
import { assertDurableContext } from '@durable-powertools/commons';
import {
  checkArguments,
  type DurableBatchIdempotency,
  type DurableBatchProcessingOptions,
} from './options.js';
import { markRecordContext } from './subscriber.js';

const UTILITY = 'processDurablePartialResponse()';
const NO_RETRY = { retryStrategy: () => ({ shouldRetry: false }) };

/**
 * A record handler as Powertools calls it, `(record, context)`, where `context` is the durable child
 * context of the record: its steps, waits and callbacks belong to that record alone.
 *
 * @example
 * ```ts
 * const recordHandler: DurableRecordHandler<SQSRecord> = async (record, context) => {
 *   await context.step('charge', async () => charge(JSON.parse(record.body)));
 * };
 * ```
 */
export type DurableRecordHandler<TRecord = BaseRecord> = (
  record: TRecord,
  context: DurableContext,
) => unknown;

/** The record's identifier in `batchItemFailures`, read where Powertools' collectors read it. */
const identifierOf = (record: unknown): string | undefined => {
  const source = record as {
    messageId?: unknown;
    kinesis?: { sequenceNumber?: unknown };
    dynamodb?: { SequenceNumber?: unknown };
  } | null;
  const id =
    source?.messageId ?? source?.kinesis?.sequenceNumber ?? source?.dynamodb?.SequenceNumber;
  return typeof id === 'string' ? id : undefined;
};

/** Runs `recordHandler` between a claim and its completion (or release), each a checkpointed step. */
const runClaimed = async (
  record: unknown,
  key: string,
  child: DurableContext,
  recordHandler: DurableRecordHandler<unknown>,
  store: DurableBatchIdempotency<unknown>,
): Promise<void> => {
  const arn = child.executionContext.durableExecutionArn;
  const claim = () => store.claim(key, record, arn);
  const verdict = await child.step('idempotency:claim', claim, NO_RETRY);
  if (verdict === 'completed') return;
  try {
    await recordHandler(record, child);
  } catch (error) {
    await child
      .step('idempotency:release', () => store.release(key, record))
      .catch(() => {
        // The record failed either way; an unreleased claim only delays its redelivery.
      });
    throw error;
  }
  await child.step('idempotency:complete', () => store.complete(key, record));
};

/**
 * Powertools' `processPartialResponse` for a durable function: the same processors
 * (`BatchProcessor`, `SqsFifoPartialProcessor`), event types, options and partial batch response,
 * with each record in its own durable child context named `record:<messageId|sequenceNumber>`.
 *
 * - A record's steps, waits and callbacks are its own: a record that waits suspends the execution
 *   only when no other record can go on; the other records finish meanwhile (`processInParallel`,
 *   the default) or after it (sequential, FIFO).
 * - Replays skip finished records: the child context returns its checkpointed outcome, so a
 *   record handler's body runs once per record, and a failed record stays failed.
 * - Failures are Powertools' own bookkeeping: `batchItemFailures` with the SQS `messageId` or the
 *   Kinesis / DynamoDB Streams sequence number, `FullBatchFailureError` when every record failed
 *   (unless `throwOnFullBatchFailure: false`), FIFO stop at the first failure or `skipGroupOnError`.
 * - Optional per-record idempotency (`idempotency`): claim, then complete or release, each in a
 *   checkpointed step; records with the same key in one batch run once.
 *
 * @param event - the SQS, Kinesis or DynamoDB Streams event (`Records`)
 * @param recordHandler - `(record, context)`, `context` being the record's durable child context
 * @param processor - a Powertools processor: `new BatchProcessor(EventType.SQS)`, `new SqsFifoPartialProcessor()`, ...
 * @param options - `{ context }` (the handler's durable context) and Powertools' processing options
 * @throws DurableBatchOptionError - a bad argument or option, before any record runs
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
 * import { processDurablePartialResponse } from '@durable-powertools/batch';
 * import type { SQSEvent, SQSRecord } from 'aws-lambda';
 *
 * const processor = new BatchProcessor(EventType.SQS);
 *
 * export const handler = withDurableExecution(async (event: SQSEvent, context) =>
 *   processDurablePartialResponse(
 *     event,
 *     async (record: SQSRecord, recordContext) => {
 *       const order = JSON.parse(record.body);
 *       await recordContext.step('charge', async () => charge(order));
 *       await recordContext.wait({ seconds: 30 });
 *       recordContext.logger.info('charged', order.id);
 *     },
 *     processor,
 *     { context },
 *   ),
 * );
 * ```
 */
export const processDurablePartialResponse = async <
  TRecord = BaseRecord,
  P extends BasePartialBatchProcessor = BasePartialBatchProcessor,
>(
  event: { Records: BaseRecord[] },
  recordHandler: DurableRecordHandler<TRecord>,
  processor: P,
  options: DurableBatchProcessingOptions<P, TRecord>,
): Promise<PartialItemFailureResponse> => {
  const kind = checkArguments(UTILITY, recordHandler, processor, options);
  if (!Array.isArray(event?.Records)) throw new UnexpectedBatchTypeError();
  const context = assertDurableContext(options.context, UTILITY, event);
  const handle = recordHandler as DurableRecordHandler<unknown>;
  const store = options.idempotency as DurableBatchIdempotency<unknown> | undefined;
  const leaders = new Map<string, Promise<void>>();

  const durableRecord = (record: unknown): Promise<void> => {
    const key = store?.keyOf(record);
    const leader = key === undefined ? undefined : leaders.get(key);
    if (leader !== undefined) return leader; // a duplicate of an earlier record shares its outcome
    const id = identifierOf(record);
    const running = context.runInChildContext(
      id === undefined ? 'record' : `record:${id}`,
      async (child) => {
        if (id !== undefined) markRecordContext(id);
        if (store !== undefined && key !== undefined) {
          await runClaimed(record, key, child, handle, store);
        } else {
          await handle(record, child);
        }
      },
    );
    if (key !== undefined) leaders.set(key, running);
    return running;
  };

  const { processInParallel, throwOnFullBatchFailure, skipGroupOnError } = options;
  // The synchronous FIFO processor cannot await a record: its asynchronous twin has the same rules.
  const runner = kind === 'fifoSync' ? new SqsFifoPartialProcessorAsync() : processor;
  runner.register(event.Records, durableRecord, {
    processInParallel,
    throwOnFullBatchFailure,
    skipGroupOnError,
  } as BatchProcessingOptions);
  await runner.process();
  return runner.response();
};
