import type { DurableContext } from '@aws/durable-execution-sdk-js';
import {
  assertDurableContext,
  describeInvocation,
  getExecutionStartTime,
} from '@durable-powertools/commons';
import { DEFAULT_EVENT_KEY_JMESPATH } from './constants.js';
import {
  DurableIdempotencyReleaseError,
  DurableIdempotencyResultNotStoredError,
  messageOf,
} from './errors.js';
import { DurableClaimStore, type StoreValue } from './persistence/DurableClaimStore.js';
import { type ResolvedOptions, resolveOptions } from './persistence/effectiveConfig.js';
import { StoreWriteFailure, storeWriteStep } from './persistence/storeWriteStep.js';
import type { DurableIdempotencyOptions } from './types/options.js';

/** What an invocation does about idempotency, decided when it starts. */
export type IdempotencyDecision =
  /** Disabled, or no key in the event: run the workflow and record nothing. */
  | { action: 'bypass' }
  /** This execution holds the claim until `claimUntil`: run, then complete or release it. */
  | { action: 'run'; data: StoreValue; claimUntil: number }
  /** Another execution completed this key: return its stored result instead of running. */
  | { action: 'return'; response: unknown };

const BYPASS: IdempotencyDecision = { action: 'bypass' };

/** Names of the checkpointed steps that store the result and release the claim. */
export const COMPLETE_STEP = 'idempotency: store result';
export const RELEASE_STEP = 'idempotency: release claim';

/**
 * The idempotency lifecycle of a durable entry point, shared by {@link durableIdempotency} and
 * {@link makeDurableIdempotent}: claim on the first invocation of an execution (one conditional
 * write), pass every replay invocation through without touching the store, then store the result or
 * release the claim in a checkpointed step with retries.
 *
 * @internal
 */
export class DurableIdempotencyHandler {
  readonly #claims: DurableClaimStore;
  readonly #options: ResolvedOptions;
  readonly #utility: string;

  public constructor(options: DurableIdempotencyOptions, utility: string) {
    this.#options = resolveOptions(options, utility, DEFAULT_EVENT_KEY_JMESPATH);
    this.#utility = utility;
    this.#claims = new DurableClaimStore(
      this.#options.persistenceStore,
      this.#options.storeConfig,
      { ...this.#options, utility },
    );
  }

  /**
   * Decides, as an invocation starts, what it does. Only the first invocation of an execution (or a
   * Lambda retry of it) calls the store; every later invocation replays and makes no call at all.
   */
  public async begin(event: unknown, context: unknown): Promise<IdempotencyDecision> {
    if (!this.#options.enabled) return BYPASS;
    const durableContext = assertDurableContext(context, this.#utility, event);
    const invocation = describeInvocation(durableContext);
    const data = event as StoreValue;
    const startedAt = getExecutionStartTime(durableContext)?.getTime() ?? invocation.startedAt;
    const claimUntil = startedAt + this.#options.claimDurationMs;
    // A replaying invocation belongs to an execution that claimed the key when it started.
    if (!invocation.isFirstInvocation) {
      return !this.#claims.hasKey(data) ? BYPASS : { action: 'run', data, claimUntil };
    }
    const outcome = await this.#claims.claim(data, invocation.executionArn, claimUntil);
    if (outcome.status === 'completed') return { action: 'return', response: outcome.response };
    if (outcome.status === 'unkeyed') return BYPASS;
    return { action: 'run', data, claimUntil };
  }

  /**
   * Stores the workflow's result, in a checkpointed step with retries; runs on the invocation that
   * completes the workflow. Never releases the claim.
   *
   * @throws DurableIdempotencyResultNotStoredError - past the retries (the claim is kept)
   */
  public async succeed(
    decision: IdempotencyDecision,
    result: unknown,
    context: DurableContext,
  ): Promise<void> {
    if (decision.action !== 'run') return;
    const stored = await storeWriteStep(
      context,
      COMPLETE_STEP,
      this.#options.storeWriteAttempts,
      () => this.#claims.complete(decision.data, result),
    );
    if (stored instanceof StoreWriteFailure) {
      throw new DurableIdempotencyResultNotStoredError(
        `The workflow succeeded but its result was not stored in the idempotency store ` +
          `(completion, ${this.#options.storeWriteAttempts} attempts): ${messageOf(stored.cause)}. ` +
          `The claim is kept: duplicates are rejected until it expires at ` +
          `${new Date(decision.claimUntil).toISOString()}, and are run after that.`,
        { cause: stored.cause },
      );
    }
  }

  /**
   * Releases the claim so that a redelivery can retry, in a checkpointed step with retries; runs on
   * the invocation where the workflow fails.
   *
   * @throws DurableIdempotencyReleaseError - past the retries (names the workflow's error too)
   */
  public async fail(
    decision: IdempotencyDecision,
    workflowError: unknown,
    context: DurableContext,
  ): Promise<void> {
    if (decision.action !== 'run') return;
    const released = await storeWriteStep(
      context,
      RELEASE_STEP,
      this.#options.storeWriteAttempts,
      async () => {
        await this.#claims.release(decision.data);
        return null;
      },
    );
    if (released instanceof StoreWriteFailure) {
      throw new DurableIdempotencyReleaseError(
        `The workflow failed (${messageOf(workflowError)}) and its claim could not be released ` +
          `(release, ${this.#options.storeWriteAttempts} attempts): ${messageOf(released.cause)}. ` +
          'Redeliveries are rejected until the claim expires at ' +
          `${new Date(decision.claimUntil).toISOString()}, and run after that.`,
        workflowError,
        { cause: released.cause },
      );
    }
  }
}
