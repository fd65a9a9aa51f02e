/**
 * Default key of a whole event: the message ids of an SQS batch, the event ids of a Kinesis or
 * DynamoDB Streams batch. Never the whole event: a redelivery carries a new `receiptHandle`,
 * `ApproximateReceiveCount` or arrival time, so a whole-event hash would never match. An event of
 * another shape finds no key: it runs without idempotency, with a warning naming `eventKeyJmesPath`.
 * JMESPath `||` falls through on an empty projection, so one expression serves every source.
 *
 * @example
 * ```ts
 * // what durableIdempotency() uses when config.eventKeyJmesPath is empty
 * new IdempotencyConfig({ eventKeyJmesPath: DEFAULT_EVENT_KEY_JMESPATH });
 * ```
 */
export const DEFAULT_EVENT_KEY_JMESPATH = 'Records[*].messageId || Records[*].eventID';

/**
 * Default key of one record of a batch: its SQS `messageId`, its Kinesis or DynamoDB Streams
 * `eventID`; never the whole record, whose delivery fields change on every redelivery.
 *
 * @example
 * ```ts
 * search(DEFAULT_RECORD_KEY_JMESPATH, sqsRecord); // the record's messageId
 * ```
 */
export const DEFAULT_RECORD_KEY_JMESPATH = 'messageId || eventID';

/**
 * How long, by default, the in-progress claim of an execution lasts: the 15 minutes within which an
 * execution started by an event source mapping must finish, because mappings invoke synchronously.
 *
 * @example
 * ```ts
 * durableIdempotency({ persistenceStore, executionTimeoutSeconds: 2 * DEFAULT_EXECUTION_TIMEOUT_SECONDS });
 * ```
 */
export const DEFAULT_EXECUTION_TIMEOUT_SECONDS = 900;

/**
 * How many times, by default, the completion and release writes are attempted, each in a
 * checkpointed step: 1 s, then 2 s, 4 s, ... between attempts (each wait ends the invocation).
 *
 * @example
 * ```ts
 * durableIdempotency({ persistenceStore, storeWriteAttempts: 5 });
 * ```
 */
export const DEFAULT_STORE_WRITE_ATTEMPTS = 3;

/**
 * Largest result, in bytes of its JSON form, stored as it is (DynamoDB items are limited to 400 KB,
 * attribute names and key included). A larger result is stored in its reduced form
 * ({@link OmittedResult}).
 *
 * @example
 * ```ts
 * durableIdempotency({ persistenceStore, maxStoredResultBytes: 100_000 });
 * ```
 */
export const DEFAULT_MAX_STORED_RESULT_BYTES = 350_000;

/** Times a claim write is attempted in the invocation before the claim fails (store errors). */
export const CLAIM_ATTEMPTS = 3;

/** Milliseconds before the second claim attempt; doubled for each later one. */
export const CLAIM_RETRY_DELAY_MS = 200;
