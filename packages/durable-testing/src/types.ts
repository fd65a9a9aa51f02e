import type {
  DurableExecutionInvocationOutput,
  DurableLambdaHandler,
} from '@aws/durable-execution-sdk-js';
import type {
  DurableOperation,
  LocalDurableTestRunner,
  TestResult,
  TestResultError,
} from '@aws/durable-execution-sdk-js-testing';

/** Powertools writes DEBUG, INFO and EMF to stdout, WARN, ERROR and CRITICAL to stderr. */
export type OutputStream = 'stdout' | 'stderr';

/** One captured line and the stream it was written to. */
export interface CapturedLine {
  readonly stream: OutputStream;
  readonly text: string;
}

/** A JSON object written on one line that is not an EMF document: a structured log record. */
export type LogRecord = Record<string, unknown>;

/** An Embedded Metric Format document as Powertools Metrics writes it to stdout. */
export interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: Array<{
      Namespace: string;
      Dimensions: string[][];
      Metrics: Array<{ Name: string; Unit?: string; StorageResolution?: number }>;
    }>;
  };
  [key: string]: unknown;
}

/** What a run, or one of its invocations, wrote to stdout and stderr (both streams), parsed. */
export interface CapturedOutput {
  /** Every line, in order, each with its stream. */
  readonly output: readonly CapturedLine[];
  /** JSON lines that are not EMF: structured log records (`streamOf(record)` gives the stream). */
  readonly records: readonly LogRecord[];
  /** JSON lines that are EMF documents. */
  readonly emf: readonly EmfDocument[];
  /** Lines that are not JSON objects (a plain `console.log`, say). */
  readonly text: readonly string[];
  /** When it started, in epoch milliseconds (as the runner's operation timestamps). */
  readonly startedAt: number;
  /** Wall-clock milliseconds it took. */
  readonly durationMs: number;
}

/** What one invocation of a durable execution wrote (`result.invocations[i]`). */
export interface InvocationCapture extends CapturedOutput {
  /** 1 for the first invocation of the execution, 2 for the next, and so on. */
  readonly index: number;
  /** Operations in the checkpoint history when the invocation started (1 = only the execution). */
  readonly operationsAtStart: number;
  /** What the durable handler returned: `PENDING` for a suspended invocation. */
  readonly status: `${DurableExecutionInvocationOutput['Status']}` | 'THREW';
  /** The text of `output`: every line the invocation's code wrote, including `lateLines`. */
  readonly lines: readonly string[];
  /** Only the stdout lines, in order. */
  readonly stdout: readonly string[];
  /** Only the stderr lines, in order (Powertools' WARN, ERROR and CRITICAL records). */
  readonly stderr: readonly string[];
  /** Lines written after the invocation had returned, by work it left behind (a timer, say). */
  readonly lateLines: readonly string[];
  /** The X-Ray header the invocation started with, with the `trace` option of `runDurable`. */
  readonly trace?: InvocationTrace | undefined;
}

/** Options of {@link runDurable}. */
export interface RunDurableOptions {
  /** The event the execution starts with. */
  payload?: unknown;
  /** Runs beside the execution, with the runner: to complete callbacks, say. */
  drive?: (runner: LocalDurableTestRunner) => Promise<void>;
  /** Also write captured lines to the real stdout/stderr (default `false`: tests stay quiet). */
  passthrough?: boolean;
  /** Fail the run if it has not finished after this many milliseconds (default 30 000). */
  timeoutMs?: number;
  /**
   * Start every invocation with an X-Ray trace header as the Lambda runtime does (in `_X_AMZN_TRACE_ID`,
   * restored when the run ends, or in multi-concurrency mode in the invoke store). `true` is `{}`.
   * Default: no header at all (the local runner sets none).
   */
  trace?: boolean | RunTraceOptions;
}

/** What {@link runDurable} returns: the runner's verdict and, per invocation, what was written. */
export interface DurableRunResult<TResult = unknown> extends CapturedOutput {
  /** `SUCCEEDED`, `FAILED`, ... as the local runner reports the execution. */
  readonly status: string | undefined;
  readonly result: TResult | undefined;
  readonly error: TestResultError | undefined;
  readonly operations: readonly DurableOperation[];
  readonly invocations: readonly InvocationCapture[];
  /** The runner's own result, for anything not surfaced here. */
  readonly testResult: TestResult<TResult>;
  /** The execution's X-Ray trace when the `trace` option was given. */
  readonly trace?: ExecutionTrace | undefined;
}

/** A durable handler as `withDurableExecution(...)` returns it. */
export type DurableHandler = DurableLambdaHandler;

/** A middy 7 chain in durable mode: a durable handler, though typed with the workflow's event. */
export type MiddyDurableModeHandler = (...args: never[]) => Promise<unknown>;

/** The `trace` option of {@link runDurable}: a `Root` and `Sampled` per execution. */
export interface RunTraceOptions {
  /** The execution's sampling decision: `Sampled=1` or `Sampled=0`. @default true */
  readonly sampled?: boolean;
  /** The execution's trace id (`Root`), `1-<8 hex: epoch seconds>-<24 hex>`. @default a fresh id */
  readonly root?: string;
}

/** The X-Ray trace of a durable execution (`result.trace`), shared by all its invocations. */
export interface ExecutionTrace {
  /** The execution's trace id, e.g. `1-6740a1b2-0123456789abcdef01234567`. */
  readonly root: string;
  readonly sampled: boolean;
  /** `Root=<root>;Sampled=<0|1>`: the execution's header without an invocation's `Parent`. */
  readonly header: string;
}

/** The X-Ray trace header one invocation started with (`result.invocations[i].trace`). */
export interface InvocationTrace extends ExecutionTrace {
  /** This invocation's `Parent`: the id of its Lambda segment, 16 hex digits, new per invocation. */
  readonly parent: string;
  /** The whole header: `Root=<root>;Parent=<parent>;Sampled=<0|1>`. */
  readonly header: string;
}

/** One execution to draw on a timeline, with the label its section gets. */
export interface TimelineRun {
  readonly label: string;
  readonly result: DurableRunResult;
}

/** Options of {@link renderTimeline}. */
export interface TimelineOptions {
  /** The page's title and heading. @default 'Durable execution timeline' */
  readonly title?: string;
}

/**
 * What a `packages/<name>/bench/*.bench.ts` file exports as default; `npm run bench` runs them all.
 * @example
 * ```ts
 * export default {
 *   name: 'logger',
 *   comparisons: [{ name: 'emit one record', baseline: () => plain.info('x'), candidate: () => durable.info('x'), targetRatio: 1.2 }],
 * } satisfies BenchSuite;
 * ```
 */
export interface BenchSuite {
  name: string;
  comparisons?: BenchComparison[];
  /** Counted figures; runs once, after the timed comparisons. */
  measure?: () => Promise<BenchMeasurement[]>;
  /** Runs before anything else in the suite (start servers, silence stdout, ...). */
  setup?: () => Promise<void> | void;
  teardown?: () => Promise<void> | void;
}

/** The same work by plain Powertools (`baseline`) and the durable utility (`candidate`). */
export interface BenchComparison {
  name: string;
  baseline: () => unknown;
  candidate: () => unknown;
  /** The candidate/baseline time ratio to stay at or under; the report flags a miss. */
  targetRatio?: number;
  /** Interleaved rounds at the least (more narrow the median of noisy, long calls). @default 31 */
  rounds?: number;
}

/** A figure that is counted rather than timed (persistence requests, bytes held, ...). */
export interface BenchMeasurement {
  name: string;
  baseline?: number;
  candidate: number;
  unit: string;
  note?: string;
}
