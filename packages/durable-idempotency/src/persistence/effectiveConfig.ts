import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DEFAULT_EXECUTION_TIMEOUT_SECONDS } from '../constants.js';

/**
 * The configuration the persistence store is given: the caller's, with the source-aware default key
 * and `throwOnNoIdempotencyKey` on, so that a missing key surfaces as Powertools' `IdempotencyKeyError`
 * and this package, not the store, decides what it means (Powertools' handler skips idempotency
 * unless the caller asked for the error).
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
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new RangeError(
      `executionTimeoutSeconds must be a positive number of seconds, got ${seconds}.`,
    );
  }
  if (seconds > expiresAfterSeconds) {
    throw new RangeError(
      `executionTimeoutSeconds (${seconds}) exceeds the record expiry, config.expiresAfterSeconds ` +
        `(${expiresAfterSeconds}): the record would expire while the execution still runs. Raise ` +
        'expiresAfterSeconds in the IdempotencyConfig or lower executionTimeoutSeconds.',
    );
  }
  return seconds * 1000;
};
