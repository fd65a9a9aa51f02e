import type { OperationInfo, PluginInvocationStatus } from '@aws/durable-execution-sdk-js';
import type { InvocationGuard, Publication } from '../shared.js';

const FINISHED: ReadonlySet<unknown> = new Set([
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'STOPPED',
  'CANCELLED',
]);

/**
 * Holds an invocation's publications until the SDK reports how the invocation ended, then writes the
 * ones that the outcome makes final.
 *
 * On `RETRYING` (a checkpoint failed; Lambda retries the invocation with the same input, which
 * replays the workflow again) the workflow's completion documents are dropped: the retry completes
 * the workflow again and publishes them. A child context's documents are kept only if its finish
 * reached the checkpoint history (otherwise the retry re-runs the child).
 */
export class InvocationGuardImpl implements InvocationGuard {
  readonly #pending: Publication[] = [];

  public defer(publication: Publication): void {
    this.#pending.push(publication);
  }

  public settle(
    status: PluginInvocationStatus | string,
    operations: Readonly<Record<string, Pick<OperationInfo, 'status'>>>,
  ): void {
    const pending = this.#pending.splice(0);
    for (const publication of pending) {
      if (status === 'RETRYING' && !this.#survivesRetry(publication, operations)) continue;
      publication.publish();
    }
  }

  #survivesRetry(
    publication: Publication,
    operations: Readonly<Record<string, Pick<OperationInfo, 'status'>>>,
  ): boolean {
    if (publication.kind === 'completion' || publication.operationId === undefined) return false;
    return FINISHED.has(operations[publication.operationId]?.status);
  }
}
