import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { assertDurableContext, describeInvocation } from '@durable-powertools/commons';
import { DurableIdempotencyClaimError } from '../errors.js';
import { type DurableIdempotencyOptions, optionChecks } from '../options.js';
import {
  claimRecords,
  finishRecords,
  isRecordFailed,
  itemIdentifierOf,
  type RecordOutcome,
  recordClaims,
} from './recordClaims.js';

/**
 * Processes one record of a batch inside its own durable child context: it may run steps, waits and
 * callbacks. What it returns is stored as the record's idempotent result.
 */
export type DurableRecordHandler<TRecord, TResult> = (
  record: TRecord,
  context: DurableContext,
) => Promise<TResult>;

/** The partial batch response Lambda reads: only the listed records return to the source. */
export interface DurableBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/** A batch as SQS, Kinesis and DynamoDB Streams deliver it. */
export interface DurableBatchEvent<TRecord> {
  Records: TRecord[];
}

const UTILITY = 'makeDurableBatchIdempotent()';

/**
 * Makes each record of a batch idempotent inside one durable execution, and answers with the partial
 * batch response so that only failed records return to the source.
 *
 * - The first invocation claims every record's key in one checkpointed step, one conditional write
 *   per key (SQS `messageId`, Kinesis and DynamoDB Streams `eventID` by default;
 *   `config.eventKeyJmesPath` is applied to each record).
 * - Records with the same key in one batch (a producer's retry) run once: the later ones share the
 *   first one's outcome.
 * - Records another execution completed are skipped; records another execution holds, or whose payload
 *   differs (`payloadValidationJmesPath`), are reported in `batchItemFailures` and not processed.
 * - Every other record runs `recordHandler` in its own durable child context, so it may use steps,
 *   waits and callbacks; replay invocations make no persistence call.
 * - When the batch ends, each processed record's result is stored (COMPLETED) or, if it failed, its
 *   claim is released and it is reported in `batchItemFailures`, each write in a checkpointed step
 *   with retries. A write that fails past its retries fails the whole batch with a typed error: no
 *   record is acknowledged without having run, and no claim is released after its record ran.
 *
 * Records are processed one after another, in batch order. Enable `ReportBatchItemFailures` on the
 * event source mapping.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
 * import { makeDurableBatchIdempotent } from '@durable-powertools/idempotency';
 * import type { SQSRecord } from 'aws-lambda';
 *
 * export const handler = withDurableExecution(
 *   makeDurableBatchIdempotent(
 *     async (record: SQSRecord, context) => {
 *       const order = JSON.parse(record.body);
 *       await context.step('charge', async () => charge(order));
 *       return order.id;
 *     },
 *     { persistenceStore: new DynamoDBPersistenceLayer({ tableName: 'idempotency' }) },
 *   ),
 * );
 * ```
 */
export const makeDurableBatchIdempotent = <TRecord, TResult>(
  recordHandler: DurableRecordHandler<TRecord, TResult>,
  options: DurableIdempotencyOptions,
): ((
  event: DurableBatchEvent<TRecord>,
  context: DurableContext,
) => Promise<DurableBatchResponse>) => {
  if (typeof recordHandler !== 'function') {
    optionChecks(UTILITY).reject(
      'recordHandler',
      recordHandler,
      'a function (record, context) => result',
    );
  }
  const claims = recordClaims(options, UTILITY);

  return async (event, context) => {
    const durableContext = assertDurableContext(context, UTILITY, event);
    const records = event.Records;
    if (!Array.isArray(records)) {
      throw new TypeError(
        `${UTILITY} expects a batch event with a Records array (SQS, Kinesis, DynamoDB Streams); ` +
          'use durableIdempotency() for other events.',
      );
    }
    const identifiers = records.map(itemIdentifierOf);
    const invocation = describeInvocation(durableContext);
    const claimUntil = invocation.executionStartedAt + claims.options.claimDurationMs;
    let liveClaimError: unknown;
    const claimed = claims.options.enabled
      ? await durableContext.step(
          'idempotency: claim records',
          async () => {
            const result = await claimRecords(claims, records, invocation.executionArn, claimUntil);
            if (!('failed' in result)) return result;
            liveClaimError = result.error;
            return { failed: result.failed };
          },
          { retryStrategy: () => ({ shouldRetry: false }) },
        )
      : { verdicts: records.map(() => ({ status: 'unkeyed' as const })) };
    if ('failed' in claimed) {
      throw new DurableIdempotencyClaimError(
        `${UTILITY} could not claim the batch's records (claim): ${claimed.failed}. No record ran ` +
          'and the claims this batch held were released where the store allowed; the batch fails ' +
          'so that the event source delivers every record again.',
        { cause: liveClaimError ?? new Error(claimed.failed) },
      );
    }
    const { verdicts } = claimed;
    const outcomes: Array<RecordOutcome | undefined> = [];
    for (const [index, record] of records.entries()) {
      const status = verdicts[index]?.status;
      if (status !== 'claimed' && status !== 'unkeyed') continue;
      try {
        const result = await durableContext.runInChildContext(
          `record ${identifiers[index]}`,
          (child) => recordHandler(record, child),
        );
        outcomes[index] = { ok: true, result };
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    }
    // Only the invocation that completes the batch gets here.
    await finishRecords(claims, durableContext, {
      records,
      identifiers,
      verdicts,
      outcomes,
      claimUntil,
    });
    return {
      batchItemFailures: identifiers
        .filter((_, index) => isRecordFailed(verdicts, outcomes, index))
        .map((itemIdentifier) => ({ itemIdentifier })),
    };
  };
};
