import { AsyncLocalStorage } from 'node:async_hooks';
import { createTimerTracker, type RunTimers } from './runTimers.js';
import type { CapturedLine, OutputStream } from './types.js';

/** Where the writes of one invocation go. */
export interface CaptureSink {
  /** Every write, with its stream. */
  chunks: CapturedLine[];
  passthrough: boolean;
  /** Chunks written when the invocation returned; later ones come from work it left behind. */
  chunksAtReturn?: number;
  /** The timers the run's code armed (shared by all invocations of one run). */
  timers: RunTimers;
}

type Write = (this: NodeJS.WriteStream, ...args: unknown[]) => boolean;

const STREAMS: readonly OutputStream[] = ['stdout', 'stderr'];
const activeSink = new AsyncLocalStorage<CaptureSink>();
const originalWrites = new Map<OutputStream, Write>();
let activeCaptures = 0;

const trackTimer = createTimerTracker(() => activeSink.getStore()?.timers);

const capturingWriteFor = (stream: OutputStream, realWrite: Write): Write =>
  function (chunk, ...rest) {
    const sink = activeSink.getStore();
    if (sink !== undefined) {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
      sink.chunks.push({ stream, text });
    }
    if (sink === undefined || sink.passthrough) return realWrite.call(this, chunk, ...rest);
    const callback = rest.find((argument) => typeof argument === 'function');
    if (typeof callback === 'function') queueMicrotask(() => (callback as () => void)());
    return true;
  };

/**
 * Replaces `process.stdout.write` and `process.stderr.write` while at least one capture is running;
 * a write goes to the sink of the async context it happens in, or to the real stream outside every
 * capture. Powertools Logger and Metrics write through their own `Console` bound to these streams
 * (not the global console, except under `POWERTOOLS_DEV`), hence the streams and not `console`.
 * Timers armed in a run's async context are tracked too (see `runTimers.ts`).
 */
export const installOutputCapture = (): void => {
  activeCaptures++;
  if (originalWrites.size > 0) return;
  trackTimer.enable();
  for (const stream of STREAMS) {
    const realWrite = process[stream].write as Write;
    originalWrites.set(stream, realWrite);
    process[stream].write = capturingWriteFor(stream, realWrite) as typeof process.stdout.write;
  }
};

export const uninstallOutputCapture = (): void => {
  activeCaptures--;
  if (activeCaptures > 0 || originalWrites.size === 0) return;
  for (const [stream, realWrite] of originalWrites) {
    process[stream].write = realWrite as typeof process.stdout.write;
  }
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
export const toLines = (chunks: readonly CapturedLine[]): CapturedLine[] => {
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
