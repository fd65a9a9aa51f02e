import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { WaitingOperationStatus } from '@aws/durable-execution-sdk-js-testing';
import {
  BatchProcessor,
  EventType,
  SqsFifoPartialProcessor,
  SqsFifoPartialProcessorAsync,
} from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/batch/parser';
import { expectInvocationCount, runDurable } from '@durable-powertools/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { middyShapes, type Workflow } from '../../../tests/support/middyShapes.js';
import { pluginConfig } from '../../../tests/support/plugin.js';
import { processDurablePartialResponse } from '../src/index.js';
import {
  dynamodbEvent,
  dynamodbRecord,
  kinesisEvent,
  kinesisRecord,
  sqsEvent,
  sqsRecord,
} from './helpers/events.js';
import { Journal } from './helpers/journal.js';
import { type Plan, plannedHandler } from './helpers/records.js';

type Processor = BatchProcessor | SqsFifoPartialProcessor | SqsFifoPartialProcessorAsync;

/** A durable handler processing its event with `processDurablePartialResponse` and `plan`. */
const batchWorkflow =
  (journal: Journal, plan: Plan, processor: Processor, options: Record<string, unknown> = {}) =>
  async (event: { Records: never[] }, context: DurableContext) =>
    processDurablePartialResponse(event, plannedHandler(journal, plan), processor, {
      context,
      ...options,
    } as never);

const failures = (...ids: string[]) => ({
  batchItemFailures: ids.map((itemIdentifier) => ({ itemIdentifier })),
});

describe('processDurablePartialResponse on the real runner', () => {
  const shapes = {
    'withDurableExecution(handler, { plugins })': (workflow: Workflow) =>
      withDurableExecution(workflow, pluginConfig()),
    ...Object.fromEntries(
      Object.entries(middyShapes).map(([name, shape]) => [
        name,
        (workflow: Workflow) => shape(workflow, []),
      ]),
    ),
  };

  it.each(Object.entries(shapes))(
    'SQS: a waiting record finishes in a later invocation, the others once, a failure reported, logs keyed by record (%s)',
    async (_shape, durable) => {
      // Prepare: m2 waits 1 s (the execution suspends), m3 fails
      const journal = new Journal();
      const plan: Plan = { m1: 'ok', m2: 'wait', m3: 'fail' };
      const event = sqsEvent(sqsRecord('m1', 'a'), sqsRecord('m2', 'b'), sqsRecord('m3', 'c'));
      const handler = journal.handler(
        batchWorkflow(journal, plan, new BatchProcessor(EventType.SQS)),
        durable,
      );

      // Act
      const result = await runDurable(handler, { payload: event });

      // Assess: the model of one execution: m1 and m3 run once in the first invocation, m2's
      // body up to its wait in both (an unfinished child context re-runs), its effect once, after
      expect(result.status).toBe('SUCCEEDED');
      expect(result.result).toEqual(failures('m3'));
      expectInvocationCount(result, { exactly: 2 });
      expect(journal.invocationsOf('enter m1')).toEqual([1]);
      expect(journal.invocationsOf('enter m3')).toEqual([1]);
      expect(journal.invocationsOf('enter m2')).toEqual([1, 2]);
      expect(journal.invocationsOf('effect m1')).toEqual([1]);
      expect(journal.invocationsOf('effect m2')).toEqual([2]);
      expect(journal.count('effect m3')).toBe(0);
      const processed = result.records.filter((r) => String(r.message).startsWith('processed'));
      expect(processed.map((r) => [r.message, r.operationName])).toEqual([
        ['processed m1', 'record:m1'],
        ['processed m2', 'record:m2'],
      ]);
      expect(processed.every((r) => typeof r.operationId === 'string')).toBe(true);
      // With DurablePowertoolsPlugin, every line of a record, its steps' included, carries its id
      expect(processed.map((r) => r.correlation_id)).toEqual(['m1', 'm2']);
      const effects = result.records.filter((r) => String(r.message).startsWith('effect'));
      expect(effects.map((r) => [r.message, r.operationName, r.correlation_id])).toEqual([
        ['effect m1', 'effect', 'm1'],
        ['effect m2', 'effect', 'm2'],
      ]);
    },
  );

  it('processInParallel (default) runs the other records while one waits; sequential runs them after it', async () => {
    // Prepare: the same batch twice, r1 waits 1 s
    const plan: Plan = { r1: 'wait', r2: 'ok', r3: 'ok' };
    const event = sqsEvent(sqsRecord('r1', 'a'), sqsRecord('r2', 'b'), sqsRecord('r3', 'c'));
    const parallel = new Journal();
    const sequential = new Journal();

    // Act
    const [inParallel, inSequence] = await Promise.all([
      runDurable(
        parallel.handler(batchWorkflow(parallel, plan, new BatchProcessor(EventType.SQS))),
        { payload: event },
      ),
      runDurable(
        sequential.handler(
          batchWorkflow(sequential, plan, new BatchProcessor(EventType.SQS), {
            processInParallel: false,
          }),
        ),
        { payload: event },
      ),
    ]);

    // Assess
    for (const result of [inParallel, inSequence]) {
      expect(result.result).toEqual(failures());
      expectInvocationCount(result, { exactly: 2 });
    }
    expect(parallel.invocationsOf('effect r2')).toEqual([1]);
    expect(parallel.invocationsOf('effect r3')).toEqual([1]);
    expect(parallel.invocationsOf('effect r1')).toEqual([2]);
    expect(parallel.invocationsOf('enter r2')).toEqual([1]);
    const effects = (journal: Journal) =>
      journal.entries.filter((entry) => entry.what.startsWith('effect'));
    expect(effects(sequential)).toEqual([
      { invocation: 2, what: 'effect r1' },
      { invocation: 2, what: 'effect r2' },
      { invocation: 2, what: 'effect r3' },
    ]);
    expect(sequential.invocationsOf('enter r2')).toEqual([2]);
  });

  it.each([
    ['SqsFifoPartialProcessor', () => new SqsFifoPartialProcessor()],
    ['SqsFifoPartialProcessorAsync', () => new SqsFifoPartialProcessorAsync()],
  ])(
    'FIFO (%s): stops at the first failure, the rest reported failed and never run',
    async (_name, create) => {
      // Prepare: f1 waits then succeeds, f2 fails, f3 (another group) must not run
      const journal = new Journal();
      const plan: Plan = { f1: 'wait', f2: 'fail', f3: 'ok' };
      const event = sqsEvent(
        sqsRecord('f1', 'a', 'g1'),
        sqsRecord('f2', 'b', 'g1'),
        sqsRecord('f3', 'c', 'g2'),
      );

      // Act
      const result = await runDurable(journal.handler(batchWorkflow(journal, plan, create())), {
        payload: event,
      });

      // Assess
      expect(result.result).toEqual(failures('f2', 'f3'));
      expectInvocationCount(result, { exactly: 2 });
      expect(journal.invocationsOf('effect f1')).toEqual([1 + 1]);
      expect(journal.invocationsOf('enter f2')).toEqual([2]);
      expect(journal.count('enter f3')).toBe(0);
    },
  );

  it('FIFO skipGroupOnError: skips the failed group only, the other group goes on', async () => {
    // Prepare: g1's first record fails, so g1's later record is skipped; g2 waits, then finishes
    const journal = new Journal();
    const plan: Plan = { f1: 'fail', f2: 'wait', f3: 'ok', f4: 'ok' };
    const event = sqsEvent(
      sqsRecord('f1', 'a', 'g1'),
      sqsRecord('f2', 'b', 'g2'),
      sqsRecord('f3', 'c', 'g1'),
      sqsRecord('f4', 'd', 'g2'),
    );
    const processor = new SqsFifoPartialProcessor();

    // Act
    const result = await runDurable(
      journal.handler(batchWorkflow(journal, plan, processor, { skipGroupOnError: true })),
      { payload: event },
    );

    // Assess
    expect(result.result).toEqual(failures('f1', 'f3'));
    expectInvocationCount(result, { exactly: 2 });
    expect(journal.invocationsOf('enter f1')).toEqual([1]);
    expect(journal.count('enter f3')).toBe(0);
    expect(journal.invocationsOf('effect f2')).toEqual([2]);
    expect(journal.invocationsOf('effect f4')).toEqual([2]);
  });

  it('Kinesis and DynamoDB Streams: failures reported by sequence number', async () => {
    // Prepare
    const [k1, k2, k3] = ['4959033827149025660855969253836157109592157598913658', '2', '3'].map(
      (suffix, index) => `${index === 0 ? '' : '49590338271490256608559692538361571'}${suffix}`,
    ) as [string, string, string];
    const kinesis = new Journal();
    const dynamo = new Journal();
    const kinesisPlan: Plan = { [k1]: 'ok', [k2]: 'fail', [k3]: 'wait' };
    const dynamoPlan: Plan = { '100': 'wait', '200': 'fail', '300': 'ok' };

    // Act
    const [fromKinesis, fromDynamo] = await Promise.all([
      runDurable(
        kinesis.handler(
          batchWorkflow(kinesis, kinesisPlan, new BatchProcessor(EventType.KinesisDataStreams)),
        ),
        {
          payload: kinesisEvent(
            kinesisRecord(k1, 'a'),
            kinesisRecord(k2, 'b'),
            kinesisRecord(k3, 'c'),
          ),
        },
      ),
      runDurable(
        dynamo.handler(
          batchWorkflow(dynamo, dynamoPlan, new BatchProcessor(EventType.DynamoDBStreams)),
        ),
        {
          payload: dynamodbEvent(
            dynamodbRecord('100', 'a'),
            dynamodbRecord('200', 'b'),
            dynamodbRecord('300', 'c'),
          ),
        },
      ),
    ]);

    // Assess
    expect(fromKinesis.result).toEqual(failures(k2));
    expect(fromDynamo.result).toEqual(failures('200'));
    for (const result of [fromKinesis, fromDynamo]) expectInvocationCount(result, { exactly: 2 });
    expect([k1, k3].map((id) => kinesis.count(`effect ${id}`))).toEqual([1, 1]);
    expect(['100', '300'].map((id) => dynamo.count(`effect ${id}`))).toEqual([1, 1]);
    expect(kinesis.invocationsOf(`enter ${k2}`)).toEqual([1]);
  });

  it('a full batch failure throws FullBatchFailureError, or is reported with throwOnFullBatchFailure: false', async () => {
    // Prepare: every record fails, x1 after a wait (so the batch ends in the second invocation)
    const plan: Plan = { x1: 'waitFail', x2: 'fail' };
    const event = sqsEvent(sqsRecord('x1', 'a'), sqsRecord('x2', 'b'));
    const throwing = new Journal();
    const reporting = new Journal();
    const processor = () => new BatchProcessor(EventType.SQS);

    // Act
    const [thrown, reported] = await Promise.all([
      runDurable(throwing.handler(batchWorkflow(throwing, plan, processor())), { payload: event }),
      runDurable(
        reporting.handler(
          batchWorkflow(reporting, plan, processor(), { throwOnFullBatchFailure: false }),
        ),
        { payload: event },
      ),
    ]);

    // Assess
    expect(thrown.status).toBe('FAILED');
    expect(JSON.stringify(thrown.error)).toContain('All records failed processing');
    // In completion order, as Powertools reports parallel records: x2 failed before x1's wait ended
    expect(reported.result).toEqual(failures('x2', 'x1'));
    for (const result of [thrown, reported]) expectInvocationCount(result, { exactly: 2 });
    for (const journal of [throwing, reporting]) {
      expect(journal.invocationsOf('enter x2')).toEqual([1]);
      expect(journal.invocationsOf('enter x1')).toEqual([1, 2]);
    }
  });

  it('schema parsing (Powertools parser): an invalid record fails without running, a valid one gets the parsed body', async () => {
    // Prepare: p1 waits then succeeds, p2's body does not match the schema
    const journal = new Journal();
    const processor = new BatchProcessor(EventType.SQS, {
      parser,
      innerSchema: z.object({ order: z.string() }),
      transformer: 'json',
    });
    const recordHandler = async (
      record: { messageId: string; body: { order: string } },
      context: DurableContext,
    ) => {
      journal.note(`enter ${record.messageId}`);
      await context.wait({ seconds: 1 });
      await context.step('effect', async () => journal.note(`order ${record.body.order}`));
    };
    const handler = journal.handler(async (event, context) =>
      processDurablePartialResponse(event, recordHandler, processor, { context }),
    );
    const event = sqsEvent(
      sqsRecord('p1', JSON.stringify({ order: 'o-1' })),
      sqsRecord('p2', JSON.stringify({ order: 42 })),
    );

    // Act
    const result = await runDurable(handler, { payload: event });

    // Assess
    expect(result.result).toEqual(failures('p2'));
    expectInvocationCount(result, { exactly: 2 });
    expect(journal.invocationsOf('order o-1')).toEqual([2]);
    expect(journal.count('enter p2')).toBe(0);
  });

  it('a record waiting on a callback: the others finish meanwhile, it finishes when answered', async () => {
    // Prepare: c2 waits for an approval that the test sends once the first invocation suspended
    const journal = new Journal();
    const recordHandler = async (record: { messageId: string }, context: DurableContext) => {
      const id = record.messageId;
      journal.note(`enter ${id}`);
      const answer =
        id === 'c2'
          ? await context.waitForCallback<string>(`approval ${id}`, async () => undefined, {
              timeout: { minutes: 5 },
            })
          : 'none';
      await context.step('effect', async () => journal.note(`effect ${id} ${answer}`));
    };
    const handler = journal.handler(async (event, context) =>
      processDurablePartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
        context,
      }),
    );
    const event = sqsEvent(sqsRecord('c1', 'a'), sqsRecord('c2', 'b'), sqsRecord('c3', 'c'));

    // Act
    const result = await runDurable(handler, {
      payload: event,
      drive: async (runner) => {
        const approval = runner.getOperation('approval c2');
        await approval.waitForData(WaitingOperationStatus.SUBMITTED);
        await new Promise((resolve) => setTimeout(resolve, 300)); // the invocation suspends
        await approval.sendCallbackSuccess('approved');
      },
    });

    // Assess
    expect(result.result).toEqual(failures());
    expectInvocationCount(result, { exactly: 2 });
    expect(journal.invocationsOf('effect c1 none')).toEqual([1]);
    expect(journal.invocationsOf('effect c3 none')).toEqual([1]);
    expect(journal.invocationsOf('effect c2 approved')).toEqual([2]);
    expect(journal.invocationsOf('enter c1')).toEqual([1]);
  });
});
