import { AsyncLocalStorage } from 'node:async_hooks';

/** Where the writes of one invocation go. */
export interface CaptureSink {
  chunks: string[];
  passthrough: boolean;
  /**
   * How many chunks had been written when the invocation returned; later chunks come from work the
   * invocation left behind (a timer that fires after it suspended, say).
   */
  chunksAtReturn?: number;
}

type Write = typeof process.stdout.write;

const activeSink = new AsyncLocalStorage<CaptureSink>();
let originalWrite: Write | undefined;
let activeCaptures = 0;

/**
 * Replaces `process.stdout.write` while at least one capture is running. A write is attributed to
 * the sink of the async context it happens in, so concurrent runs, and the invocations within one run,
 * each get their own lines; a write outside every capture goes to the real stdout untouched.
 *
 * Powertools Logger and Metrics write through their own `Console` bound to `process.stdout` (the global
 * console only under `POWERTOOLS_DEV`); both end in `process.stdout.write`, which is why this patches
 * the stream and not `console`.
 */
export const installStdoutCapture = (): void => {
  activeCaptures++;
  if (originalWrite !== undefined) return;
  const realWrite = process.stdout.write;
  originalWrite = realWrite;
  const capturingWrite = function (
    this: NodeJS.WriteStream,
    chunk: Uint8Array | string,
    ...rest: unknown[]
  ): boolean {
    const sink = activeSink.getStore();
    if (sink === undefined) {
      return (realWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    }
    sink.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    if (sink.passthrough) {
      return (realWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    }
    const callback = rest.find((argument) => typeof argument === 'function');
    if (typeof callback === 'function') queueMicrotask(() => (callback as () => void)());
    return true;
  };
  process.stdout.write = capturingWrite as Write;
};

export const uninstallStdoutCapture = (): void => {
  activeCaptures--;
  if (activeCaptures > 0 || originalWrite === undefined) return;
  process.stdout.write = originalWrite;
  originalWrite = undefined;
};

/**
 * Runs `fn` with stdout writes made in its async context collected into `sink`, including writes made
 * after `fn` settled by timers or callbacks it started, for as long as the capture stays installed
 * ({@link installStdoutCapture} / {@link uninstallStdoutCapture} bracket a whole run).
 */
export const captureStdout = async <T>(sink: CaptureSink, fn: () => Promise<T>): Promise<T> => {
  try {
    return await activeSink.run(sink, fn);
  } finally {
    sink.chunksAtReturn = sink.chunks.length;
  }
};

/** Splits what was written into lines, dropping the empty tail after the last newline. */
export const toLines = (chunks: readonly string[]): string[] => {
  const lines = chunks.join('').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
};
