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
