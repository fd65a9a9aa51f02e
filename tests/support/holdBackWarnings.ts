/**
 * Test helper: runs `act` while holding back the warnings a test expects it to cause, and returns them
 * for the test to assert on, so that a good `npm test` prints nothing that looks like a failure.
 *
 * Held back, when they match one of `expected`:
 * - stderr writes: Powertools writes its warnings there (Logger and Metrics through their own
 *   `Console`, Idempotency through the global `console.warn`);
 * - process warnings (`process.emitWarning`), matched on `"<code> <message>"`.
 *
 * Everything else still reaches the terminal, including writes of other tests running concurrently in
 * the same file. Several calls may be active at once; each write goes to the first active call whose
 * pattern matches it.
 *
 * @example
 * ```ts
 * const { result, held } = await holdBackWarnings([/No application metrics to publish/], () =>
 *   runDurable(handler, { payload: {} }),
 * );
 * expect(held).toHaveLength(1);
 * ```
 */
export const holdBackWarnings = async <T>(
  expected: readonly RegExp[],
  act: () => Promise<T>,
): Promise<{ result: T; held: string[] }> => {
  const holder: Holder = { expected, held: [] };
  holders.add(holder);
  if (holders.size === 1) install();
  try {
    const result = await act();
    // A process warning is emitted on the next tick: let it arrive while still held back.
    await new Promise((resolve) => setImmediate(resolve));
    return { result, held: holder.held };
  } finally {
    holders.delete(holder);
    if (holders.size === 0) uninstall();
  }
};

interface Holder {
  readonly expected: readonly RegExp[];
  readonly held: string[];
}

const holders = new Set<Holder>();
const originalWrite = process.stderr.write;
const originalEmitWarning = process.emitWarning;

/** Records `text` with the first holder expecting it; `false` when none does. */
const hold = (text: string): boolean => {
  for (const holder of holders) {
    if (holder.expected.some((pattern) => pattern.test(text))) {
      holder.held.push(text);
      return true;
    }
  }
  return false;
};

const install = (): void => {
  process.stderr.write = function write(
    this: NodeJS.WriteStream,
    chunk: unknown,
    ...rest: unknown[]
  ): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
    if (hold(text)) {
      const callback = rest.find((argument) => typeof argument === 'function');
      if (callback) queueMicrotask(() => (callback as () => void)());
      return true;
    }
    return (originalWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof process.stderr.write;
  process.emitWarning = function emitWarning(
    this: NodeJS.Process,
    warning: string | Error,
    ...rest: unknown[]
  ): void {
    const message = typeof warning === 'string' ? warning : warning.message;
    const options = rest[0];
    const code =
      typeof options === 'object' && options !== null && 'code' in options
        ? String(options.code)
        : typeof rest[1] === 'string'
          ? rest[1]
          : (warning as { code?: string }).code;
    if (hold(`${code ?? ''} ${message}`.trim())) return;
    (originalEmitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
};

const uninstall = (): void => {
  process.stderr.write = originalWrite;
  process.emitWarning = originalEmitWarning;
};
