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

/** Builds a logger with the given environment, as a Lambda sandbox would at module load. */
const loggerWithEnv = (env: Record<string, string>): Logger => {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return new Logger({ serviceName: 'orders' });
  } finally {
    process.env = saved;
  }
};

const everyLevel = (logger: Logger) => async (_event: never, context: DurableContext) => {
  await context.wait({ seconds: 1 });
  context.logger.debug('sdk debug');
  context.logger.info('sdk info');
  context.logger.warn('sdk warn');
  logger.debug('direct debug');
  logger.info('direct info');
  logger.error('direct error');
};

describe.concurrent.each(Object.entries(middyShapes))('in %s', (_shape, build) => {
  it('takes the level from POWERTOOLS_LOG_LEVEL', async () => {
    // Prepare
    const logger = loggerWithEnv({ POWERTOOLS_LOG_LEVEL: 'DEBUG' });

    // Act
    const result = await runDurable(build(everyLevel(logger), logger), { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(result.records.map(messageOf)).toEqual([
      'sdk debug',
      'sdk info',
      'sdk warn',
      'direct debug',
      'direct info',
      'direct error',
    ]);
  });

  it('lets AWS_LAMBDA_LOG_LEVEL win over POWERTOOLS_LOG_LEVEL, as Powertools does', async () => {
    // Prepare
    const logger = loggerWithEnv({ POWERTOOLS_LOG_LEVEL: 'DEBUG', AWS_LAMBDA_LOG_LEVEL: 'WARN' });

    // Act
    const result = await runDurable(build(everyLevel(logger), logger), { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    const messages = result.records.map(messageOf);
    expect(messages).toContain('sdk warn');
    expect(messages).toContain('direct error');
    expect(messages).not.toContain('sdk info');
    expect(messages).not.toContain('direct debug');
  });

  it('logs errors with name, message and stack, and never throws on circular or BigInt values', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'orders' });
    const workflow = async (_event: never, context: DurableContext) => {
      const order: Record<string, unknown> = { id: 'o-1' };
      order.self = order;
      await context.step('odd values', async (step) => {
        step.logger.info('circular', { order });
        logger.info('bigint', { total: 12345678901234567890n });
      });
      await context.wait({ seconds: 1 });
      class PaymentError extends Error {
        public override readonly name = 'PaymentError';
      }
      context.logger.error('payment failed', new PaymentError('card declined'));
      logger.error({ message: 'payment failed again', cause: new Error('still declined') });
      return 'done';
    };

    // Act
    const result = await runDurable(build(workflow, logger), { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expectEachMessageOnce(result, ['circular', 'bigint', 'payment failed', 'payment failed again']);
    // Powertools' JSON replacer drops the circular reference and prints BigInt as a string.
    expect(recordWith(result, 'circular').order).toEqual({ id: 'o-1' });
    expect(recordWith(result, 'bigint').total).toBe('12345678901234567890');
    expect(recordWith(result, 'payment failed')).toMatchObject({
      level: 'ERROR',
      error: {
        name: 'PaymentError',
        message: 'card declined',
        stack: expect.stringContaining('card declined'),
      },
    });
    expect(recordWith(result, 'payment failed again')).toMatchObject({
      cause: { name: 'Error', message: 'still declined', stack: expect.any(String) },
    });
  });
});
