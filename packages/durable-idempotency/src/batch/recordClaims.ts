import type { DurableContext } from '@aws/durable-execution-sdk-js';
import {
  DurableIdempotencyReleaseError,
  DurableIdempotencyResultNotStoredError,
  messageOf,
} from '../errors.js';
import {
  DEFAULT_RECORD_KEY_JMESPATH,
  type DurableIdempotencyOptions,
  type ResolvedOptions,
  resolveOptions,
} from '../options.js';
import { DurableClaimStore, type StoreValue } from '../persistence/claimStore.js';
import { StoreWriteFailure, storeWriteStep } from '../persistence/storeWriteStep.js';

/**
 * The per-record claims of a batch, independent of how its records are processed: claim every
 * record once per key ({@link claimRecords}, in one checkpointed step), then store each processed
 * record's result or release its claim ({@link finishRecords}), and tell which records failed
 * ({@link isRecordFailed}). `makeDurableBatchIdempotent` is built on it.
 */

/** What the claim step decided for one record; checkpointed, so replays never ask the store. */
export type RecordClaim =
  | { status: 'claimed' | 'completed' | 'unkeyed' }
  | { status: 'rejected'; errorName: string }
  /** The same key as the earlier record `of` of this batch: it shares that record's outcome. */
  | { status: 'duplicate'; of: number };

/** What processing one record came to (`undefined`: not processed). */
export type RecordOutcome = { ok: true; result: unknown } | { ok: false; error: unknown };

/** The claims of a batch utility: its options with defaults, and its claim store. */
export interface RecordClaims {
  readonly options: ResolvedOptions;
  readonly store: DurableClaimStore;
}

/** Checks `options` (per-record default key) and configures the store, for `utility`. */
export const recordClaims = (options: DurableIdempotencyOptions, utility: string): RecordClaims => {
  const resolved = resolveOptions(options, utility, DEFAULT_RECORD_KEY_JMESPATH);
  return { options: resolved, store: new DurableClaimStore(resolved) };
};

/** Claim errors that concern one record (it goes back to the source); any other fails the batch. */
const RECORD_REJECTIONS: ReadonlySet<string> = new Set([
  'IdempotencyAlreadyInProgressError',
  'IdempotencyValidationError',
  'IdempotencyKeyError',
]);

const nameOf = (error: unknown): string => (error instanceof Error ? error.name : '');

/**
 * Claims every record once per key, one conditional write per key; a record with the key of an
 * earlier one is its `duplicate`. On a store failure past the claim's attempts, releases what this
 * attempt holds (no record ran) and returns the failure with the live error. Run it in a step.
 */
export const claimRecords = async (
  { store }: RecordClaims,
  records: readonly unknown[],
  executionArn: string,
  claimUntil: number,
): Promise<{ verdicts: RecordClaim[] } | { failed: string; error: unknown }> => {
  const verdicts: RecordClaim[] = [];
  const leaders = new Map<string, number>();
  const pending: Array<Promise<void>> = [];
  let storeError: unknown;
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
  return { failed: messageOf(storeError), error: storeError };
};

/**
 * Records the end of each processed record it claimed, one checkpointed step per write (so a
 * retried write never runs a record again): its result stored, or, if it failed, its claim released.
 *
 * @throws DurableIdempotencyResultNotStoredError - a result was not stored past the retries
 * @throws DurableIdempotencyReleaseError - a claim was not released past the retries
 */
export const finishRecords = async (
  { store, options }: RecordClaims,
  context: DurableContext,
  batch: {
    records: readonly unknown[];
    identifiers: readonly string[];
    verdicts: readonly RecordClaim[];
    outcomes: ReadonlyArray<RecordOutcome | undefined>;
    claimUntil: number;
  },
): Promise<void> => {
  const attempts = options.storeWriteAttempts;
  const notStored: Array<{ identifier: string; cause: unknown }> = [];
  const notReleased: Array<{ identifier: string; cause: unknown; error: unknown }> = [];
  for (const [index, record] of batch.records.entries()) {
    const outcome = batch.outcomes[index];
    const identifier = batch.identifiers[index] ?? String(index);
    if (batch.verdicts[index]?.status !== 'claimed' || outcome === undefined) continue;
    const written = outcome.ok
      ? await storeWriteStep(context, `idempotency: store result ${identifier}`, attempts, () =>
          store.complete(record as StoreValue, outcome.result),
        )
      : await storeWriteStep(context, `idempotency: release claim ${identifier}`, attempts, () =>
          store.release(record as StoreValue).then(() => null),
        );
    if (!(written instanceof StoreWriteFailure)) continue;
    if (outcome.ok) notStored.push({ identifier, cause: written.cause });
    else notReleased.push({ identifier, cause: written.cause, error: outcome.error });
  }
  const expiry = new Date(batch.claimUntil).toISOString();
  const ids = (items: Array<{ identifier: string }>) =>
    items.map((item) => item.identifier).join(', ');
  const [firstNotStored] = notStored;
  if (firstNotStored !== undefined) {
    throw new DurableIdempotencyResultNotStoredError(
      `The results of records ${ids(notStored)} were not stored in the idempotency store ` +
        `(completion, ${attempts} attempts): ${messageOf(firstNotStored.cause)}. Their claims are ` +
        `kept: redeliveries of them are rejected until ${expiry}. The batch fails so that no record is lost.`,
      { cause: firstNotStored.cause },
    );
  }
  const [firstNotReleased] = notReleased;
  if (firstNotReleased !== undefined) {
    throw new DurableIdempotencyReleaseError(
      `Records ${ids(notReleased)} failed (${messageOf(firstNotReleased.error)}) and their claims ` +
        `could not be released (release, ${attempts} attempts): ${messageOf(firstNotReleased.cause)}. ` +
        `Their redeliveries are rejected until ${expiry}. The batch fails so that no record is lost.`,
      firstNotReleased.error,
      { cause: firstNotReleased.cause },
    );
  }
};

/** Whether record `index` goes back to the source (a duplicate shares its leader's outcome). */
export const isRecordFailed = (
  verdicts: readonly RecordClaim[],
  outcomes: ReadonlyArray<RecordOutcome | undefined>,
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
