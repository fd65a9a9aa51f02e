import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { DurablePowertoolsPlugin } from '@durable-powertools/commons';
import {
  type DurableRunResult,
  expectEachMessageOnce,
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import middy from '@middy/core';
import { afterAll, describe, expect, it } from 'vitest';
import { durableInjectLambdaContext, durableLogger } from '../../src/index.js';

/** The suite's one plugin, which the logger needs. */
const PLUGINS = { plugins: [new DurablePowertoolsPlugin()] };

afterAll(() => teardownDurableHarness());

/** A logger that buffers DEBUG and below and flushes on an error log (Powertools' defaults). */
const bufferingLogger = (): Logger =>
  new Logger({ serviceName: 'orders', logLevel: 'INFO', logBufferOptions: { enabled: true } });

/** Messages each invocation printed, in order. */
const messagesPerInvocation = (result: DurableRunResult): unknown[][] =>
  result.invocations.map((invocation) => invocation.records.map((record) => record.message));

describe('log buffering (logBufferOptions)', () => {
  it('flushes on an error log, once: the replayed error log does not flush again', async () => {
    // Prepare
    const logger = bufferingLogger();
    const workflow = async (_event: unknown, context: DurableContext) => {
      logger.debug('d1');
      logger.error('e1');
      await context.wait({ seconds: 1 });
      logger.debug('d2');
      logger.error('e2');
      logger.debug('never flushed');
      return 'done';
    };
    const handler = withDurableExecution(middy(workflow).use(durableLogger({ logger })), PLUGINS);

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess: the model: d1 flushed by e1 in invocation 1; replay rebuilds d1 and replays e1
    // (dropped); d2 is flushed by e2; the last debug line is never flushed (the workflow succeeded).
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(messagesPerInvocation(result)).toEqual([
      ['d1', 'e1'],
      ['d2', 'e2'],
    ]);
    expect(result.records.find((record) => record.message === 'd1')?.level).toBe('DEBUG');
    expect(result.records.every((record) => typeof record.execution_arn === 'string')).toBe(true);
  });

  it('flushes the lines of earlier invocations, rebuilt by replay, when the workflow fails', async () => {
    // Prepare
    const logger = bufferingLogger();
    class Lambda {
      @durableInjectLambdaContext({ logger })
      public async handler(_event: unknown, context: DurableContext): Promise<string> {
        logger.debug('before the wait');
        await context.step('reserve', async () => logger.debug('inside the step'));
        await context.wait({ seconds: 1 });
        logger.debug('after the wait');
        throw new Error('payment declined');
      }
    }
    const lambda = new Lambda();
    const middyHandler = withDurableExecution(
      middy(async (_event: unknown, context: DurableContext) => {
        logger.debug('before the wait');
        await context.step('reserve', async () => logger.debug('inside the step'));
        await context.wait({ seconds: 1 });
        logger.debug('after the wait');
        throw new Error('payment declined');
      }).use(durableLogger({ logger })),
      PLUGINS,
    );

    for (const handler of [
      withDurableExecution(lambda.handler.bind(lambda), PLUGINS),
      middyHandler,
    ]) {
      // Act
      const result = await runDurable(handler, { payload: {} });

      // Assess: nothing printed while suspended; the failing invocation prints the body's lines
      // of both invocations once. The step's line ran in invocation 1 only and is not rebuilt.
      expect(result.status).toBe('FAILED');
      expectInvocationCount(result, { exactly: 2 });
      expect(messagesPerInvocation(result)[0]).toEqual([]);
      expectEachMessageOnce(result, ['before the wait', 'after the wait']);
      expect(messagesPerInvocation(result)[1]?.slice(0, 2)).toEqual([
        'before the wait',
        'after the wait',
      ]);
      expect(result.records.some((record) => record.message === 'inside the step')).toBe(false);
    }
  });

  it('flushes a step attempt’s lines on an error log in the attempt, not the body’s', async () => {
    // Prepare
    const logger = bufferingLogger();
    const workflow = async (_event: unknown, context: DurableContext) => {
      logger.debug('body line');
      await context.step('charge', async () => {
        logger.debug('attempt line');
        logger.error('attempt failed softly');
      });
      await context.wait({ seconds: 1 });
      return 'done';
    };
    const handler = withDurableExecution(middy(workflow).use(durableLogger({ logger })), PLUGINS);

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(messagesPerInvocation(result)).toEqual([['attempt line', 'attempt failed softly'], []]);
  });
});
