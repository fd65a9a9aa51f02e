import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  expectEachMessageOnce,
  expectInvocationCount,
  messageOf,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { middyShapes, recordWith } from './support.js';

afterAll(() => teardownDurableHarness());

const EVENT_MESSAGE = 'Lambda invocation event';

const waitOnce = async (_event: never, context: DurableContext) => {
  context.logger.info('before wait');
  await context.wait({ seconds: 1 });
  context.logger.info('after wait');
  return 'done';
};

/**
 * A JMESPath-like search for dotted paths. Powertools takes the search function from the user
 * (`correlationIdSearchFn`, normally `search` from `@aws-lambda-powertools/jmespath`, which this
 * repository does not install); this one is enough for the paths used here.
 */
const dottedPathSearch = (path: string, data: unknown): unknown =>
  path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], data);

const sqsEvent = (...messageIds: string[]) => ({
  Records: messageIds.map((messageId) => ({ eventSource: 'aws:sqs', messageId, body: '{}' })),
});

describe.concurrent.each(Object.entries(middyShapes))('in %s', (_shape, build) => {
  it('logEvent logs the event once per execution, not once per invocation', async () => {
    // Prepare
    const handler = build(waitOnce, new Logger(), { logEvent: true });

    // Act
    const result = await runDurable(handler, { payload: { orderId: 'o-1' } });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expectEachMessageOnce(result, [EVENT_MESSAGE, 'before wait', 'after wait']);
    const event = recordWith(result, EVENT_MESSAGE);
    expect(event.event).toEqual({ orderId: 'o-1' });
    expect(event.execution_arn).toEqual(expect.any(String));
    expect(result.invocations[0]?.records.map(messageOf)[0]).toBe(EVENT_MESSAGE);
  });

  it('does not log the event by default', async () => {
    // Prepare
    const handler = build(waitOnce, new Logger());

    // Act
    const result = await runDurable(handler, { payload: { orderId: 'o-1' } });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(result.records.map(messageOf)).toEqual(['before wait', 'after wait']);
  });

  it('puts the correlation id found at correlationIdPath on every record', async () => {
    // Prepare
    const logger = new Logger({ correlationIdSearchFn: dottedPathSearch });
    const handler = build(waitOnce, logger, { correlationIdPath: 'requestContext.requestId' });

    // Act
    const result = await runDurable(handler, {
      payload: { requestContext: { requestId: 'corr-7' } },
    });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(result.records).toHaveLength(2);
    expect(result.records.map((record) => record.correlation_id)).toEqual(['corr-7', 'corr-7']);
  });

  it.each([
    ['SQS messageId', sqsEvent('msg-1'), 'msg-1'],
    [
      'Kinesis eventID',
      { Records: [{ eventSource: 'aws:kinesis', eventID: 'shardId-1:49' }] },
      'shardId-1:49',
    ],
    [
      'DynamoDB Streams eventID',
      { Records: [{ eventSource: 'aws:dynamodb', eventID: 'ddb-9' }] },
      'ddb-9',
    ],
  ])(
    'takes the %s of a one-record batch as the correlation id',
    async (_source, payload, expected) => {
      // Prepare
      const handler = build(waitOnce, new Logger());

      // Act
      const result = await runDurable(handler, { payload });

      // Assess
      expectInvocationCount(result, { exactly: 2 });
      expect(result.records.map((record) => record.correlation_id)).toEqual([expected, expected]);
    },
  );

  it('sets no correlation id for a batch of several records', async () => {
    // Prepare
    const handler = build(waitOnce, new Logger());

    // Act
    const result = await runDurable(handler, { payload: sqsEvent('msg-1', 'msg-2') });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(result.records).toHaveLength(2);
    expect(result.records.some((record) => 'correlation_id' in record)).toBe(false);
  });
});
