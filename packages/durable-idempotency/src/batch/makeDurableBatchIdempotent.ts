import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import {
  assertDurableContext,
  describeInvocation,
  getExecutionStartTime,
} from '@durable-powertools/commons';
import { DEFAULT_RECORD_KEY_JMESPATH } from '../constants.js';
import { DurableClaimStore, type StoreValue } from '../persistence/DurableClaimStore.js';
import { claimDurationMsOf, storeConfigOf } from '../persistence/effectiveConfig.js';
import type {
  DurableBatchEvent,
  DurableBatchResponse,
  DurableRecordHandler,
} from '../types/batch.js';
import type { DurableIdempotencyOptions } from '../types/options.js';
import { itemIdentifierOf } from './itemIdentifier.js';

/** What the claim step decided for one record; checkpointed, so replays never ask the store. */
type RecordClaim =
  | { status: 'claimed' | 'completed' | 'unkeyed' }
  | { status: 'rejected'; errorName: string };

/** What processing one record came to. */
type RecordOutcome = { ok: true; result: unknown } | { ok: false };

const CLAIM_STEP = 'idempotency: claim records';

/** Claim errors that concern one record (it goes back to the source); any other fails the batch. */
const RECORD_REJECTIONS: ReadonlySet<string> = new Set([
  'IdempotencyAlreadyInProgressError',
  'IdempotencyValidationError',
]);

/**
 * Makes each record of a batch idempotent inside one durable execution, and answers with the partial
 * batch response so that only failed records return to the source.
 *
 * - The first invocation claims every record's key in one checkpointed step (SQS `messageId`, Kinesis
 *   and DynamoDB Streams `eventID` by default; `config.eventKeyJmesPath` is applied to each record).
 * - Records another execution completed are skipped; records another execution holds, or whose payload
 *   differs (`payloadValidationJmesPath`), are reported in `batchItemFailures` and not processed.
 * - Every other record runs `recordHandler` in its own durable child context, so it may use steps,
 *   waits and callbacks; replay invocations make no persistence call.
 * - When the batch ends, each processed record's result is stored (COMPLETED) or, if it failed, its
 *   claim is released and it is reported in `batchItemFailures`. No record is dropped silently.
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
  const config = options.config ?? new IdempotencyConfig({});
  const storeConfig = storeConfigOf(config, DEFAULT_RECORD_KEY_JMESPATH);
  const enabled = config.isEnabled();
  const claimDurationMs = claimDurationMsOf(
    options.executionTimeoutSeconds,
    storeConfig.expiresAfterSeconds,
  );
  const claims = new DurableClaimStore(
    options.persistenceStore,
    storeConfig,
    config.throwOnNoIdempotencyKey,
    options.keyPrefix,
  );

  /** Claims every record; on an unexpected failure, releases what this attempt claimed. */
  const claimAll = async (
    records: readonly TRecord[],
    executionArn: string,
    claimUntil: number,
  ): Promise<RecordClaim[]> => {
    const settled = await Promise.allSettled(
      records.map((record) => claims.claim(record as StoreValue, executionArn, claimUntil)),
    );
    const verdicts: RecordClaim[] = [];
    let unexpected: unknown;
    for (const result of settled) {
      if (result.status === 'fulfilled') {
        verdicts.push({ status: result.value.status });
        continue;
      }
      const errorName = result.reason instanceof Error ? result.reason.name : '';
      if (!RECORD_REJECTIONS.has(errorName)) unexpected ??= result.reason;
      verdicts.push({ status: 'rejected', errorName });
    }
    if (unexpected === undefined) return verdicts;
    await Promise.allSettled(
      records.map((record, index) =>
        verdicts[index]?.status === 'claimed' ? claims.release(record as StoreValue) : undefined,
      ),
    );
    throw unexpected;
  };

  return async (event, context) => {
    const durableContext = assertDurableContext(context, 'makeDurableBatchIdempotent()', event);
    const records = event.Records;
    if (!Array.isArray(records)) {
      throw new TypeError(
        'makeDurableBatchIdempotent() expects a batch event with a Records array (SQS, Kinesis, ' +
          'DynamoDB Streams); use durableIdempotency() for other events.',
      );
    }
    const identifiers = records.map(itemIdentifierOf);
    const invocation = describeInvocation(durableContext);
    const claimUntil =
      (getExecutionStartTime(durableContext)?.getTime() ?? invocation.startedAt) + claimDurationMs;
    const verdicts: RecordClaim[] = enabled
      ? await durableContext.step(CLAIM_STEP, () =>
          claimAll(records, invocation.executionArn, claimUntil),
        )
      : records.map(() => ({ status: 'unkeyed' }));

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
      } catch {
        outcomes[index] = { ok: false };
      }
    }

    // Only the invocation that completes the batch gets here: record each processed record's end.
    const failed = await Promise.all(
      records.map(async (record, index) => {
        const verdict = verdicts[index];
        const outcome = outcomes[index];
        if (verdict?.status === 'completed') return false;
        if (verdict?.status === 'unkeyed') return !outcome?.ok;
        if (verdict?.status !== 'claimed') return true;
        if (outcome?.ok) {
          // A result that cannot be stored fails the record, as Powertools' makeIdempotent does.
          return claims.complete(record as StoreValue, outcome.result).then(
            () => false,
            () => true,
          );
        }
        // The record fails either way; a claim that cannot be released expires on its own.
        await claims.release(record as StoreValue).catch(() => undefined);
        return true;
      }),
    );
    return {
      batchItemFailures: identifiers
        .filter((_, index) => failed[index])
        .map((itemIdentifier) => ({ itemIdentifier })),
    };
  };
};
