/**
 * One timed comparison: the same work done by plain Powertools (`baseline`) and by the durable
 * utility (`candidate`), measured one after the other in the same process; the report gives
 * candidate time / baseline time.
 *
 * @example
 * ```ts
 * const comparison: BenchComparison = {
 *   name: 'emit one record',
 *   baseline: () => plainLogger.info('x'),
 *   candidate: () => durableLogger.info('x'),
 *   targetRatio: 1.2,
 * };
 * ```
 */
export interface BenchComparison {
  name: string;
  baseline: () => unknown;
  candidate: () => unknown;
  /** The ratio the candidate should stay at or under; the report flags a miss. */
  targetRatio?: number;
}

/**
 * A figure that is counted rather than timed (persistence requests, bytes held, ...).
 *
 * @example
 * ```ts
 * const measurement: BenchMeasurement = { name: 'requests per replay', baseline: 1, candidate: 0, unit: 'requests' };
 * ```
 */
export interface BenchMeasurement {
  name: string;
  baseline?: number;
  candidate: number;
  unit: string;
  note?: string;
}

/**
 * What a `packages/<name>/bench/*.bench.ts` file exports as default; `npm run bench` runs them all.
 *
 * @example
 * ```ts
 * import type { BenchSuite } from '@durable-powertools/testing';
 *
 * export default {
 *   name: 'logger',
 *   comparisons: [{ name: 'emit one record', baseline: () => plain.info('x'), candidate: () => durable.info('x'), targetRatio: 1.2 }],
 * } satisfies BenchSuite;
 * ```
 */
export interface BenchSuite {
  name: string;
  comparisons?: BenchComparison[];
  /** Counted figures; runs once, after the timed comparisons. */
  measure?: () => Promise<BenchMeasurement[]>;
  /** Runs before anything else in the suite (start servers, silence stdout, ...). */
  setup?: () => Promise<void> | void;
  teardown?: () => Promise<void> | void;
}
