export { DurablePowertoolsPlugin } from '@durable-powertools/commons';
export { makeDurableBatchIdempotent } from './batch/makeDurableBatchIdempotent.js';
export {
  DEFAULT_EVENT_KEY_JMESPATH,
  DEFAULT_EXECUTION_TIMEOUT_SECONDS,
  DEFAULT_RECORD_KEY_JMESPATH,
} from './constants.js';
export { makeDurableIdempotent } from './makeDurableIdempotent.js';
export { durableIdempotency } from './middleware/durableIdempotency.js';
export type * from './types/index.js';
