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
export { DurableAssertionError, DurableHarnessTimeoutError, TimelineInputError } from './errors.js';
export {
  type FailCheckpointOnceOptions,
  failCheckpointOnce,
  withRemainingTime,
} from './lambdaSimulation.js';
export { classifyLines, isEmfDocument, streamOf } from './parse.js';
export { runDurable } from './runDurable.js';
export { renderTimeline } from './timeline/render.js';
export type * from './types/index.js';
export { XrayDaemon, type XrayDaemonOptions, type XrayDocument } from './xrayDaemon.js';
