export { DurablePowertoolsPlugin } from '@durable-powertools/commons';
export { attachDurableLogger } from './attachDurableLogger.js';
export { LOG_REPLAYED_ENV_VAR } from './constants.js';
export { durableLogger } from './middleware/durableLogger.js';
export type { DurableLoggerOptions, DurableLoggerSettings } from './types/index.js';
