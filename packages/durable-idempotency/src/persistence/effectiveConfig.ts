import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import {
  DEFAULT_EXECUTION_TIMEOUT_SECONDS,
  DEFAULT_MAX_STORED_RESULT_BYTES,
  DEFAULT_STORE_WRITE_ATTEMPTS,
} from '../constants.js';
import { DurableIdempotencyConfigurationError } from '../errors.js';
import type { DurableIdempotencyOptions } from '../types/options.js';

/** The options of a utility, checked, with their defaults applied. */
export interface ResolvedOptions {
  persistenceStore: BasePersistenceLayer;
  /** The configuration the store is given (see {@link storeConfigOf}). */
  storeConfig: IdempotencyConfig;
  enabled: boolean;
  throwOnNoIdempotencyKey: boolean;
  /** Whether the caller left `eventKeyJmesPath` empty, so the source-aware default applies. */
  defaultKey: boolean;
  keyPrefix: string | undefined;
  claimDurationMs: number;
  storeWriteAttempts: number;
  maxStoredResultBytes: number;
}

/** Methods a Powertools persistence layer has at runtime (some are TS-protected) and this package calls. */
const STORE_METHODS = [
  'configure',
  'saveSuccess',
  'deleteRecord',
  'getHashedIdempotencyKey',
  '_putRecord',
  '_getRecord',
] as const;

const describe = (value: unknown): string =>
  value === null
    ? 'null'
    : typeof value === 'object'
      ? `an object (${value.constructor?.name ?? 'Object'})`
      : `${typeof value} ${String(value)}`;

const invalid = (
  option: string,
  given: unknown,
  fix: string,
): DurableIdempotencyConfigurationError =>
  new DurableIdempotencyConfigurationError(option, `${option} ${fix}; got ${describe(given)}.`);

const positiveInteger = (option: string, value: number | undefined, fallback: number): number => {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved < 1) {
    throw invalid(option, value, 'must be a positive integer');
  }
  return resolved;
};

/**
 * Checks the options a utility was given and applies their defaults. Every mistake throws
 * {@link DurableIdempotencyConfigurationError} naming the option, what was given and the fix.
 */
export const resolveOptions = (
  options: DurableIdempotencyOptions | undefined,
  utility: string,
  defaultKeyJmesPath: string,
): ResolvedOptions => {
  if (typeof options !== 'object' || options === null) {
    throw invalid(
      'options',
      options,
      `of ${utility} must be an object with at least persistenceStore (a Powertools persistence layer)`,
    );
  }
  const store = options.persistenceStore as unknown;
  const missing =
    typeof store === 'object' && store !== null
      ? STORE_METHODS.filter(
          (method) => typeof (store as Record<string, unknown>)[method] !== 'function',
        )
      : STORE_METHODS;
  if (missing.length > 0) {
    throw invalid(
      'persistenceStore',
      store,
      `of ${utility} must be a Powertools persistence layer (new DynamoDBPersistenceLayer(...) from ` +
        "'@aws-lambda-powertools/idempotency/dynamodb' or new CachePersistenceLayer(...) from " +
        `'@aws-lambda-powertools/idempotency/cache'); it lacks ${missing.join(', ')}`,
    );
  }
  const given = options.config;
  if (given !== undefined && !(given instanceof IdempotencyConfig)) {
    throw invalid(
      'config',
      given,
      "must be new IdempotencyConfig({...}) from '@aws-lambda-powertools/idempotency'",
    );
  }
  if (options.keyPrefix !== undefined && typeof options.keyPrefix !== 'string') {
    throw invalid('keyPrefix', options.keyPrefix, 'must be a string');
  }
  const config = given ?? new IdempotencyConfig({});
  const storeConfig = storeConfigOf(config, defaultKeyJmesPath);
  return {
    persistenceStore: options.persistenceStore,
    storeConfig,
    enabled: config.isEnabled(),
    throwOnNoIdempotencyKey: config.throwOnNoIdempotencyKey,
    defaultKey: !config.eventKeyJmesPath,
    keyPrefix: options.keyPrefix,
    claimDurationMs: claimDurationMsOf(
      options.executionTimeoutSeconds,
      storeConfig.expiresAfterSeconds,
    ),
    storeWriteAttempts: positiveInteger(
      'storeWriteAttempts',
      options.storeWriteAttempts,
      DEFAULT_STORE_WRITE_ATTEMPTS,
    ),
    maxStoredResultBytes: positiveInteger(
      'maxStoredResultBytes',
      options.maxStoredResultBytes,
      DEFAULT_MAX_STORED_RESULT_BYTES,
    ),
  };
};

/**
 * The configuration the persistence store is given: the caller's, with the source-aware default key
 * and `throwOnNoIdempotencyKey` on, so that a missing key surfaces as Powertools' `IdempotencyKeyError`
 * and this package, not the store, decides what it means (and warns in Powertools' words).
 */
export const storeConfigOf = (
  config: IdempotencyConfig | undefined,
  defaultKeyJmesPath: string,
): IdempotencyConfig =>
  new IdempotencyConfig({
    eventKeyJmesPath: config?.eventKeyJmesPath || defaultKeyJmesPath,
    payloadValidationJmesPath: config?.payloadValidationJmesPath,
    jmesPathOptions: config?.jmesPathOptions.customFunctions,
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: config?.expiresAfterSeconds,
    useLocalCache: config?.useLocalCache,
    maxLocalCacheSize: config?.maxLocalCacheSize,
    hashFunction: config?.hashFunction,
    responseHook: config?.responseHook,
  });

/**
 * Validates and returns the claim duration in milliseconds: a claim that outlives its record would
 * let the store expire the record (and a duplicate through) while the execution still runs.
 */
export const claimDurationMsOf = (
  executionTimeoutSeconds: number | undefined,
  expiresAfterSeconds: number,
): number => {
  const seconds = executionTimeoutSeconds ?? DEFAULT_EXECUTION_TIMEOUT_SECONDS;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    throw invalid('executionTimeoutSeconds', seconds, 'must be a positive number of seconds');
  }
  if (seconds > expiresAfterSeconds) {
    throw new DurableIdempotencyConfigurationError(
      'executionTimeoutSeconds',
      `executionTimeoutSeconds (${seconds}) exceeds the record expiry, config.expiresAfterSeconds ` +
        `(${expiresAfterSeconds}): the record would expire while the execution still runs. Raise ` +
        'expiresAfterSeconds in the IdempotencyConfig or lower executionTimeoutSeconds.',
    );
  }
  return seconds * 1000;
};
