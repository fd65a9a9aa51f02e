import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { assertDurableContext, describeInvocation } from '@durable-powertools/commons';
import {
  DurableIdempotencyReleaseError,
  DurableIdempotencyResultNotStoredError,
  messageOf,
} from './errors.js';
import {
  DEFAULT_EVENT_KEY_JMESPATH,
  type DurableIdempotencyOptions,
  optionChecks,
  type ResolvedOptions,
  resolveOptions,
} from './options.js';
import { DurableClaimStore, type StoreValue } from './persistence/claimStore.js';
import { StoreWriteFailure, storeWriteStep } from './persistence/storeWriteStep.js';

/** What an invocation does about idempotency, decided when it starts. */
export type IdempotencyDecision =
  /** Disabled, or no key in the event: run the workflow and record nothing. */
  | { action: 'bypass' }
  /** This execution holds the claim until `claimUntil`: run, then complete or release it. */
  | { action: 'run'; data: StoreValue; claimUntil: number }
  /** Another execution completed this key: return its stored result instead of running. */
  | { action: 'return'; response: unknown };

const BYPASS: IdempotencyDecision = { action: 'bypass' };

/**
 * The idempotency lifecycle of a durable entry point, shared by the middleware, the decorator and
 * the wrapper: claim on the first invocation of an execution (one conditional write), pass every
 * replay invocation through without touching the store, then store the result or release the claim
 * in a checkpointed step with retries.
 */
export class EntryPointIdempotency {
  readonly #claims: DurableClaimStore;
  readonly #options: ResolvedOptions;

  public constructor(options: unknown, utility: string) {
    this.#options = resolveOptions(options, utility, DEFAULT_EVENT_KEY_JMESPATH);
    this.#claims = new DurableClaimStore(this.#options);
  }

  /**
   * Decides, as an invocation starts, what it does. Only the first invocation of an execution (or a
   * Lambda retry of it) calls the store; every later invocation replays and makes no call at all.
   */
  public async begin(event: unknown, context: unknown): Promise<IdempotencyDecision> {
    if (!this.#options.enabled) return BYPASS;
    const invocation = describeInvocation(
      assertDurableContext(context, this.#options.utility, event),
    );
    const data = event as StoreValue;
    const claimUntil = invocation.executionStartedAt + this.#options.claimDurationMs;
    // A replaying invocation belongs to an execution that claimed the key when it started.
    if (!invocation.isFirstInvocation) {
      return this.#claims.hasKey(data) ? { action: 'run', data, claimUntil } : BYPASS;
    }
    const outcome = await this.#claims.claim(data, invocation.executionArn, claimUntil);
    if (outcome.status === 'completed') return { action: 'return', response: outcome.response };
    return outcome.status === 'unkeyed' ? BYPASS : { action: 'run', data, claimUntil };
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
    const attempts = this.#options.storeWriteAttempts;
    const stored = await storeWriteStep(context, 'idempotency: store result', attempts, () =>
      this.#claims.complete(decision.data, result),
    );
    if (stored instanceof StoreWriteFailure) {
      throw new DurableIdempotencyResultNotStoredError(
        `The workflow succeeded but its result was not stored in the idempotency store ` +
          `(completion, ${attempts} attempts): ${messageOf(stored.cause)}. ` +
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
    const attempts = this.#options.storeWriteAttempts;
    const released = await storeWriteStep(context, 'idempotency: release claim', attempts, () =>
      this.#claims.release(decision.data).then(() => null),
    );
    if (released instanceof StoreWriteFailure) {
      throw new DurableIdempotencyReleaseError(
        `The workflow failed (${messageOf(workflowError)}) and its claim could not be released ` +
          `(release, ${attempts} attempts): ${messageOf(released.cause)}. ` +
          'Redeliveries are rejected until the claim expires at ' +
          `${new Date(decision.claimUntil).toISOString()}, and run after that.`,
        workflowError,
        { cause: released.cause },
      );
    }
  }
}

/** A durable handler as the wrapper takes and returns it. */
export type DurableHandlerFn<TEvent, TResult> = (
  event: TEvent,
  context: DurableContext,
) => Promise<TResult>;

/** {@link withDurableIdempotency} for `utility` (the decorator names itself in messages). */
export const idempotentHandler = <TEvent, TResult>(
  handler: DurableHandlerFn<TEvent, TResult>,
  options: DurableIdempotencyOptions,
  utility: string,
): DurableHandlerFn<TEvent, TResult> => {
  if (typeof handler !== 'function') {
    optionChecks(utility).reject('handler', handler, 'the durable handler function');
  }
  const idempotency = new EntryPointIdempotency(options, utility);
  return async (event, context) => {
    const decision = await idempotency.begin(event, context);
    if (decision.action === 'return') return decision.response as TResult;
    let result: TResult;
    try {
      // A suspended invocation never settles here: only the completing invocation goes on.
      result = await handler(event, context);
    } catch (error) {
      await idempotency.fail(decision, error, context);
      throw error;
    }
    // The workflow ran to its end: from here on the claim is never released.
    await idempotency.succeed(decision, result, context);
    return result;
  };
};

/**
 * The plain wrapper, the durable counterpart of Powertools' `makeIdempotent`: wraps a durable
 * handler so that each event runs one durable execution (same behaviour and options as
 * {@link durableIdempotency}). Wrap the result in `withDurableExecution`.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
 * import { withDurableIdempotency } from '@durable-powertools/idempotency';
 *
 * export const handler = withDurableExecution(
 *   withDurableIdempotency(
 *     async (event: SQSEvent, context: DurableContext) => {
 *       await context.step('charge', async () => charge(event));
 *       return 'charged';
 *     },
 *     { persistenceStore: new DynamoDBPersistenceLayer({ tableName: 'idempotency' }) },
 *   ),
 * );
 * ```
 */
export const withDurableIdempotency = <TEvent, TResult>(
  handler: DurableHandlerFn<TEvent, TResult>,
  options: DurableIdempotencyOptions,
): DurableHandlerFn<TEvent, TResult> =>
  idempotentHandler(handler, options, 'withDurableIdempotency()');
