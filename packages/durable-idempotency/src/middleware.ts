import { cleanupMiddlewares } from '@aws-lambda-powertools/commons';
import type { DurableMiddlewareObj, DurableMiddyRequest } from '@durable-powertools/commons';
import { internalKey, onWorkflowError } from '@durable-powertools/commons';
import type { DurableIdempotencyOptions } from './options.js';
import { EntryPointIdempotency, type IdempotencyDecision } from './wrapper.js';

const DECISION_KEY = internalKey('idempotency', 'decision');
/** Set once `after` starts storing the result: from then on the claim is never released. */
const COMPLETING_KEY = internalKey('idempotency', 'completing');

/**
 * The middy middleware, the durable counterpart of Powertools' `makeHandlerIdempotent`: makes a
 * durable function's entry point idempotent, one durable execution per event, however often an SQS,
 * Kinesis or DynamoDB Streams mapping (or a client) delivers it.
 *
 * - The first invocation of an execution claims the event's key in one conditional write
 *   (INPROGRESS for as long as the execution can run, with the execution's ARN as owner); a Lambda
 *   retry of that invocation is recognised as the owner.
 * - Replay invocations of the owning execution make no persistence call at all.
 * - Another execution with the same key gets the stored result without running the workflow
 *   (COMPLETED; Powertools' `cleanupMiddlewares` runs, as with Powertools' early return),
 *   `IdempotencyAlreadyInProgressError` (INPROGRESS: the mapping retries later), or
 *   `IdempotencyValidationError` (different payload under `payloadValidationJmesPath`).
 * - When the workflow succeeds its result is stored in a checkpointed step with retries; if the store
 *   stays down, `DurableIdempotencyResultNotStoredError` and the claim is kept. When the workflow
 *   fails the claim is released (also a checkpointed step with retries).
 *
 * @throws DurableIdempotencyOptionError - at once, for an unknown, missing or wrong option
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
 * import { durableIdempotency } from '@durable-powertools/idempotency';
 * import middy from '@middy/core';
 *
 * const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });
 *
 * export const handler = withDurableExecution(
 *   middy(async (event: SQSEvent, context: DurableContext) => {
 *     await context.step('charge', async () => charge(event));
 *     await context.wait({ seconds: 60 });
 *     return 'charged';
 *   }).use(durableIdempotency({ persistenceStore })),
 * );
 * ```
 */
export const durableIdempotency = <TEvent = unknown, TResult = unknown>(
  options: DurableIdempotencyOptions,
): DurableMiddlewareObj<TEvent, TResult> => {
  const idempotency = new EntryPointIdempotency(options, 'durableIdempotency()');
  const decisionOf = (request: DurableMiddyRequest): IdempotencyDecision | undefined =>
    request.internal[DECISION_KEY] as IdempotencyDecision | undefined;

  return {
    before: async (request) => {
      // `before` runs on every invocation; the decision is per invocation, never carried over.
      const decision = await idempotency.begin(request.event, request.context);
      request.internal[DECISION_KEY] = decision;
      if (decision.action !== 'return') return;
      // The stored result of another execution: answer early, whatever it is (undefined included),
      // after the other Powertools middlewares cleaned up, as Powertools' own early return does.
      await cleanupMiddlewares(request as never);
      (request as { earlyResponse?: unknown }).earlyResponse = decision.response;
      return decision.response;
    },
    after: async (request) => {
      const decision = decisionOf(request);
      if (decision === undefined) return;
      // The workflow ran to its end: whatever happens to the completion, the claim stays.
      request.internal[COMPLETING_KEY] = true;
      await idempotency.finish(decision, { ok: true, result: request.response }, request.context);
    },
    // Not for middy's late early-timeout of a suspended invocation: that execution keeps its claim.
    onError: onWorkflowError(async (request) => {
      const decision = decisionOf(request);
      if (decision === undefined || request.internal[COMPLETING_KEY] === true) return;
      await idempotency.finish(decision, { ok: false, error: request.error }, request.context);
    }),
  };
};
