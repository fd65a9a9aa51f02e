import {
  currentFrame,
  type DurableSubscriber,
  subscribe,
  warnOnce,
} from '@durable-powertools/commons';
import { type HeldClaim, heldClaims } from './state.js';

const CODE = 'DURABLE_POWERTOOLS_IDEMPOTENCY_RELEASE_FAILED';

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
    claim.settled = true; // taken over here: a second copy of this package does not release it again
    try {
      await claim.release();
    } catch (error) {
      const what = `the idempotency claim of ${invocation.executionArn}, failed by the SDK`;
      const until = 'redeliveries are refused until it expires (executionTimeoutSeconds)';
      warnOnce(CODE, `durable-powertools: ${what}, was not released (${error}); ${until}`, CODE);
    }
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
