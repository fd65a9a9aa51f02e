import { expectEachMessageOnce, expectMetricSum, sumMetric } from './assertions.js';
import { DurableAssertionError } from './errors.js';
import type { DurableRunResult } from './types.js';

/** What a matcher returns to Vitest's or Jest's `expect.extend`. */
export interface DurableMatcherResult {
  pass: boolean;
  message: () => string;
}

/**
 * The matchers' signatures on an assertion, for declaration merging with your test runner's types.
 * @example
 * ```ts
 * // vitest.d.ts (Vitest)
 * import type { DurableMatchers } from '@durable-powertools/testing/matchers';
 * declare module 'vitest' {
 *   interface Matchers<T = any> extends DurableMatchers<T> {}
 * }
 * ```
 */
export interface DurableMatchers<R = unknown> {
  /** Every log message (or each of `messages`, which must all appear) was written exactly once. */
  toHaveEachMessageOnce(messages?: readonly string[]): R;
  /** Metric `name` sums to `expected` across the run's EMF documents. */
  toHaveMetricSum(name: string, expected: number): R;
}

const isRunResult = (value: unknown): value is DurableRunResult =>
  typeof value === 'object' &&
  value !== null &&
  Array.isArray((value as { invocations?: unknown }).invocations) &&
  Array.isArray((value as { records?: unknown }).records) &&
  Array.isArray((value as { emf?: unknown }).emf);

const notARunResult = (matcher: string, received: unknown): DurableMatcherResult => ({
  pass: false,
  message: () =>
    `${matcher} expects what runDurable returned, but received ${typeof received === 'object' ? JSON.stringify(received)?.slice(0, 80) : String(received)}.`,
});

/** Runs an assertion; its `DurableAssertionError` message becomes the matcher's failure message. */
const fromAssertion = (assert: () => void, negatedMessage: string): DurableMatcherResult => {
  try {
    assert();
    return { pass: true, message: () => negatedMessage };
  } catch (error) {
    if (!(error instanceof DurableAssertionError)) throw error;
    return { pass: false, message: () => error.message };
  }
};

/**
 * `expect(result).toHaveEachMessageOnce()` / `toHaveMetricSum(name, n)` for Vitest and Jest: register
 * with `expect.extend(durableMatchers)`. They use the same checks as `expectEachMessageOnce` and
 * `expectMetricSum`, and fail with the same per-invocation breakdown; `.not` works too.
 * @example
 * ```ts
 * import { durableMatchers } from '@durable-powertools/testing/matchers';
 * import { expect } from 'vitest';
 *
 * expect.extend(durableMatchers);
 *
 * const result = await runDurable(handler, { payload: {} });
 * expect(result).toHaveEachMessageOnce();
 * expect(result).toHaveMetricSum('ordersProcessed', 1);
 * ```
 */
export const durableMatchers = {
  toHaveEachMessageOnce(received: unknown, messages?: readonly string[]): DurableMatcherResult {
    if (!isRunResult(received)) return notARunResult('toHaveEachMessageOnce', received);
    const which = messages === undefined ? 'every message' : `each of ${JSON.stringify(messages)}`;
    return fromAssertion(
      () => expectEachMessageOnce(received, messages),
      `Expected not ${which} to be written exactly once, but it was.`,
    );
  },
  toHaveMetricSum(received: unknown, name: string, expected: number): DurableMatcherResult {
    if (!isRunResult(received)) return notARunResult('toHaveMetricSum', received);
    return fromAssertion(
      () => expectMetricSum(received, name, expected),
      `Expected metric "${name}" not to sum to ${expected}, but it did (${sumMetric(received, name)}).`,
    );
  },
};
