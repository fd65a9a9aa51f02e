/**
 * Replay-aware Powertools Logger for AWS Lambda durable functions: the `durableLogger()` middleware,
 * the `durableInjectLambdaContext()` decorator and the `withDurableLogger()` wrapper.
 *
 * @packageDocumentation
 */

/** @deprecated Use `DurableLoggerDecorator` (the decorator's type, with its `logger`). */
export type { DurableMethodDecorator } from '@durable-powertools/commons';
export {
  DurableContextMissingError,
  DurablePluginNotRegisteredError,
  DurablePowertoolsError,
  DurablePowertoolsPlugin,
  executionModeDurablePowertools,
} from '@durable-powertools/commons';
export { type DurableLoggerDecorator, durableInjectLambdaContext } from './decorator.js';
export { DurableLoggerError, DurableLoggerOptionError } from './errors.js';
export { type DurableLoggerMiddleware, durableLogger } from './middleware.js';
export {
  type DurableLoggerOptions,
  type DurableLoggerSettings,
  LOG_REPLAYED_ENV_VAR,
} from './options.js';
export { attachDurableLogger, type DurableLoggedHandler, withDurableLogger } from './wrapper.js';
