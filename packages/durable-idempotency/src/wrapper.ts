import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { assertDurableContext, describeInvocation } from '@durable-powertools/commons';
import {
  DEFAULT_EVENT_KEY_JMESPATH,
  type DurableIdempotencyOptions,
  optionChecks,
} from './options.js';
import { DurableClaimStore, type RunOutcome } from './persistence/claimStore.js';
import type { StoreValue } from './powertoolsInternals.js';
import type { HeldClaim } from './state.js';
import { holdClaim } from './subscriber.js';

/** What an invocation does about idempotency, decided when it starts. */
export type IdempotencyDecision =
  /** Disabled, or no key in the event: run the workflow and record nothing. */
  | { action: 'bypass' }
  /**
   * This execution holds the claim until `claimUntil`: run, then complete or release it (`held`:
   * released at the invocation's end if the SDK fails the execution before the workflow settles).
   */
  | { action: 'run'; data: StoreValue; claimUntil: number; held: HeldClaim | undefined }
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

  public constructor(options: unknown, utility: string) {
    this.#claims = new DurableClaimStore(options, utility, DEFAULT_EVENT_KEY_JMESPATH);
  }

  /**
   * Decides, as an invocation starts, what it does. Only the first invocation of an execution (or a
   * Lambda retry of it) calls the store; every later invocation replays and makes no call at all.
   */
  public async begin(event: unknown, context: unknown): Promise<IdempotencyDecision> {
    const { enabled, utility, claimDurationMs } = this.#claims.options;
    if (!enabled) return BYPASS;
    const invocation = describeInvocation(assertDurableContext(context, utility, event));
    const data = event as StoreValue;
    const claimUntil = invocation.executionStartedAt + claimDurationMs;
    // A replaying invocation belongs to an execution that claimed the key when it started.
    if (!invocation.isFirstInvocation) {
      return this.#claims.keyOf(data, true) === undefined ? BYPASS : this.#run(data, claimUntil);
    }
    const outcome = await this.#claims.claim(data, invocation.executionArn, claimUntil);
    if (outcome.status === 'completed') return { action: 'return', response: outcome.response };
    return outcome.status === 'unkeyed' ? BYPASS : this.#run(data, claimUntil);
  }

  #run(data: StoreValue, claimUntil: number): IdempotencyDecision {
    return { action: 'run', data, claimUntil, held: holdClaim(() => this.#claims.release(data)) };
  }

  /**
   * Stores the workflow's result, or releases the claim when it failed, on the invocation where the
   * workflow ends (see {@link DurableClaimStore.finish}).
   */
  public async finish(decision: IdempotencyDecision, outcome: RunOutcome, context: DurableContext) {
    if (decision.action !== 'run') return;
    if (decision.held !== undefined) decision.held.settled = true;
    await this.#claims.finish(context, [{ data: decision.data, outcome }], decision.claimUntil);
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
      await idempotency.finish(decision, { ok: false, error }, context);
      throw error;
    }
    // The workflow ran to its end: from here on the claim is never released.
    await idempotency.finish(decision, { ok: true, result }, context);
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
