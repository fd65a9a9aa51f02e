/**
 * How a durable workflow completed: its handler returned, or threw.
 *
 * @example
 * ```ts
 * const outcome: WorkflowOutcome = 'SUCCEEDED';
 * ```
 */
export type WorkflowOutcome = 'SUCCEEDED' | 'FAILED';
