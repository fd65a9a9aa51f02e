/** Thrown by the harness's assertions; the message says what was expected and what was written. */
export class DurableAssertionError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'DurableAssertionError';
  }
}

/** Thrown by `runDurable` when the execution has not finished within `timeoutMs`. */
export class DurableHarnessTimeoutError extends Error {
  public constructor(timeoutMs: number, invocations: number) {
    super(
      `The durable execution did not finish within ${timeoutMs} ms (${invocations} invocation(s) ran). ` +
        'Raise timeoutMs, shorten the waits, or complete pending callbacks in the drive option.',
    );
    this.name = 'DurableHarnessTimeoutError';
  }
}

/** Thrown by `renderTimeline` when it is given nothing to draw. */
export class TimelineInputError extends Error {
  public constructor(given: string) {
    super(
      `renderTimeline() needs at least one run to draw, got ${given}. Pass a runDurable() result, ` +
        'or a list of { label, result } with at least one entry.',
    );
    this.name = 'TimelineInputError';
  }
}
