import { defineSlot } from '@durable-powertools/commons';

/** The claim on the event's key that an invocation's workflow holds while it runs. */
export interface HeldClaim {
  /** Deletes the claim (the store's own delete), so that a redelivery can run. */
  readonly release: () => Promise<void>;
  /** Set once something took the claim over: the workflow's completion or release step, or the end hook. */
  settled: boolean;
}

/** Per invocation, the claim its workflow holds (entry points only; not the per-record forms). */
export const heldClaims = defineSlot<{ claim: HeldClaim | undefined }>(
  '@durable-powertools/idempotency.heldClaim',
  () => ({ claim: undefined }),
);
