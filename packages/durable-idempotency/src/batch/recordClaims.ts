import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { DurableIdempotencyClaimError, messageOf } from '../errors.js';
import { DEFAULT_RECORD_KEY_JMESPATH, type DurableIdempotencyOptions } from '../options.js';
import { DurableClaimStore, type RunOutcome } from '../persistence/claimStore.js';
import type { StoreValue } from '../powertoolsInternals.js';

/**
 * The claim store `processDurablePartialResponse` of `@durable-powertools/batch` takes as
 * `idempotency` (its `DurableBatchIdempotency`): each call runs in a checkpointed step.
 */
export interface DurableRecordIdempotency<TRecord = unknown> {
  /** The record's hashed key; `undefined`: no key (Powertools' warning) or idempotency disabled. */
  keyOf(record: TRecord): string | undefined;
  /**
   * `'claimed'` (now, or earlier by this execution), or `'completed'` by an earlier execution.
   * Throws `IdempotencyAlreadyInProgressError` (another execution holds it),
   * `IdempotencyValidationError` (another payload) or `DurableIdempotencyClaimError` (store down).
   */
  claim(key: string, record: TRecord, executionArn: string): Promise<'claimed' | 'completed'>;
  /** Marks the key COMPLETED, with Powertools' expiry (no result is stored). */
  complete(key: string, record: TRecord): Promise<void>;
  /** Releases the claim of a record that failed, so that its redelivery runs. */
  release(key: string, record: TRecord): Promise<void>;
}

/** Options of {@link durableRecordIdempotency}: `processDurablePartialResponse` retries the writes. */
export type DurableRecordIdempotencyOptions = Omit<
  DurableIdempotencyOptions,
  'storeWriteAttempts' | 'maxStoredResultBytes'
>;

/**
 * Per-record idempotency for `processDurablePartialResponse` of `@durable-powertools/batch` on a
 * Powertools persistence store, with the claims of `makeDurableBatchIdempotent`: one conditional
 * write per key (SQS `messageId`, Kinesis / DynamoDB Streams `eventID`, or `config.eventKeyJmesPath`
 * on each record), payload validation, the execution's ARN as owner, a claim lasting
 * `executionTimeoutSeconds` from when it is taken. A record another execution holds is reported in
 * `batchItemFailures` without running.
 *
 * @throws DurableIdempotencyOptionError - at once, for an unknown, missing or wrong option
 *
 * @example
 * ```ts
 * import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
 * import { processDurablePartialResponse } from '@durable-powertools/batch';
 * import { durableRecordIdempotency } from '@durable-powertools/idempotency';
 *
 * const idempotency = durableRecordIdempotency({ persistenceStore }); // a DynamoDBPersistenceLayer
 * const processor = new BatchProcessor(EventType.SQS);
 *
 * export const handler = withDurableExecution(async (event: SQSEvent, context) =>
 *   processDurablePartialResponse(event, recordHandler, processor, { context, idempotency }),
 * );
 * ```
 */
export const durableRecordIdempotency = <TRecord = unknown>(
  options: DurableRecordIdempotencyOptions,
): DurableRecordIdempotency<TRecord> => {
  const names = ['persistenceStore', 'config', 'keyPrefix', 'executionTimeoutSeconds'];
  const claims = recordClaims(options, 'durableRecordIdempotency()', names);
  const data = (record: TRecord) => record as StoreValue;
  return {
    keyOf: (record) => (claims.options.enabled ? claims.keyOf(data(record)) : undefined),
    claim: async (_key, record, executionArn) => {
      const until = Date.now() + claims.options.claimDurationMs;
      const { status } = await claims.claim(data(record), executionArn, until);
      return status === 'completed' ? 'completed' : 'claimed';
    },
    complete: (_key, record) => claims.complete(data(record), null).then(() => undefined),
    release: (_key, record) => claims.release(data(record)),
  };
};

/** The claim store of a batch utility: its options (per-record default key) and store. */
export const recordClaims = (options: unknown, utility: string, names?: readonly string[]) =>
  new DurableClaimStore(options, utility, DEFAULT_RECORD_KEY_JMESPATH, names);

/** What the claim step decided for one record; checkpointed, so replays never ask the store. */
export type RecordClaim =
  | { status: 'claimed' | 'completed' | 'unkeyed' }
  | { status: 'rejected'; errorName: string }
  /** The same key as the earlier record `of` of this batch: it shares that record's outcome. */
  | { status: 'duplicate'; of: number };

/** Claim errors that concern one record (it goes back to the source); any other fails the batch. */
const RECORD_REJECTIONS: ReadonlySet<string> = new Set([
  'IdempotencyAlreadyInProgressError',
  'IdempotencyValidationError',
  'IdempotencyKeyError',
]);

const nameOf = (error: unknown): string => (error instanceof Error ? error.name : '');

/**
 * Claims every record once per key in one checkpointed step, one conditional write per key; a
 * record with the key of an earlier one is its `duplicate`. On a store failure past the claim's
 * attempts, releases what this attempt holds (no record ran) and fails the batch.
 *
 * @throws DurableIdempotencyClaimError - the store failed (the live error as `cause`)
 */
export const claimRecords = async (
  store: DurableClaimStore,
  context: DurableContext,
  records: readonly unknown[],
  executionArn: string,
  claimUntil: number,
): Promise<RecordClaim[]> => {
  let storeError: unknown;
  const claimed = await context.step(
    'idempotency: claim records',
    async () => {
      const verdicts: RecordClaim[] = [];
      const leaders = new Map<string, number>();
      const pending: Array<Promise<void>> = [];
      for (const [index, record] of records.entries()) {
        let key: string | undefined;
        try {
          key = store.keyOf(record as StoreValue);
        } catch (error) {
          verdicts[index] = { status: 'rejected', errorName: nameOf(error) };
          continue;
        }
        const leader = key === undefined ? undefined : leaders.get(key);
        if (key === undefined) {
          verdicts[index] = { status: 'unkeyed' };
        } else if (leader !== undefined) {
          verdicts[index] = { status: 'duplicate', of: leader };
        } else {
          leaders.set(key, index);
          pending.push(
            store.claim(record as StoreValue, executionArn, claimUntil).then(
              (outcome) => {
                verdicts[index] = { status: outcome.status };
              },
              (error: unknown) => {
                verdicts[index] = { status: 'rejected', errorName: nameOf(error) };
                if (!RECORD_REJECTIONS.has(nameOf(error))) storeError ??= error;
              },
            ),
          );
        }
      }
      await Promise.all(pending);
      if (storeError === undefined) return { verdicts };
      await Promise.allSettled(
        records.map((record, index) =>
          verdicts[index]?.status === 'claimed' ? store.release(record as StoreValue) : undefined,
        ),
      );
      return { failed: messageOf(storeError) };
    },
    { retryStrategy: () => ({ shouldRetry: false }) },
  );
  if (!('failed' in claimed)) return claimed.verdicts;
  throw new DurableIdempotencyClaimError(
    `${store.options.utility} could not claim the batch's records (claim): ${claimed.failed}. No ` +
      'record ran and the claims this batch held were released where the store allowed; the batch ' +
      'fails so that the event source delivers every record again.',
    { cause: storeError ?? new Error(claimed.failed) },
  );
};

/** Whether record `index` goes back to the source (a duplicate shares its leader's outcome). */
export const isRecordFailed = (
  verdicts: readonly RecordClaim[],
  outcomes: ReadonlyArray<RunOutcome | undefined>,
  index: number,
): boolean => {
  const verdict = verdicts[index];
  if (verdict?.status === 'duplicate') return isRecordFailed(verdicts, outcomes, verdict.of);
  if (verdict?.status === 'completed') return false;
  if (verdict?.status === 'claimed' || verdict?.status === 'unkeyed') {
    return outcomes[index]?.ok !== true;
  }
  return true;
};

const stringAt = (value: unknown, key: string): string | undefined => {
  const field = (value as Record<string, unknown> | null | undefined)?.[key];
  return typeof field === 'string' ? field : undefined;
};

/**
 * The identifier Lambda expects in `batchItemFailures` for `record`: the SQS `messageId`, the Kinesis
 * `kinesis.sequenceNumber` or the DynamoDB Streams `dynamodb.SequenceNumber`.
 *
 * @throws TypeError - the record comes from none of those sources
 */
export const itemIdentifierOf = (record: unknown, index: number): string => {
  const fields = record as { kinesis?: unknown; dynamodb?: unknown } | null | undefined;
  const identifier =
    stringAt(record, 'messageId') ??
    stringAt(fields?.kinesis, 'sequenceNumber') ??
    stringAt(fields?.dynamodb, 'SequenceNumber');
  if (identifier !== undefined) return identifier;
  throw new TypeError(
    `Record ${index} of the batch has no SQS messageId, Kinesis kinesis.sequenceNumber or DynamoDB ` +
      'Streams dynamodb.SequenceNumber, so it cannot be reported in batchItemFailures. Use ' +
      'makeDurableBatchIdempotent() with SQS, Kinesis or DynamoDB Streams events, and ' +
      'durableIdempotency() for other events.',
  );
};
