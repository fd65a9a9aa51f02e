import type { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';

/**
 * Options of {@link durableIdempotency} and {@link makeDurableIdempotent}.
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
   * (SQS `messageId`s, Kinesis and DynamoDB Streams `eventID`s, else the whole event);
   * `payloadValidationJmesPath`, `expiresAfterSeconds`, `hashFunction`, `useLocalCache`,
   * `throwOnNoIdempotencyKey` and `responseHook` behave as in Powertools.
   */
  config?: IdempotencyConfig;
  /** Prefix of the idempotency keys (default: the function name, as in Powertools). */
  keyPrefix?: string;
  /**
   * How long an execution can run, in seconds: its in-progress claim lasts this long from the start
   * of the execution, however long each invocation is. Default 900, the synchronous limit that event
   * source mappings impose. Must not exceed `config.expiresAfterSeconds`.
   */
  executionTimeoutSeconds?: number;
}
