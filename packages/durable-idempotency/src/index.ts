export {
  DurableContextMissingError,
  type DurableMethodDecorator,
  DurablePluginNotRegisteredError,
  DurablePowertoolsError,
  DurablePowertoolsPlugin,
} from '@durable-powertools/commons';
export { makeDurableBatchIdempotent } from './batch/makeDurableBatchIdempotent.js';
export {
  DEFAULT_EVENT_KEY_JMESPATH,
  DEFAULT_EXECUTION_TIMEOUT_SECONDS,
  DEFAULT_MAX_STORED_RESULT_BYTES,
  DEFAULT_RECORD_KEY_JMESPATH,
  DEFAULT_STORE_WRITE_ATTEMPTS,
} from './constants.js';
export { durableIdempotent } from './decorator/durableIdempotent.js';
export {
  DurableIdempotencyClaimError,
  DurableIdempotencyConfigurationError,
  DurableIdempotencyError,
  DurableIdempotencyPersistenceError,
  DurableIdempotencyReleaseError,
  DurableIdempotencyResultNotStoredError,
  type IdempotencyStoreOperation,
} from './errors.js';
export { makeDurableIdempotent } from './makeDurableIdempotent.js';
export { durableIdempotency } from './middleware/durableIdempotency.js';
export type * from './types/index.js';
