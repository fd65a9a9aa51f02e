export {
  countMessages,
  expectEachMessageOnce,
  expectInvocationCount,
  expectMetricSum,
  messageOf,
  metricValues,
  sumMetric,
} from './assertions.js';
export { setupDurableHarness, teardownDurableHarness } from './environment.js';
export { DurableAssertionError, DurableHarnessTimeoutError } from './errors.js';
export {
  type FailCheckpointOnceOptions,
  failCheckpointOnce,
  withRemainingTime,
} from './lambdaSimulation.js';
export { classifyLines, isEmfDocument, streamOf } from './parse.js';
export { runDurable } from './runDurable.js';
export type * from './types/index.js';
