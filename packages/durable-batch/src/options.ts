import type { DurableContext } from '@aws/durable-execution-sdk-js';
import type {
  BasePartialBatchProcessor,
  SqsFifoPartialProcessor,
  SqsFifoPartialProcessorAsync,
} from '@aws-lambda-powertools/batch';
import type { BaseRecord } from '@aws-lambda-powertools/batch/types';
import { OptionChecks } from '@durable-powertools/commons';
import { DurableBatchOptionError } from './errors.js';

/**
 * A claim store for per-record idempotency, in four calls; any store fits (a Powertools persistence
 * layer behind a few lines, DynamoDB, Redis). Each call runs in a checkpointed step of the record's
 * child context, so replays never repeat it.
 *
 * @example
 * ```ts
 * const idempotency: DurableBatchIdempotency<SQSRecord> = {
 *   keyOf: (record) => JSON.parse(record.body).orderId,
 *   claim: async (key, _record, executionArn) =>
 *     (await table.putIfAbsent(key, executionArn)) ? 'claimed' : 'completed',
 *   complete: async (key) => table.markDone(key),
 *   release: async (key) => table.delete(key),
 * };
 * ```
 */
export interface DurableBatchIdempotency<TRecord = BaseRecord> {
  /** The record's key; records with the same key in one batch run once. `undefined`: no claim. */
  keyOf(record: TRecord): string | undefined;
  /**
   * Claims `key` for this execution: `'claimed'` runs the record, `'completed'` skips it (an earlier
   * delivery ran it; reported as processed). Throw to reject the record (reported in
   * `batchItemFailures`, not run), e.g. while another execution holds the key. `executionArn`
   * names the claimant: a claim this execution already holds (its checkpoint was lost) is its own.
   */
  claim(key: string, record: TRecord, executionArn: string): Promise<'claimed' | 'completed'>;
  /** Marks `key` done after its record succeeded. The claim is never released after that. */
  complete(key: string, record: TRecord): Promise<void>;
  /** Releases the claim of a record that failed, so that its redelivery runs it again. */
  release(key: string, record: TRecord): Promise<void>;
}

/**
 * Options of {@link processDurablePartialResponse}: Powertools' own `BatchProcessingOptions` (the
 * same names, defaults and per-processor typing) with the durable context in `context`.
 *
 * @example
 * ```ts
 * await processDurablePartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
 *   context,
 *   processInParallel: false,
 * });
 * ```
 */
export interface DurableBatchProcessingOptions<
  P = BasePartialBatchProcessor,
  TRecord = BaseRecord,
> {
  /** The handler's durable context: each record runs in a child context of it. Required. */
  context: DurableContext;
  /**
   * Runs the records' child contexts concurrently (`true`) or one after the other, in batch order.
   * Not for the FIFO processors, which always run in order.
   *
   * @default true
   */
  processInParallel?: P extends SqsFifoPartialProcessor | SqsFifoPartialProcessorAsync
    ? never
    : boolean;
  /**
   * Throws Powertools' `FullBatchFailureError` when every record failed (the event source then
   * retries the whole batch); `false` returns every record in `batchItemFailures` instead.
   *
   * @default true
   */
  throwOnFullBatchFailure?: boolean;
  /**
   * FIFO processors only: after a record fails, skip the later records of its message group only
   * (reported failed) and go on with the other groups, instead of stopping the whole batch.
   *
   * @default false
   */
  skipGroupOnError?: P extends SqsFifoPartialProcessor | SqsFifoPartialProcessorAsync
    ? boolean
    : never;
  /**
   * Per-record idempotency: claims each record's key before it runs, marks it complete after, and
   * runs records with the same key in one batch once (they share the first one's outcome).
   *
   * @default undefined (no idempotency)
   */
  idempotency?: DurableBatchIdempotency<TRecord>;
}

/** What the processor is, by its Powertools class (names, so two installed copies still match). */
export type ProcessorKind = 'async' | 'fifoAsync' | 'fifoSync';

const KNOWN_OPTIONS = [
  'context',
  'processInParallel',
  'throwOnFullBatchFailure',
  'skipGroupOnError',
  'idempotency',
] as const;

const classNames = (value: object): string[] => {
  const names: string[] = [];
  for (let proto = Object.getPrototypeOf(value); proto !== null && proto !== Object.prototype; ) {
    names.push(String((proto as { constructor?: { name?: unknown } }).constructor?.name));
    proto = Object.getPrototypeOf(proto);
  }
  return names;
};

/**
 * Checks the arguments of `utility` and says which kind of processor it was given.
 *
 * @throws DurableBatchOptionError - naming the bad argument or option and the fix
 */
export const checkArguments = (
  utility: string,
  recordHandler: unknown,
  processor: unknown,
  input: unknown,
): ProcessorKind => {
  const check = new OptionChecks(utility, (details) => new DurableBatchOptionError(details));
  const options = check.object(input, 'an options object such as { context }');
  check.knownKeys(options, KNOWN_OPTIONS);
  if (typeof recordHandler !== 'function') {
    check.reject('recordHandler', recordHandler, 'a function (record, context) => result');
  }
  check.instance(
    { processor },
    'processor',
    'a Powertools batch processor (BatchProcessor, SqsFifoPartialProcessor)',
    ['register', 'process', 'response'],
    "Pass new BatchProcessor(EventType.SQS) from '@aws-lambda-powertools/batch'.",
  );
  check.boolean(options, 'processInParallel');
  check.boolean(options, 'throwOnFullBatchFailure');
  check.boolean(options, 'skipGroupOnError');
  check.instance(
    options,
    'idempotency',
    'a claim store { keyOf, claim, complete, release }',
    ['keyOf', 'claim', 'complete', 'release'],
    'See DurableBatchIdempotency.',
    true,
  );
  const names = classNames(processor as object);
  const fifo = names.includes('SqsFifoPartialProcessor')
    ? 'fifoSync'
    : names.includes('SqsFifoPartialProcessorAsync')
      ? 'fifoAsync'
      : undefined;
  if (fifo === undefined && names.includes('BatchProcessorSync')) {
    check.reject(
      'processor',
      processor,
      'an asynchronous processor',
      'Each record runs in a durable child context, which is asynchronous: use new BatchProcessor(eventType).',
    );
  }
  if (fifo !== undefined && options.processInParallel !== undefined) {
    check.reject(
      'processInParallel',
      options.processInParallel,
      'left out with a FIFO processor',
      'FIFO processors run records in order; use skipGroupOnError to go on after a failure.',
    );
  }
  if (fifo === undefined && options.skipGroupOnError !== undefined) {
    check.reject(
      'skipGroupOnError',
      options.skipGroupOnError,
      'left out unless the processor is SqsFifoPartialProcessor(Async)',
      'Use new SqsFifoPartialProcessor() for a FIFO queue.',
    );
  }
  return fifo ?? 'async';
};
