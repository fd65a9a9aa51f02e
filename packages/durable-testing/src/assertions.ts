import { DurableAssertionError } from './errors.js';
import { valuesOf } from './timeline/model.js';
import type { DurableRunResult, EmfDocument, LogRecord } from './types.js';

/**
 * The message of a log record: Powertools' `message`, or the SDK default logger's `message`/`msg`.
 * @example
 * ```ts
 * const messages = result.records.map(messageOf); // ['order received', ...]
 * ```
 */
export const messageOf = (record: LogRecord): string | undefined => {
  const message = record.message ?? record.msg;
  return typeof message === 'string' ? message : undefined;
};

/**
 * How many times each log message was written, across all invocations of the run.
 * @example
 * ```ts
 * countMessages(result).get('order charged'); // 1
 * ```
 */
export const countMessages = (result: DurableRunResult): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const message of [...result.records.map(messageOf), ...result.text]) {
    if (message !== undefined) counts.set(message, (counts.get(message) ?? 0) + 1);
  }
  return counts;
};

/**
 * Asserts that every log message (or each of `messages`, which must all appear) was written exactly
 * once across all invocations of the run. Plain-text lines count as messages too.
 * @example
 * ```ts
 * expectEachMessageOnce(result);                           // every message
 * expectEachMessageOnce(result, ['charged', 'shipped']);   // these, and each must appear
 * ```
 */
export const expectEachMessageOnce = (
  result: DurableRunResult,
  messages?: readonly string[],
): void => {
  const counts = countMessages(result);
  const expected = messages ?? [...counts.keys()];
  const wrong = expected.filter((message) => counts.get(message) !== 1);
  if (wrong.length === 0) return;
  const detail = wrong.map((message) => `  "${message}": ${counts.get(message) ?? 0} time(s)`);
  throw new DurableAssertionError(
    `Expected each message exactly once across ${result.invocations.length} invocation(s), but:\n${detail.join('\n')}\n${describeInvocations(result)}`,
  );
};

/**
 * Asserts how many invocations the execution took: `exactly`, or within `atLeast`/`atMost`.
 * @example
 * ```ts
 * expectInvocationCount(result, { atLeast: 3 }); // the scenario really crossed invocation boundaries
 * ```
 */
export const expectInvocationCount = (
  result: DurableRunResult,
  expected: { exactly?: number; atLeast?: number; atMost?: number },
): number => {
  const count = result.invocations.length;
  const fails =
    (expected.exactly !== undefined && count !== expected.exactly) ||
    (expected.atLeast !== undefined && count < expected.atLeast) ||
    (expected.atMost !== undefined && count > expected.atMost);
  if (fails) {
    throw new DurableAssertionError(
      `Expected ${JSON.stringify(expected)} invocations, got ${count}.\n${describeInvocations(result)}`,
    );
  }
  return count;
};

/**
 * The values recorded for metric `name` in `documents` (all EMF of a run by default), flattened:
 * a metric written as an array of values contributes each value.
 * @example
 * ```ts
 * metricValues(result, 'ordersProcessed'); // [1, 1, 1]
 * ```
 */
export const metricValues = (
  result: DurableRunResult,
  name: string,
  documents: readonly EmfDocument[] = result.emf,
): number[] =>
  documents
    .filter((document) =>
      document._aws.CloudWatchMetrics.some((directive) =>
        directive.Metrics.some((metric) => metric.Name === name),
      ),
    )
    .flatMap((document) => valuesOf(document, name));

/**
 * The sum of all values of metric `name` across the run's EMF documents.
 * @example
 * ```ts
 * sumMetric(result, 'ordersProcessed'); // 3
 * ```
 */
export const sumMetric = (
  result: DurableRunResult,
  name: string,
  documents: readonly EmfDocument[] = result.emf,
): number => metricValues(result, name, documents).reduce((sum, value) => sum + value, 0);

/**
 * Asserts that metric `name` summed to `expected` across the run's EMF documents.
 * @example
 * ```ts
 * expectMetricSum(result, 'ordersProcessed', 1);
 * ```
 */
export const expectMetricSum = (result: DurableRunResult, name: string, expected: number): void => {
  const perInvocation = result.invocations.map(
    (invocation) => `#${invocation.index}: ${sumMetric(result, name, invocation.emf)}`,
  );
  const total = sumMetric(result, name);
  if (total !== expected) {
    throw new DurableAssertionError(
      `Expected metric "${name}" to sum to ${expected}, got ${total} (per invocation ${perInvocation.join(', ')}).`,
    );
  }
};

const describeInvocations = ({ invocations }: DurableRunResult): string =>
  invocations
    .map(
      ({ index, status, records, emf, text }) =>
        `  invocation ${index} (${status}): ${records.length} record(s), ${emf.length} EMF, ${text.length} text line(s)`,
    )
    .join('\n');
