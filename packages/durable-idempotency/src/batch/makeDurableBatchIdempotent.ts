import type { DurableContext } from '@aws/durable-execution-sdk-js';
import {
  assertDurableContext,
  describeInvocation,
  getExecutionStartTime,
} from '@durable-powertools/commons';
import { DEFAULT_RECORD_KEY_JMESPATH } from '../constants.js';
import {
  DurableIdempotencyClaimError,
  DurableIdempotencyConfigurationError,
  DurableIdempotencyReleaseError,
  DurableIdempotencyResultNotStoredError,
  messageOf,
} from '../errors.js';
import { DurableClaimStore, type StoreValue } from '../persistence/DurableClaimStore.js';
import { resolveOptions } from '../persistence/effectiveConfig.js';
import { StoreWriteFailure, storeWriteStep } from '../persistence/storeWriteStep.js';
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
  | { status: 'rejected'; errorName: string }
  /** The same key as the earlier record `of` of this batch: it shares that record's outcome. */
  | { status: 'duplicate'; of: number };

/** What the claim step returns: every record's verdict, or why the claims failed. */
type ClaimStepResult = { verdicts: RecordClaim[] } | { failed: string };

/** What processing one record came to. */
type RecordOutcome = { ok: true; result: unknown } | { ok: false; error: unknown };

const UTILITY = 'makeDurableBatchIdempotent()';
const CLAIM_STEP = 'idempotency: claim records';

/** Claim errors that concern one record (it goes back to the source); any other fails the batch. */
const RECORD_REJECTIONS: ReadonlySet<string> = new Set([
  'IdempotencyAlreadyInProgressError',
  'IdempotencyValidationError',
  'IdempotencyKeyError',
]);

const nameOf = (error: unknown): string => (error instanceof Error ? error.name : '');

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
    throw new DurableIdempotencyConfigurationError(
      'recordHandler',
      `recordHandler of ${UTILITY} must be a function (record, context) => result; got ` +
        `${typeof recordHandler}.`,
    );
  }
  const resolved = resolveOptions(options, UTILITY, DEFAULT_RECORD_KEY_JMESPATH);
  const claims = new DurableClaimStore(resolved.persistenceStore, resolved.storeConfig, {
    ...resolved,
    utility: UTILITY,
  });
  const attempts = resolved.storeWriteAttempts;

  /**
   * Claims every record once per key. On a store failure past the claim's attempts, releases what
   * this attempt holds (no record ran) and reports the failure; `onStoreError` keeps the live error.
   */
  const claimAll = async (
    records: readonly TRecord[],
    executionArn: string,
    claimUntil: number,
    onStoreError: (error: unknown) => void,
  ): Promise<ClaimStepResult> => {
    const verdicts: RecordClaim[] = [];
    const leaders = new Map<string, number>();
    const pending: Array<Promise<void>> = [];
    let storeError: unknown;
    for (const [index, record] of records.entries()) {
      let key: string | undefined;
      try {
        key = claims.keyOf(record as StoreValue);
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
          claims.claim(record as StoreValue, executionArn, claimUntil).then(
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
    onStoreError(storeError);
    await Promise.allSettled(
      records.map((record, index) =>
        verdicts[index]?.status === 'claimed' ? claims.release(record as StoreValue) : undefined,
      ),
    );
    return { failed: messageOf(storeError) };
  };

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
    const claimUntil =
      (getExecutionStartTime(durableContext)?.getTime() ?? invocation.startedAt) +
      resolved.claimDurationMs;
    let liveClaimError: unknown;
    const claimed: ClaimStepResult = resolved.enabled
      ? await durableContext.step(
          CLAIM_STEP,
          () =>
            claimAll(records, invocation.executionArn, claimUntil, (error) => {
              liveClaimError = error;
            }),
          { retryStrategy: () => ({ shouldRetry: false }) },
        )
      : { verdicts: records.map(() => ({ status: 'unkeyed' })) };
    if ('failed' in claimed) {
      throw new DurableIdempotencyClaimError(
        `${UTILITY} could not claim the batch's records (claim): ${claimed.failed}. No record ran ` +
          'and the claims this batch held were released where the store allowed; the batch fails ' +
          'so that the event source delivers every record again.',
        { cause: liveClaimError ?? new Error(claimed.failed) },
      );
    }
    const verdicts = claimed.verdicts;

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

    // Only the invocation that completes the batch gets here: record each processed record's end,
    // one checkpointed step per write, so a retried write never runs a record again.
    const notStored: Array<{ identifier: string; cause: unknown }> = [];
    const notReleased: Array<{ identifier: string; cause: unknown; error: unknown }> = [];
    for (const [index, record] of records.entries()) {
      const outcome = outcomes[index];
      const identifier = identifiers[index] ?? String(index);
      if (verdicts[index]?.status !== 'claimed' || outcome === undefined) continue;
      if (outcome.ok) {
        const stored = await storeWriteStep(
          durableContext,
          `idempotency: store result ${identifier}`,
          attempts,
          () => claims.complete(record as StoreValue, outcome.result),
        );
        if (stored instanceof StoreWriteFailure)
          notStored.push({ identifier, cause: stored.cause });
        continue;
      }
      const released = await storeWriteStep(
        durableContext,
        `idempotency: release claim ${identifier}`,
        attempts,
        async () => {
          await claims.release(record as StoreValue);
          return null;
        },
      );
      if (released instanceof StoreWriteFailure) {
        notReleased.push({ identifier, cause: released.cause, error: outcome.error });
      }
    }
    const expiry = new Date(claimUntil).toISOString();
    const [firstNotStored] = notStored;
    if (firstNotStored !== undefined) {
      throw new DurableIdempotencyResultNotStoredError(
        `The results of records ${notStored.map((item) => item.identifier).join(', ')} were not ` +
          `stored in the idempotency store (completion, ${attempts} attempts): ` +
          `${messageOf(firstNotStored.cause)}. Their claims are kept: redeliveries of them are ` +
          `rejected until ${expiry}. The batch fails so that no record is lost.`,
        { cause: firstNotStored.cause },
      );
    }
    const [firstNotReleased] = notReleased;
    if (firstNotReleased !== undefined) {
      throw new DurableIdempotencyReleaseError(
        `Records ${notReleased.map((item) => item.identifier).join(', ')} failed ` +
          `(${messageOf(firstNotReleased.error)}) and their claims could not be released ` +
          `(release, ${attempts} attempts): ${messageOf(firstNotReleased.cause)}. Their ` +
          `redeliveries are rejected until ${expiry}. The batch fails so that no record is lost.`,
        firstNotReleased.error,
        { cause: firstNotReleased.cause },
      );
    }

    const failed = (index: number): boolean => {
      const verdict = verdicts[index];
      if (verdict?.status === 'duplicate') return failed(verdict.of);
      if (verdict?.status === 'completed') return false;
      if (verdict?.status === 'claimed' || verdict?.status === 'unkeyed') {
        return outcomes[index]?.ok !== true;
      }
      return true;
    };
    return {
      batchItemFailures: identifiers
        .filter((_, index) => failed(index))
        .map((itemIdentifier) => ({ itemIdentifier })),
    };
  };
};
