export type { BenchComparison, BenchMeasurement, BenchSuite } from './bench.js';
export type { EmfDocument, InvocationCapture, LogRecord } from './capture.js';
export type {
  DurableHandler,
  DurableRunResult,
  MiddyDurableModeHandler,
  RunDurableOptions,
} from './run.js';
export type { TimelineOptions, TimelineRun } from './timeline.js';
