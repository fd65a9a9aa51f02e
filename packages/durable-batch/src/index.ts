export {
  DurablePowertoolsPlugin,
  executionModeDurablePowertools,
} from '@durable-powertools/commons';
export { DurableBatchError, DurableBatchOptionError } from './errors.js';
export type { DurableBatchIdempotency, DurableBatchProcessingOptions } from './options.js';
export { type DurableRecordHandler, processDurablePartialResponse } from './wrapper.js';
