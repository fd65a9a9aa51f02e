import type { DurableRunResult } from './run.js';

/**
 * One execution to draw on a timeline, with the label its section gets.
 *
 * @example
 * ```ts
 * const runs: TimelineRun[] = [{ label: 'first delivery', result: first }, { label: 'duplicate', result: second }];
 * ```
 */
export interface TimelineRun {
  readonly label: string;
  readonly result: DurableRunResult;
}

/**
 * Options of {@link renderTimeline}.
 *
 * @example
 * ```ts
 * const html = renderTimeline(result, { title: 'order o-1001' });
 * ```
 */
export interface TimelineOptions {
  /**
   * The page's title and heading.
   * @default 'Durable execution timeline'
   */
  readonly title?: string;
}
