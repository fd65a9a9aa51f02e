import type { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';

/**
 * Options of {@link durableIdempotency}, {@link makeDurableIdempotent} and
 * {@link makeDurableBatchIdempotent}.
 *
 * @example
 * ```ts
 * import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
 * import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
 *
 * const options: DurableIdempotencyOptions = {
 *   persistenceStore: new DynamoDBPersistenceLayer({ tableName: 'idempotency' }),
 *   config: new IdempotencyConfig({ payloadValidationJmesPath: 'Records[*].body' }),
 *   executionTimeoutSeconds: 900,
 * };
 * ```
 */
export interface DurableIdempotencyOptions {
  /**
   * Powertools' `DynamoDBPersistenceLayer` or `CachePersistenceLayer`. Give each utility its own
   * instance: Powertools configures a store once, with the first configuration it is given.
   */
  persistenceStore: BasePersistenceLayer;
  /**
   * Powertools' idempotency configuration. `eventKeyJmesPath` defaults to the source's own ids
   * (SQS `messageId`s, Kinesis and DynamoDB Streams `eventID`s);
   * `payloadValidationJmesPath`, `expiresAfterSeconds`, `hashFunction`, `useLocalCache`,
   * `throwOnNoIdempotencyKey` and `responseHook` behave as in Powertools.
   *
   * @default new IdempotencyConfig({})
   */
  config?: IdempotencyConfig;
  /**
   * Prefix of the idempotency keys.
   *
   * @default the function name, as in Powertools
   */
  keyPrefix?: string;
  /**
   * How long an execution can run, in seconds: its in-progress claim lasts this long from the start
   * of the execution, however long each invocation is. Must not exceed `config.expiresAfterSeconds`.
   *
   * @default 900 (the synchronous limit that event source mappings impose)
   */
  executionTimeoutSeconds?: number;
  /**
   * Attempts of the completion write (the result) and of the release write (a failed workflow's
   * claim), each made in a checkpointed step: a failed attempt waits 1 s, 2 s, 4 s, ... in a later
   * invocation, and the workflow never runs again for it.
   *
   * @default 3
   */
  storeWriteAttempts?: number;
  /**
   * Largest result (bytes of its JSON form) stored as it is; a larger one is stored in its reduced
   * form, an {@link OmittedResult}, which duplicates receive instead of the result.
   *
   * @default 350000
   */
  maxStoredResultBytes?: number;
}

/**
 * What is stored, and returned to duplicates, in place of a result larger than
 * `maxStoredResultBytes` (or one the store refuses as too large).
 *
 * @example
 * ```ts
 * const omitted: OmittedResult = { durableIdempotency: 'result-omitted', reason: 'too-large', bytes: 512000 };
 * ```
 */
export interface OmittedResult {
  durableIdempotency: 'result-omitted';
  reason: 'too-large';
  /** Size of the result's JSON form, in bytes. */
  bytes: number;
}
