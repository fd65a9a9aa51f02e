import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import {
  type DurableIdempotencyOptions,
  DurableIdempotencyPersistenceError,
  durableIdempotency,
  makeDurableBatchIdempotent,
  withDurableIdempotency,
} from '@durable-powertools/idempotency';
import type { DurableHandler, DurableRunResult } from '@durable-powertools/testing';
import middy from '@middy/core';
import { expect } from 'vitest';
import type { StoreWrite } from './faultProxy.ts';
import type { SqsEvent, SqsRecord } from './workflows.ts';

/** The body a test delivers to make the first delivery of a message fail (before any side effect). */
export const FAIL_FIRST = 'fail-first';

/** What a fault test observes of its own workflows: side effects per key and errors thrown. */
export interface Observed {
  /** Runs of the `charge` step (the side effect), per message id. */
  charges: Map<string, number>;
  /** Every error a handler threw, as thrown (live objects, `cause` included). */
  errors: unknown[];
}

export const newObserved = (): Observed => ({ charges: new Map(), errors: [] });

const failsThisDelivery = (record: SqsRecord): boolean =>
  record.body === FAIL_FIRST && record.attributes.ApproximateReceiveCount === '1';

/**
 * Processes one message: fails at once on the first delivery of a `fail-first` message; otherwise
 * charges in a step (counted), waits 1 s (a second invocation) and returns.
 */
export const processMessage = async (
  record: SqsRecord,
  context: DurableContext,
  observed: Observed,
): Promise<string> => {
  if (failsThisDelivery(record)) throw new Error(`payment provider down for ${record.messageId}`);
  const charged = await context.step('charge', async () => {
    observed.charges.set(record.messageId, (observed.charges.get(record.messageId) ?? 0) + 1);
    return `charged ${record.messageId}`;
  });
  await context.wait({ seconds: 1 });
  return charged;
};

const capturing =
  <E, R>(handler: (event: E, context: DurableContext) => Promise<R>, observed: Observed) =>
  async (event: E, context: DurableContext): Promise<R> => {
    try {
      return await handler(event, context);
    } catch (error) {
      observed.errors.push(error);
      throw error;
    }
  };

/** The utilities under test, each built on a one-message workflow or a record handler. */
export const FAULT_SHAPES: Record<
  string,
  (options: DurableIdempotencyOptions, observed: Observed) => DurableHandler
> = {
  'durableIdempotency()': (options, observed) => {
    const workflow = (event: SqsEvent, context: DurableContext) =>
      processMessage(event.Records[0] as SqsRecord, context, observed);
    const handler = middy(workflow).use(durableIdempotency(options) as never);
    return withDurableExecution(capturing(handler as unknown as typeof workflow, observed));
  },
  'withDurableIdempotency()': (options, observed) =>
    withDurableExecution(
      capturing(
        withDurableIdempotency(
          (event: SqsEvent, context: DurableContext) =>
            processMessage(event.Records[0] as SqsRecord, context, observed),
          options,
        ),
        observed,
      ),
    ),
  'makeDurableBatchIdempotent()': (options, observed) =>
    withDurableExecution(
      capturing(
        makeDurableBatchIdempotent(
          (record: SqsRecord, context: DurableContext) => processMessage(record, context, observed),
          options,
        ),
        observed,
      ),
    ),
};

/** Message ids Lambda would treat as acknowledged after `result` (none when the execution failed). */
export const acknowledged = (event: SqsEvent, result: DurableRunResult): string[] => {
  if (result.status !== 'SUCCEEDED') return [];
  const response = result.result as { batchItemFailures?: Array<{ itemIdentifier: string }> };
  const failed = new Set(response?.batchItemFailures?.map((item) => item.itemIdentifier));
  return event.Records.map((record) => record.messageId).filter((id) => !failed.has(id));
};

/**
 * The guarantees that hold under every single fault: the side effect ran at most once per key, no
 * acknowledged message went without it, and every persistence error is typed, names its write and
 * carries the store's error as `cause`.
 */
export const expectGuarantees = (
  observed: Observed,
  deliveries: Array<{ event: SqsEvent; result: DurableRunResult }>,
): void => {
  for (const [messageId, runs] of observed.charges) {
    expect(runs, `charges of ${messageId}`).toBeLessThanOrEqual(1);
  }
  for (const { event, result } of deliveries) {
    for (const messageId of acknowledged(event, result)) {
      expect(observed.charges.get(messageId), `${messageId} acknowledged without running`).toBe(1);
    }
  }
  for (const error of observed.errors) {
    if (!(error instanceof DurableIdempotencyPersistenceError)) continue;
    expect(error.cause, `${error.name} without cause`).toBeDefined();
    expect(error.message).toContain(`(${error.operation}`);
    expect(error.message).toContain((error.cause as Error).message ?? String(error.cause));
  }
};

/** The persistence errors a test saw, as `name: operation`. */
export const persistenceErrorsOf = (observed: Observed): string[] =>
  observed.errors
    .filter((error) => error instanceof DurableIdempotencyPersistenceError)
    .map(
      (error) =>
        `${(error as Error).name}: ${(error as DurableIdempotencyPersistenceError).operation}`,
    );

export type { StoreWrite };
