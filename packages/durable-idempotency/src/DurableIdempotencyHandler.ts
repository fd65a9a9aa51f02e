import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import {
  assertDurableContext,
  describeInvocation,
  getExecutionStartTime,
} from '@durable-powertools/commons';
import { DEFAULT_EVENT_KEY_JMESPATH } from './constants.js';
import { DurableClaimStore, type StoreValue } from './persistence/DurableClaimStore.js';
import { claimDurationMsOf, storeConfigOf } from './persistence/effectiveConfig.js';
import type { DurableIdempotencyOptions } from './types/options.js';

/** What an invocation does about idempotency, decided when it starts. */
export type IdempotencyDecision =
  /** Disabled, or no key in the event: run the workflow and record nothing. */
  | { action: 'bypass' }
  /** This execution holds the claim: run the workflow, then complete or release the claim. */
  | { action: 'run'; data: StoreValue }
  /** Another execution completed this key: return its stored result instead of running. */
  | { action: 'return'; response: unknown };

const BYPASS: IdempotencyDecision = { action: 'bypass' };

/**
 * The idempotency lifecycle of a durable entry point, shared by {@link durableIdempotency} and
 * {@link makeDurableIdempotent}: claim on the first invocation of an execution, pass every replay
 * invocation through without touching the store, complete or release when the workflow ends.
 *
 * @internal
 */
export class DurableIdempotencyHandler {
  readonly #claims: DurableClaimStore;
  readonly #claimDurationMs: number;
  readonly #enabled: boolean;
  readonly #utility: string;

  public constructor(options: DurableIdempotencyOptions, utility: string) {
    const config = options.config ?? new IdempotencyConfig({});
    const storeConfig = storeConfigOf(config, DEFAULT_EVENT_KEY_JMESPATH);
    this.#enabled = config.isEnabled();
    this.#utility = utility;
    this.#claimDurationMs = claimDurationMsOf(
      options.executionTimeoutSeconds,
      storeConfig.expiresAfterSeconds,
    );
    this.#claims = new DurableClaimStore(
      options.persistenceStore,
      storeConfig,
      config.throwOnNoIdempotencyKey,
      options.keyPrefix,
    );
  }

  /**
   * Decides, as an invocation starts, what it does. Only the first invocation of an execution (or a
   * Lambda retry of it) calls the store; every later invocation replays and makes no call at all.
   */
  public async begin(event: unknown, context: unknown): Promise<IdempotencyDecision> {
    if (!this.#enabled) return BYPASS;
    const durableContext = assertDurableContext(context, this.#utility, event);
    const invocation = describeInvocation(durableContext);
    const data = event as StoreValue;
    // A replaying invocation belongs to an execution that claimed the key when it started.
    if (!invocation.isFirstInvocation) return { action: 'run', data };
    const startedAt = getExecutionStartTime(durableContext)?.getTime() ?? invocation.startedAt;
    const outcome = await this.#claims.claim(
      data,
      invocation.executionArn,
      startedAt + this.#claimDurationMs,
    );
    if (outcome.status === 'completed') return { action: 'return', response: outcome.response };
    if (outcome.status === 'unkeyed') return BYPASS;
    return { action: 'run', data };
  }

  /** Stores the workflow's result: runs on the invocation that completes the workflow. */
  public async succeed(decision: IdempotencyDecision, result: unknown): Promise<void> {
    if (decision.action === 'run') await this.#claims.complete(decision.data, result);
  }

  /** Releases the claim so a redelivery can retry: runs on the invocation where the workflow fails. */
  public async fail(decision: IdempotencyDecision): Promise<void> {
    if (decision.action === 'run') await this.#claims.release(decision.data);
  }
}
