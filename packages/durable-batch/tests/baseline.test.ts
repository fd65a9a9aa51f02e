import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { expectInvocationCount, runDurable } from '@durable-powertools/testing';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { processDurablePartialResponse } from '../src/index.js';
import { sqsEvent, sqsRecord } from './helpers/events.js';
import { Journal } from './helpers/journal.js';

/**
 * Baseline: Powertools' own `processPartialResponse` in a durable function. The execution goes on
 * after the batch (a 1 s wait, then a summary step): the replay invocation runs every record
 * handler again, so each record's side effect happens twice. The same workflow with
 * `processDurablePartialResponse` does each once.
 */
describe('baseline: plain processPartialResponse inside a durable function', () => {
  const event = sqsEvent(sqsRecord('b1', 'a'), sqsRecord('b2', 'b'), sqsRecord('b3', 'c'));
  const recordHandler = (journal: Journal) => async (record: SQSRecord) => {
    journal.note(`effect ${record.messageId}`);
  };
  const then = async (context: DurableContext, response: unknown) => {
    await context.wait({ seconds: 1 });
    return context.step('summary', async () => response);
  };

  it('re-runs every record handler on replay; processDurablePartialResponse runs each once', async () => {
    // Prepare
    const plain = new Journal();
    const durable = new Journal();
    const plainHandler = plain.handler(async (batch, context) =>
      then(
        context,
        await processPartialResponse(
          batch,
          recordHandler(plain),
          new BatchProcessor(EventType.SQS),
          {
            context: context.lambdaContext,
          },
        ),
      ),
    );
    const durableHandler = durable.handler(async (batch, context) =>
      then(
        context,
        await processDurablePartialResponse(
          batch,
          recordHandler(durable),
          new BatchProcessor(EventType.SQS),
          { context },
        ),
      ),
    );

    // Act
    const [plainRun, durableRun] = await Promise.all([
      runDurable(plainHandler, { payload: event }),
      runDurable(durableHandler, { payload: event }),
    ]);

    // Assess: the model of one execution is one side effect per record
    for (const result of [plainRun, durableRun]) {
      expect(result.result).toEqual({ batchItemFailures: [] });
      expectInvocationCount(result, { exactly: 2 });
    }
    for (const id of ['b1', 'b2', 'b3']) {
      expect(plain.invocationsOf(`effect ${id}`)).toEqual([1, 2]); // the baseline's defect
      expect(durable.invocationsOf(`effect ${id}`)).toEqual([1]);
    }
  });
});
