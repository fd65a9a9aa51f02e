export type { BuiltInMetricsOptions, DurableMetricsOptions } from './options.js';
export type { WorkflowOutcome } from './outcome.js';
