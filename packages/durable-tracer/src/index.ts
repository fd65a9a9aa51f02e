export {
  DurablePluginNotRegisteredError,
  DurablePowertoolsPlugin,
} from '@durable-powertools/commons';
export { DURABLE_ANNOTATIONS } from './constants.js';
export { DurableTracerPlugin } from './durableTracerPlugin.js';
export { DurableTracerPluginMissingError } from './errors.js';
export { durableTracer } from './middleware/durableTracer.js';
export { durableExecutionPluginProvider } from './plugin.js';
export type * from './types/index.js';
