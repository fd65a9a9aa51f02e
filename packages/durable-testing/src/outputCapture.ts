import { AsyncLocalStorage } from 'node:async_hooks';
import { createTimerTracker, type RunTimers } from './runTimers.js';
import type { CapturedLine, OutputStream } from './types/capture.js';

/** One write, with the stream it went to. */
export interface CapturedChunk {
  readonly stream: OutputStream;
  readonly text: string;
}

/** Where the writes of one invocation go. */
export interface CaptureSink {
  chunks: CapturedChunk[];
  passthrough: boolean;
  /**
   * How many chunks had been written when the invocation returned; later chunks come from work the
   * invocation left behind (a timer that fires after it suspended, say).
   */
  chunksAtReturn?: number;
  /** The timers the run's code armed (shared by all invocations of one run). */
  timers: RunTimers;
}

type Write = typeof process.stdout.write;

const STREAMS: readonly OutputStream[] = ['stdout', 'stderr'];
const activeSink = new AsyncLocalStorage<CaptureSink>();
const originalWrites = new Map<OutputStream, Write>();
let activeCaptures = 0;

const trackTimer = createTimerTracker(() => activeSink.getStore()?.timers);

const capturingWriteFor = (stream: OutputStream, realWrite: Write): Write => {
  const capturingWrite = function (
    this: NodeJS.WriteStream,
    chunk: Uint8Array | string,
    ...rest: unknown[]
  ): boolean {
    const sink = activeSink.getStore();
    if (sink === undefined) {
      return (realWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    }
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    sink.chunks.push({ stream, text });
    if (sink.passthrough) {
      return (realWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    }
    const callback = rest.find((argument) => typeof argument === 'function');
    if (typeof callback === 'function') queueMicrotask(() => (callback as () => void)());
    return true;
  };
  return capturingWrite as Write;
};

/**
 * Replaces `process.stdout.write` and `process.stderr.write` while at least one capture is running.
 * A write is attributed to the sink of the async context it happens in, so concurrent runs, and the
 * invocations within one run, each get their own lines; a write outside every capture goes to the
 * real stream untouched.
 *
 * Powertools Logger and Metrics write through their own `Console` bound to `process.stdout` and
 * `process.stderr` (WARN, ERROR and CRITICAL records go to stderr; the global console is used only
 * under `POWERTOOLS_DEV`); both end in the streams' `write`, which is why this patches the streams and
 * not `console`. While a capture is installed, timers armed in a run's async context are tracked too
 * (see `runTimers.ts`).
 */
export const installOutputCapture = (): void => {
  activeCaptures++;
  if (originalWrites.size > 0) return;
  trackTimer.enable();
  for (const stream of STREAMS) {
    const target = process[stream];
    const realWrite = target.write;
    originalWrites.set(stream, realWrite);
    target.write = capturingWriteFor(stream, realWrite);
  }
};

export const uninstallOutputCapture = (): void => {
  activeCaptures--;
  if (activeCaptures > 0 || originalWrites.size === 0) return;
  for (const [stream, realWrite] of originalWrites) process[stream].write = realWrite;
  originalWrites.clear();
  trackTimer.disable();
};

/**
 * Runs `fn` with stdout and stderr writes made in its async context collected into `sink`, including
 * writes made after `fn` settled by timers or callbacks it started, for as long as the capture stays
 * installed ({@link installOutputCapture} / {@link uninstallOutputCapture} bracket a whole run).
 */
export const captureOutput = async <T>(sink: CaptureSink, fn: () => Promise<T>): Promise<T> => {
  try {
    return await activeSink.run(sink, fn);
  } finally {
    sink.chunksAtReturn = sink.chunks.length;
  }
};

/**
 * Splits what was written into lines, each with its stream, in the order the lines were completed.
 * Each stream is split on its own, so a partial line on one stream is not cut by a write to the
 * other; an unterminated last line of a stream is kept.
 */
export const toLines = (chunks: readonly CapturedChunk[]): CapturedLine[] => {
  const lines: CapturedLine[] = [];
  const pending: Record<OutputStream, string> = { stdout: '', stderr: '' };
  for (const { stream, text } of chunks) {
    const parts = (pending[stream] + text).split('\n');
    pending[stream] = parts.pop() ?? '';
    for (const part of parts) lines.push({ stream, text: part });
  }
  for (const stream of STREAMS) {
    if (pending[stream] !== '') lines.push({ stream, text: pending[stream] });
  }
  return lines;
};
