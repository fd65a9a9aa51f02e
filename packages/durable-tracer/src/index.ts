import type { DurableTracerOptions } from './options.js';

export {
  DurableContextMissingError,
  type DurableMethodDecorator,
  DurablePluginNotRegisteredError,
  DurablePowertoolsError,
  DurablePowertoolsPlugin,
  durableExecutionPluginProvider,
  executionModeDurablePowertools,
} from '@durable-powertools/commons';
export { durableCaptureLambdaHandler } from './decorator.js';
export { DurableTracerError, DurableTracerOptionError } from './errors.js';
export { type DurableTracerMiddleware, durableTracer } from './middleware.js';
export type { DurableTracerHandlerOptions, DurableTracerOptions } from './options.js';
export { DURABLE_ANNOTATIONS } from './subscriber.js';
export { DurableTracerPlugin, withDurableTracer } from './wrapper.js';
/** @deprecated Use {@link DurableTracerOptions}: the plugin takes the same options. */
export type DurableTracerPluginOptions = DurableTracerOptions;
/** @deprecated Catch `DurablePluginNotRegisteredError` (re-exported by every package). */
export { DurablePluginNotRegisteredError as DurableTracerPluginMissingError } from '@durable-powertools/commons';
