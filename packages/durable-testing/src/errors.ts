/**
 * Thrown by the harness's assertions; the message says what was expected and what each invocation
 * actually wrote.
 *
 * @example
 * ```ts
 * try {
 *   expectInvocationCount(result, { atLeast: 3 });
 * } catch (error) {
 *   if (error instanceof DurableAssertionError) console.error(error.message);
 * }
 * ```
 */
export class DurableAssertionError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'DurableAssertionError';
  }
}

/**
 * Thrown by `runDurable` when the execution has not finished within `timeoutMs`.
 *
 * @example
 * ```ts
 * await expect(runDurable(handler, { timeoutMs: 5_000 })).rejects.toThrow(DurableHarnessTimeoutError);
 * ```
 */
export class DurableHarnessTimeoutError extends Error {
  public constructor(timeoutMs: number, invocations: number) {
    super(
      `The durable execution did not finish within ${timeoutMs} ms (${invocations} invocation(s) ran). ` +
        'Raise timeoutMs, shorten the waits, or complete pending callbacks in the drive option.',
    );
    this.name = 'DurableHarnessTimeoutError';
  }
}

/**
 * Thrown by `renderTimeline` when it is given nothing to draw.
 *
 * @example
 * ```ts
 * expect(() => renderTimeline([])).toThrow(TimelineInputError);
 * ```
 */
export class TimelineInputError extends Error {
  public constructor(given: string) {
    super(
      `renderTimeline() needs at least one run to draw, got ${given}. Pass a runDurable() result, ` +
        'or a list of { label, result } with at least one entry.',
    );
    this.name = 'TimelineInputError';
  }
}
