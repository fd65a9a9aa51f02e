/**
 * Captures what is written to `process.stderr` (where `console.warn` and Powertools' warnings go)
 * until `restore()`; writes still reach the terminal. Concurrent tests share the stream, so a test
 * filters the lines by something only it writes.
 */
export const captureStderr = (): {
  lines: (containing: string) => string[];
  restore: () => void;
} => {
  const written: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  return {
    lines: (containing) =>
      written
        .join('')
        .split('\n')
        .filter((line) => line.includes(containing)),
    restore: () => {
      process.stderr.write = original;
    },
  };
};
