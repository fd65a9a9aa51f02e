import {
  currentFrame,
  type DurableSubscriber,
  subscribe,
  warnOnce,
} from '@durable-powertools/commons';
import { type HeldClaim, heldClaims } from './state.js';

/**
 * Releases the claim of an execution that the SDK failed without the handler settling (a replay that
 * is not deterministic, a step result it cannot serialize, a context used in the wrong scope): middy's
 * `onError`, the decorator and the wrapper never see that failure, so the claim would refuse every
 * redelivery until it expires. A failed workflow's claim is released, whoever failed it.
 */
const idempotencySubscriber: DurableSubscriber = {
  name: '@durable-powertools/idempotency',
  onInvocationEnd: async (invocation, end) => {
    const claim = heldClaims.peek(invocation)?.claim;
    if (claim === undefined || claim.settled || end.status !== 'FAILED') return;
    await claim
      .release()
      .catch((error: unknown) =>
        warnOnce(
          'idempotency:release-after-sdk-failure',
          `durable-powertools: the SDK failed the execution ${invocation.executionArn} and its idempotency claim could not be released (${String(error)}); redeliveries of the event are refused until the claim expires (executionTimeoutSeconds)`,
          'DURABLE_POWERTOOLS_IDEMPOTENCY_RELEASE_FAILED',
        ),
      );
  },
};

/**
 * Records the claim the workflow running now holds, when `DurablePowertoolsPlugin` drives the
 * invocation (without it there is no end hook, and the claim expires as before). Returns the record,
 * which the caller marks `settled` when the workflow settles.
 */
export const holdClaim = (release: () => Promise<void>): HeldClaim | undefined => {
  const frame = currentFrame();
  if (frame === undefined) return undefined;
  subscribe(idempotencySubscriber);
  const claim: HeldClaim = { release, settled: false };
  heldClaims.get(frame.invocation).claim = claim;
  return claim;
};
