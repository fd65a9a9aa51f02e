/**
 * Default key of a whole event: the message ids of an SQS batch, the event ids of a Kinesis or
 * DynamoDB Streams batch, and the whole event for anything else (a direct invoke), as Powertools
 * hashes it by default. JMESPath `||` falls through on an empty projection, so one expression serves
 * every source and the persistence store is configured once.
 *
 * @example
 * ```ts
 * // what durableIdempotency() uses when config.eventKeyJmesPath is empty
 * new IdempotencyConfig({ eventKeyJmesPath: DEFAULT_EVENT_KEY_JMESPATH });
 * ```
 */
export const DEFAULT_EVENT_KEY_JMESPATH = 'Records[*].messageId || Records[*].eventID || @';

/**
 * Default key of one record of a batch: its SQS `messageId`, its Kinesis or DynamoDB Streams
 * `eventID`, or the whole record.
 *
 * @example
 * ```ts
 * search(DEFAULT_RECORD_KEY_JMESPATH, sqsRecord); // the record's messageId
 * ```
 */
export const DEFAULT_RECORD_KEY_JMESPATH = 'messageId || eventID || @';

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

/** Suffix of the key prefix under which the owner of a claim is recorded. */
export const OWNER_KEY_PREFIX_SUFFIX = '#owner';

/** Times a claim is retried when the record changes under it (Powertools' `MAX_RETRIES`). */
export const MAX_CLAIM_RETRIES = 2;
