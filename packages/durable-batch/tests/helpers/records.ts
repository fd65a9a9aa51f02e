import type { DurableContext } from '@aws/durable-execution-sdk-js';
import type { Journal } from './journal.js';

/** What a record of a scenario does: finish, wait 1 s (an invocation boundary) first, throw, or both. */
export type Plan = Record<string, 'ok' | 'wait' | 'fail' | 'waitFail'>;

/** The id Lambda reports for an SQS, Kinesis or DynamoDB Streams record. */
export const idOf = (record: unknown): string => {
  const r = record as {
    messageId?: string;
    kinesis?: { sequenceNumber: string };
    dynamodb?: { SequenceNumber: string };
  };
  return r.messageId ?? r.kinesis?.sequenceNumber ?? (r.dynamodb?.SequenceNumber as string);
};

/**
 * A Powertools-style record handler `(record, context)` following `plan`: it notes its entry, waits
 * or throws as planned, then does its side effect in a step (logging it through the step's logger)
 * and logs through `context.logger`.
 */
export const plannedHandler =
  (journal: Journal, plan: Plan) =>
  async (record: unknown, context: DurableContext): Promise<string> => {
    const id = idOf(record);
    journal.note(`enter ${id}`);
    if (plan[id] === 'wait' || plan[id] === 'waitFail') await context.wait({ seconds: 1 });
    if (plan[id] === 'fail' || plan[id] === 'waitFail') throw new Error(`record ${id} failed`);
    await context.step('effect', async (step) => {
      journal.note(`effect ${id}`);
      step.logger.info(`effect ${id}`);
    });
    context.logger.info(`processed ${id}`);
    return id;
  };

/**
 * A record handler for the trace tests, following its record's `plan` in `model`: `wait` waits 1 s
 * first (a wait named `pause`); then a step `charge`, which throws for `fail` and is never retried.
 */
export const chargingHandler =
  (model: Record<string, { plan: 'ok' | 'wait' | 'fail' }>) =>
  async (record: unknown, context: DurableContext): Promise<void> => {
    const id = idOf(record);
    if (model[id]?.plan === 'wait') await context.wait('pause', { seconds: 1 });
    await context.step(
      'charge',
      async () => {
        if (model[id]?.plan === 'fail') throw new Error(`${id} declined`);
        return 'charged';
      },
      { retryStrategy: () => ({ shouldRetry: false }) },
    );
  };
