import {
  DurableOptionError,
  DurablePowertoolsError,
  type InvalidOptionDetails,
} from '@durable-powertools/commons';

/**
 * The write of the persistence store a {@link DurableIdempotencyPersistenceError} concerns: the claim
 * of a key (first invocation), the completion (the result stored) or the release (a failed workflow
 * gives its key back).
 */
export type IdempotencyStoreOperation = 'claim' | 'completion' | 'release';

/**
 * Base class of every error this package throws; Powertools' own idempotency errors
 * (`IdempotencyAlreadyInProgressError`, `IdempotencyValidationError`, `IdempotencyKeyError`) pass
 * through unchanged.
 *
 * @example
 * ```ts
 * import { DurableIdempotencyError } from '@durable-powertools/idempotency';
 *
 * if (error instanceof DurableIdempotencyError) console.error(error.name, error.cause);
 * ```
 */
export class DurableIdempotencyError extends DurablePowertoolsError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DurableIdempotencyError';
  }
}

/**
 * An option of `durableIdempotency()`, `durableIdempotent()`, `withDurableIdempotency()`,
 * `durableRecordIdempotency()` or `makeDurableBatchIdempotent()` is unknown, missing or wrong. Thrown when the utility is built,
 * before any event; `option` names it, the message names the fix (and the closest valid name).
 *
 * @example
 * ```ts
 * try {
 *   durableIdempotency({ persistenceLayer: store } as never);
 * } catch (error) {
 *   if (error instanceof DurableIdempotencyOptionError) console.error(error.option); // 'persistenceLayer'
 * }
 * ```
 */
export class DurableIdempotencyOptionError extends DurableOptionError {
  public constructor(details: InvalidOptionDetails) {
    super(details);
    this.name = 'DurableIdempotencyOptionError';
  }
}

/**
 * The persistence store failed a write, past its retries. `operation` names the write, `cause` is
 * the store's own error, and the message says what became of the claim.
 *
 * @example
 * ```ts
 * if (error instanceof DurableIdempotencyPersistenceError) console.error(error.operation, error.cause);
 * ```
 */
export class DurableIdempotencyPersistenceError extends DurableIdempotencyError {
  /** The write that failed. */
  public readonly operation: IdempotencyStoreOperation;

  public constructor(
    operation: IdempotencyStoreOperation,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DurableIdempotencyPersistenceError';
    this.operation = operation;
  }
}

/**
 * The key could not be claimed (operation `claim`): the workflow did not run, and the delivery fails
 * so that the event source delivers it again.
 *
 * @example
 * ```ts
 * if (error instanceof DurableIdempotencyClaimError) retryLater();
 * ```
 */
export class DurableIdempotencyClaimError extends DurableIdempotencyPersistenceError {
  public constructor(message: string, options?: ErrorOptions) {
    super('claim', message, options);
    this.name = 'DurableIdempotencyClaimError';
  }
}

/**
 * The workflow succeeded but its result was not stored (operation `completion`), past the
 * completion step's retries. The claim is kept: duplicates are rejected until it expires.
 *
 * @example
 * ```ts
 * if (error instanceof DurableIdempotencyResultNotStoredError) alert(error.cause);
 * ```
 */
export class DurableIdempotencyResultNotStoredError extends DurableIdempotencyPersistenceError {
  public constructor(message: string, options?: ErrorOptions) {
    super('completion', message, options);
    this.name = 'DurableIdempotencyResultNotStoredError';
  }
}

/**
 * The workflow failed and its claim could not be released (operation `release`), past the release
 * step's retries. `workflowError` is what the workflow threw. Redeliveries are rejected until the
 * claim expires, then they run.
 *
 * @example
 * ```ts
 * if (error instanceof DurableIdempotencyReleaseError) console.error(error.workflowError);
 * ```
 */
export class DurableIdempotencyReleaseError extends DurableIdempotencyPersistenceError {
  /** What the workflow threw before the release was attempted. */
  public readonly workflowError: unknown;

  public constructor(message: string, workflowError: unknown, options?: ErrorOptions) {
    super('release', message, options);
    this.name = 'DurableIdempotencyReleaseError';
    this.workflowError = workflowError;
  }
}

/** The message of `error`, or its string form. */
export const messageOf = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
