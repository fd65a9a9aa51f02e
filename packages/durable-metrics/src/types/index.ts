export type {
  BuiltInMetricsOptions,
  DurableMetricsOptions,
  MetricsAttribution,
} from './options.js';
export type { WorkflowOutcome } from './outcome.js';
