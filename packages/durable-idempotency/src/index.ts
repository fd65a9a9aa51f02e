export {
  DurableContextMissingError,
  type DurableMethodDecorator,
  DurablePluginNotRegisteredError,
  DurablePowertoolsError,
  DurablePowertoolsPlugin,
  executionModeDurablePowertools,
} from '@durable-powertools/commons';
export {
  type DurableBatchEvent,
  type DurableBatchResponse,
  type DurableRecordHandler,
  makeDurableBatchIdempotent,
} from './batch/makeDurableBatchIdempotent.js';
export {
  type DurableRecordIdempotency,
  type DurableRecordIdempotencyOptions,
  durableRecordIdempotency,
} from './batch/recordClaims.js';
export { durableIdempotent } from './decorator.js';
export {
  DurableIdempotencyClaimError,
  DurableIdempotencyError,
  DurableIdempotencyOptionError,
  DurableIdempotencyPersistenceError,
  DurableIdempotencyReleaseError,
  DurableIdempotencyResultNotStoredError,
  type IdempotencyStoreOperation,
} from './errors.js';
export { durableIdempotency } from './middleware.js';
export {
  DEFAULT_EVENT_KEY_JMESPATH,
  DEFAULT_EXECUTION_TIMEOUT_SECONDS,
  DEFAULT_MAX_STORED_RESULT_BYTES,
  DEFAULT_RECORD_KEY_JMESPATH,
  DEFAULT_STORE_WRITE_ATTEMPTS,
  type DurableIdempotencyOptions,
} from './options.js';
export type { OmittedResult } from './persistence/claimStore.js';
export { type DurableHandlerFn, withDurableIdempotency } from './wrapper.js';

import { DurableIdempotencyOptionError } from './errors.js';
import { withDurableIdempotency } from './wrapper.js';

/** @deprecated Use {@link withDurableIdempotency} (same arguments, same behaviour). */
export const makeDurableIdempotent = withDurableIdempotency;
/** @deprecated Use {@link DurableIdempotencyOptionError} (the same class). */
export const DurableIdempotencyConfigurationError = DurableIdempotencyOptionError;
/** @deprecated Use {@link DurableIdempotencyOptionError} (the same class). */
export type DurableIdempotencyConfigurationError = DurableIdempotencyOptionError;
