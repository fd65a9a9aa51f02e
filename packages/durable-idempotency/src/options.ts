import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { OptionChecks } from '@durable-powertools/commons';
import { DurableIdempotencyOptionError } from './errors.js';

/**
 * Options of {@link durableIdempotency}, {@link durableIdempotent}, {@link withDurableIdempotency}
 * and {@link makeDurableBatchIdempotent}: the same in every form.
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
   * Powertools' `DynamoDBPersistenceLayer` or `CachePersistenceLayer`, as in `makeIdempotent`. Give
   * each utility its own instance: Powertools configures a store once, with the first configuration.
   */
  persistenceStore: BasePersistenceLayer;
  /**
   * Powertools' idempotency configuration: `eventKeyJmesPath`, `payloadValidationJmesPath`,
   * `expiresAfterSeconds`, `hashFunction`, `useLocalCache`, `throwOnNoIdempotencyKey` and
   * `responseHook` behave as in Powertools. Without `eventKeyJmesPath` an SQS, Kinesis or DynamoDB
   * Streams batch is keyed by its message ids / event ids ({@link DEFAULT_EVENT_KEY_JMESPATH}), any
   * other event by the whole event, as Powertools does.
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
 * Default key of a whole event: the message ids of an SQS batch, the event ids of a Kinesis or
 * DynamoDB Streams batch (a redelivery carries a new `receiptHandle`, `ApproximateReceiveCount` or
 * arrival time, so a whole-event hash would never match), and the whole event for any other shape,
 * as Powertools does (with a one-time warning naming `eventKeyJmesPath`). JMESPath `||` falls
 * through on an empty projection, so one expression serves every source.
 */
export const DEFAULT_EVENT_KEY_JMESPATH = 'Records[*].messageId || Records[*].eventID || @';

/** Default key of one record of a batch: its SQS `messageId`, its Kinesis or DynamoDB Streams `eventID`. */
export const DEFAULT_RECORD_KEY_JMESPATH = 'messageId || eventID';

/** Default `executionTimeoutSeconds`: the 15 minutes an execution started by a mapping has. */
export const DEFAULT_EXECUTION_TIMEOUT_SECONDS = 900;

/** Default `storeWriteAttempts`. */
export const DEFAULT_STORE_WRITE_ATTEMPTS = 3;

/** Default `maxStoredResultBytes` (DynamoDB items are limited to 400 KB, names and key included). */
export const DEFAULT_MAX_STORED_RESULT_BYTES = 350_000;

const OPTION_NAMES: readonly string[] = [
  'persistenceStore',
  'config',
  'keyPrefix',
  'executionTimeoutSeconds',
  'storeWriteAttempts',
  'maxStoredResultBytes',
];

/** Options of Powertools' `IdempotencyConfig`, a frequent mistake at the top level. */
const CONFIG_NAMES = [
  'eventKeyJmesPath',
  'payloadValidationJmesPath',
  'throwOnNoIdempotencyKey',
  'expiresAfterSeconds',
  'useLocalCache',
  'maxLocalCacheSize',
  'hashFunction',
  'responseHook',
  'jmesPathOptions',
  'lambdaContext',
];

/** Public methods every Powertools persistence layer has. */
const STORE_METHODS = ['configure', 'getRecord', 'saveSuccess', 'deleteRecord'];

/** The option checker of `utility`, failing with {@link DurableIdempotencyOptionError}. */
export const optionChecks = (utility: string): OptionChecks =>
  new OptionChecks(utility, (details) => new DurableIdempotencyOptionError(details));

const positiveInteger = (check: OptionChecks, option: string, value: unknown, fallback: number) => {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || (resolved as number) < 1) {
    check.reject(option, value, 'a positive integer or left out');
  }
  return resolved as number;
};

/**
 * Checks the options a utility was given, unknown names first (`names`: the ones it takes), and
 * applies their defaults. Every mistake throws {@link DurableIdempotencyOptionError} naming the
 * option and the fix.
 */
export const resolveOptions = (
  input: unknown,
  utility: string,
  defaultKeyJmesPath: string,
  names = OPTION_NAMES,
) => {
  const check = optionChecks(utility);
  const options = check.object(input, 'an options object such as { persistenceStore }');
  check.knownKeys(options, names, '', (name) =>
    CONFIG_NAMES.includes(name)
      ? `It is an IdempotencyConfig option: it belongs in config: new IdempotencyConfig({ ${name} }).`
      : OPTION_NAMES.includes(name)
        ? `It does not apply to ${utility}: remove it.`
        : undefined,
  );
  check.instance(
    options,
    'persistenceStore',
    'a Powertools persistence layer',
    STORE_METHODS,
    "Use new DynamoDBPersistenceLayer(...) from '@aws-lambda-powertools/idempotency/dynamodb' or " +
      "new CachePersistenceLayer(...) from '@aws-lambda-powertools/idempotency/cache'.",
  );
  const given = options.config as IdempotencyConfig | undefined;
  if (given !== undefined && !(given instanceof IdempotencyConfig)) {
    check.reject(
      'config',
      given,
      "new IdempotencyConfig({...}) from '@aws-lambda-powertools/idempotency'",
    );
  }
  if (options.keyPrefix !== undefined && typeof options.keyPrefix !== 'string') {
    check.reject('keyPrefix', options.keyPrefix, 'a string or left out');
  }
  const config = given ?? new IdempotencyConfig({});
  const storeConfig = storeConfigOf(config, defaultKeyJmesPath);
  const seconds = (options.executionTimeoutSeconds ?? DEFAULT_EXECUTION_TIMEOUT_SECONDS) as number;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    check.reject('executionTimeoutSeconds', seconds, 'a positive number of seconds');
  }
  if (seconds > storeConfig.expiresAfterSeconds) {
    check.reject(
      'executionTimeoutSeconds',
      seconds,
      `at most the record expiry, config.expiresAfterSeconds (${storeConfig.expiresAfterSeconds})`,
      'The record would expire while the execution still runs: raise expiresAfterSeconds in the ' +
        'IdempotencyConfig or lower executionTimeoutSeconds.',
    );
  }
  return {
    persistenceStore: options.persistenceStore as BasePersistenceLayer,
    storeConfig, // what the store is given (see storeConfigOf)
    enabled: config.isEnabled(),
    throwOnNoIdempotencyKey: config.throwOnNoIdempotencyKey,
    defaultKey: !config.eventKeyJmesPath, // the source-aware default key applies
    keyPrefix: options.keyPrefix as string | undefined,
    claimDurationMs: seconds * 1000,
    storeWriteAttempts: positiveInteger(
      check,
      'storeWriteAttempts',
      options.storeWriteAttempts,
      DEFAULT_STORE_WRITE_ATTEMPTS,
    ),
    maxStoredResultBytes: positiveInteger(
      check,
      'maxStoredResultBytes',
      options.maxStoredResultBytes,
      DEFAULT_MAX_STORED_RESULT_BYTES,
    ),
    utility, // for messages: `durableIdempotency()`
  };
};

/** The options, checked, with their defaults applied. */
export type ResolvedOptions = ReturnType<typeof resolveOptions>;

/**
 * The configuration the persistence store is given: the caller's, with the source-aware default key
 * and `throwOnNoIdempotencyKey` on, so that a missing key surfaces as Powertools' `IdempotencyKeyError`
 * and this package, not the store, decides what it means (and warns in Powertools' words).
 */
const storeConfigOf = (config: IdempotencyConfig, defaultKeyJmesPath: string): IdempotencyConfig =>
  new IdempotencyConfig({
    eventKeyJmesPath: config.eventKeyJmesPath || defaultKeyJmesPath,
    payloadValidationJmesPath: config.payloadValidationJmesPath,
    jmesPathOptions: config.jmesPathOptions.customFunctions,
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: config.expiresAfterSeconds,
    useLocalCache: config.useLocalCache,
    maxLocalCacheSize: config.maxLocalCacheSize,
    hashFunction: config.hashFunction,
    responseHook: config.responseHook,
  });
