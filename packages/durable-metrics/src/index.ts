export {
  DurablePowertoolsPlugin,
  durableExecutionPluginProvider,
} from '@durable-powertools/commons';
export { BUILT_IN_METRICS, METADATA_KEYS } from './InvocationCollector.js';
export { durableMetrics } from './middleware/durableMetrics.js';
export { DurableMetricsPlugin } from './plugin/DurableMetricsPlugin.js';
export type * from './types/index.js';
export { withDurableMetrics } from './withDurableMetrics.js';
