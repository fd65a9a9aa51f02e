export type { BenchComparison, BenchMeasurement, BenchSuite } from './bench.js';
export type {
  CapturedLine,
  EmfDocument,
  InvocationCapture,
  LogRecord,
  OutputStream,
} from './capture.js';
export type {
  DurableHandler,
  DurableRunResult,
  MiddyDurableModeHandler,
  RunDurableOptions,
} from './run.js';
export type { TimelineOptions, TimelineRun } from './timeline.js';
export type { ExecutionTrace, InvocationTrace, RunTraceOptions } from './trace.js';
