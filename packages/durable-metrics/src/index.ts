/**
 * Exactly-once Powertools Metrics for AWS Lambda durable functions: the `durableMetrics()` middleware,
 * the `durableLogMetrics()` decorator and the `withDurableMetrics()` wrapper.
 *
 * @packageDocumentation
 */
import { DurablePowertoolsPlugin } from '@durable-powertools/commons';

export {
  DurableContextMissingError,
  DurablePluginNotRegisteredError,
  DurablePowertoolsError,
  DurablePowertoolsPlugin,
  executionModeDurablePowertools,
} from '@durable-powertools/commons';
export { type DurableMetricsDecorator, durableLogMetrics } from './decorator.js';
export { METADATA_KEYS } from './emf/collector.js';
export { BUILT_IN_METRICS, WORKFLOW_METRICS, type WorkflowOutcome } from './emf/workflowMetrics.js';
export { DurableMetricsError, DurableMetricsOptionError } from './errors.js';
export { type DurableMetricsMiddleware, durableMetrics } from './middleware.js';
export type {
  BuiltInMetricsOptions,
  DurableMetricsOptions,
  DurableMetricsSettings,
  MetricsAttribution,
} from './options.js';
export { type DurableMetricsHandler, withDurableMetrics } from './wrapper.js';

/** @deprecated Use `DurablePowertoolsPlugin` (every utility package exports it). */
export const DurableMetricsPlugin = DurablePowertoolsPlugin;
/** @deprecated Use `DurablePowertoolsPlugin`. */
export type DurableMetricsPlugin = DurablePowertoolsPlugin;
/** @deprecated Use `DurableMetricsDecorator` (the decorator's type, with its `metrics`). */
export type { DurableMethodDecorator } from '@durable-powertools/commons';
/** @deprecated Use `durableExecutionPluginProvider` from `@durable-powertools/metrics/plugin`. */
export { durableExecutionPluginProvider } from '@durable-powertools/commons';
