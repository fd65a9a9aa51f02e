export {
  DurableContextMissingError,
  type DurableMethodDecorator,
  DurablePluginNotRegisteredError,
  DurablePowertoolsError,
  DurablePowertoolsPlugin,
  durableExecutionPluginProvider,
} from '@durable-powertools/commons';
export { durableLogMetrics } from './decorator/durableLogMetrics.js';
export { DurableMetricsError, DurableMetricsOptionError } from './errors.js';
export { BUILT_IN_METRICS, METADATA_KEYS } from './InvocationCollector.js';
export { durableMetrics } from './middleware/durableMetrics.js';
export { DurableMetricsPlugin } from './plugin/DurableMetricsPlugin.js';
export type * from './types/index.js';
export { withDurableMetrics } from './withDurableMetrics.js';
export { WORKFLOW_METRICS } from './workflowMetrics.js';
