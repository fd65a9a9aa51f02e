import type { DurableExecutionInvocationOutput } from '@aws/durable-execution-sdk-js';
import type { InvocationTrace } from './trace.js';

/**
 * The stream a line was written to: Powertools writes DEBUG, INFO and EMF to stdout, WARN, ERROR and
 * CRITICAL to stderr.
 *
 * @example
 * ```ts
 * const stream: OutputStream = streamOf(record); // 'stderr' for logger.error(...)
 * ```
 */
export type OutputStream = 'stdout' | 'stderr';

/**
 * One captured line and the stream it was written to.
 *
 * @example
 * ```ts
 * const errors = result.output.filter((line: CapturedLine) => line.stream === 'stderr');
 * ```
 */
export interface CapturedLine {
  readonly stream: OutputStream;
  readonly text: string;
}

/**
 * A JSON object written on one stdout or stderr line that is not an EMF document: a structured log record.
 *
 * @example
 * ```ts
 * const records: LogRecord[] = result.records.filter((record) => record.level === 'ERROR');
 * ```
 */
export type LogRecord = Record<string, unknown>;

/**
 * An Embedded Metric Format document as Powertools Metrics writes it to stdout.
 *
 * @example
 * ```ts
 * const namespaces = result.emf.map((document: EmfDocument) => document._aws.CloudWatchMetrics[0]?.Namespace);
 * ```
 */
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

/**
 * Everything one invocation of a durable execution wrote to `process.stdout` and `process.stderr`,
 * parsed. `records`, `emf` and `text` hold the lines of both streams; `streamOf(record)` (or `output`)
 * says which stream each came from.
 *
 * @example
 * ```ts
 * const [first]: InvocationCapture[] = result.invocations;
 * expect(first?.status).toBe('PENDING'); // the first invocation suspended in a wait
 * ```
 */
export interface InvocationCapture {
  /** 1 for the first invocation of the execution, 2 for the next, and so on. */
  readonly index: number;
  /** Operations in the checkpoint history when the invocation started (1 = only the execution). */
  readonly operationsAtStart: number;
  /** What the durable handler returned: `PENDING` for a suspended invocation. */
  readonly status: `${DurableExecutionInvocationOutput['Status']}` | 'THREW';
  /**
   * Every stdout and stderr line the invocation's code wrote, in order, including `lateLines`.
   */
  readonly lines: readonly string[];
  /** The same lines as `lines`, each with the stream it was written to. */
  readonly output: readonly CapturedLine[];
  /** Only the stdout lines, in order. */
  readonly stdout: readonly string[];
  /** Only the stderr lines, in order (Powertools' WARN, ERROR and CRITICAL records). */
  readonly stderr: readonly string[];
  /**
   * Lines written after the invocation had returned, by work it left behind: a timer that fires after
   * the invocation suspended (in Lambda, when the frozen sandbox thaws for a later invocation).
   */
  readonly lateLines: readonly string[];
  /** JSON lines that are not EMF: structured log records. */
  readonly records: readonly LogRecord[];
  /** JSON lines that are EMF documents. */
  readonly emf: readonly EmfDocument[];
  /** Lines that are not JSON objects (for example a plain `console.log` outside a JSON log format). */
  readonly text: readonly string[];
  /** When the invocation started, in epoch milliseconds (as the runner's operation timestamps). */
  readonly startedAt: number;
  /** Wall-clock milliseconds the invocation took. */
  readonly durationMs: number;
  /**
   * The X-Ray header the invocation started with (`root`, `parent`, `sampled`, `header`) when
   * `runDurable` was given the `trace` option.
   */
  readonly trace?: InvocationTrace | undefined;
}
