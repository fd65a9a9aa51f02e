import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { assertDurableContext, describeInvocation } from '@durable-powertools/commons';
import { type DurableIdempotencyOptions, optionChecks } from '../options.js';
import type { RunOutcome } from '../persistence/claimStore.js';
import type { StoreValue } from '../powertoolsInternals.js';
import {
  claimRecords,
  isRecordFailed,
  itemIdentifierOf,
  type RecordClaim,
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
 * batch response. The first invocation claims every record's key in one checkpointed step (the
 * claims of `durableRecordIdempotency`); duplicates in the batch share the first one's outcome;
 * records another execution completed are skipped, those it holds (or whose payload differs) are
 * reported failed; the others run one after another, each in its own durable child context. When
 * the batch ends each result is stored, or the claim of a failed record released, in checkpointed
 * steps with retries; a write that fails past them fails the whole batch with a typed error.
 *
 * @deprecated Use `processDurablePartialResponse` of `@durable-powertools/batch` (Powertools'
 * processors, parallel records) with `idempotency: durableRecordIdempotency(options)`:
 * ```ts
 * // before
 * export const handler = withDurableExecution(makeDurableBatchIdempotent(recordHandler, { persistenceStore }));
 * // after
 * const idempotency = durableRecordIdempotency({ persistenceStore });
 * export const handler = withDurableExecution(async (event: SQSEvent, context) =>
 *   processDurablePartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
 *     context,
 *     idempotency,
 *   }),
 * );
 * ```
 * Records then run in parallel unless `processInParallel: false`, and their results are not stored.
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
    const { executionArn, executionStartedAt } = describeInvocation(durableContext);
    const claimUntil = executionStartedAt + claims.options.claimDurationMs;
    const verdicts: RecordClaim[] = claims.options.enabled
      ? await claimRecords(claims, durableContext, records, executionArn, claimUntil)
      : records.map(() => ({ status: 'unkeyed' }));
    const outcomes: Array<RunOutcome | undefined> = [];
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
    // Only the invocation that completes the batch gets here: end the claims this batch took.
    const ended = records.flatMap((data, index) => {
      const outcome = outcomes[index];
      const claimed = verdicts[index]?.status === 'claimed' && outcome !== undefined;
      return claimed ? [{ data: data as StoreValue, outcome, label: identifiers[index] }] : [];
    });
    await claims.finish(durableContext, ended, claimUntil);
    return {
      batchItemFailures: identifiers
        .filter((_, index) => isRecordFailed(verdicts, outcomes, index))
        .map((itemIdentifier) => ({ itemIdentifier })),
    };
  };
};
