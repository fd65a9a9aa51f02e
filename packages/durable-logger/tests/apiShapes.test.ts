import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  expectEachMessageOnce,
  expectInvocationCount,
  type LogRecord,
  runDurable,
  streamOf,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import middy from '@middy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { middyShapes } from '../../../tests/support/middyShapes.js';
import { pluginConfig } from '../../../tests/support/plugin.js';
import {
  DurableLoggerOptionError,
  durableLogger,
  executionModeDurablePowertools,
  withDurableLogger,
} from '../src/index.js';
import { recordWith } from './support.js';

// The API shapes of issue 15 and the default keys of issue 18, on the real runner (1 s waits: every
// workflow here runs in exactly 2 invocations). This file runs in its own process: the environment
// below is what `new Logger()` reads, as in Lambda.

beforeAll(() => {
  process.env.POWERTOOLS_SERVICE_NAME = 'orders-from-env';
});
afterAll(async () => {
  delete process.env.POWERTOOLS_SERVICE_NAME;
  await teardownDurableHarness();
});

/** Root, named step, unnamed step, child context, wait, then root again. */
const workflow = async (_event: unknown, context: DurableContext) => {
  context.logger.info('root');
  await context.step('charge', async (step) => step.logger.info('step'));
  await context.step(async (step) => step.logger.info('unnamed step'));
  await context.runInChildContext('ship', async (child) => {
    child.logger.info('child');
    await child.step('pack', async (step) => step.logger.info('step in child'));
  });
  await context.wait({ seconds: 1 });
  context.logger.info('resumed');
  return 'done';
};
const MESSAGES = ['root', 'step', 'unnamed step', 'child', 'step in child', 'resumed'];

/** Asserts the model's key set of each record: the default keys of issue 18. */
const expectDefaultKeys = (records: readonly LogRecord[], arn: string): void => {
  const byMessage = (message: string) => records.find((record) => record.message === message);
  for (const record of records) {
    expect(record.execution_arn).toBe(arn);
    expect(record).not.toHaveProperty('executionArn');
    expect(record).not.toHaveProperty('parent_id');
  }
  for (const message of ['root', 'resumed']) {
    expect(byMessage(message)).not.toHaveProperty('operation_id');
    expect(byMessage(message)).not.toHaveProperty('operation_name');
  }
  expect(byMessage('step')).toMatchObject({ operation_name: 'charge', attempt: 1 });
  expect(byMessage('step')).not.toHaveProperty('operation_id');
  expect(byMessage('step in child')).toMatchObject({ operation_name: 'pack', attempt: 1 });
  expect(byMessage('child')).toMatchObject({ operation_name: 'ship' });
  expect(byMessage('child')).not.toHaveProperty('attempt');
  // An unnamed operation has no name to tell it by: its id instead.
  expect(byMessage('unnamed step')).toMatchObject({ operation_id: expect.any(String), attempt: 1 });
};

const executionArnOf = (records: readonly LogRecord[]): string => {
  const arns = new Set(records.map((record) => record.execution_arn));
  expect(arns.size).toBe(1);
  return String([...arns][0]);
};

describe.concurrent.each(Object.entries(middyShapes))('in %s', (_shape, shape) => {
  it.each([
    ['durableLogger()', () => durableLogger()],
    ['durableLogger({})', () => durableLogger({})],
  ])(
    '%s builds new Logger() from the environment and makes it the context logger',
    async (_name, make) => {
      // Prepare
      const logging = make();
      logging.logger.appendPersistentKeys({ team: 'checkout' });
      const handler = shape(
        async (event, context) => {
          logging.logger.appendKeys({ stage: 'invocation' }); // the default instance, from user code
          return workflow(event, context);
        },
        [logging],
      );

      // Act
      const result = await runDurable(handler, { payload: {} });

      // Assess
      expect(result.status).toBe('SUCCEEDED');
      expectInvocationCount(result, { exactly: 2 });
      expectEachMessageOnce(result, MESSAGES);
      expect(result.records).toHaveLength(MESSAGES.length);
      for (const record of result.records) {
        expect(record).toMatchObject({
          service: 'orders-from-env',
          team: 'checkout',
          stage: 'invocation',
        });
      }
      expectDefaultKeys(result.records, executionArnOf(result.records));
    },
  );

  it('fails at construction on a misspelt option, naming the closest valid one', () => {
    // Act / Assess: the handler is never built, so no invocation runs
    expect(() => shape(workflow, [durableLogger({ loger: new Logger() } as never)])).toThrow(
      /durableLogger\(\): unknown option `loger` .*Did you mean `logger`\?/,
    );
    expect(() => shape(workflow, [durableLogger({ loger: new Logger() } as never)])).toThrow(
      DurableLoggerOptionError,
    );
  });

  it("takes Powertools' signature durableLogger(logger, options)", async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'given' });
    const handler = shape(workflow, [
      durableLogger(logger, { logEvent: true, operationIdKeys: true }),
    ]);

    // Act
    const result = await runDurable(handler, { payload: { orderId: 'o-1' } });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expectEachMessageOnce(result, [...MESSAGES, 'Lambda invocation event']);
    expect(recordWith(result, 'Lambda invocation event').event).toEqual({ orderId: 'o-1' });
    for (const record of result.records) expect(record.service).toBe('given');
    const child = recordWith(result, 'child');
    expect(child.operation_id).toEqual(expect.any(String));
    expect(recordWith(result, 'step in child').parent_id).toBe(child.operation_id);
    expect(recordWith(result, 'step').operation_id).toEqual(expect.any(String));
  });

  it('writes the camelCase ARN key only with executionArnConsoleKey', async () => {
    // Prepare
    const handler = shape(workflow, [durableLogger({ executionArnConsoleKey: true })]);

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    const arn = executionArnOf(result.records);
    for (const record of result.records) expect(record.executionArn).toBe(arn);
  });

  it('keeps every Error of a console-style call, with its stack, on stderr', async () => {
    // Prepare
    const handler = shape(
      async (_event, context: DurableContext) => {
        await context.wait({ seconds: 1 });
        const declined = new Error('card declined');
        const missing = new TypeError('stock missing');
        context.logger.error('Multiple errors:', declined, missing, 'extra');
        return 'done';
      },
      [durableLogger()],
    );

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    const record = recordWith(result, 'Multiple errors: extra');
    expect(streamOf(record)).toBe('stderr');
    const error = record.error as Record<string, string>;
    const [extra] = record.extra_errors as Record<string, string>[];
    expect(error).toMatchObject({ name: 'Error', message: 'card declined' });
    expect(error.stack).toContain('Error: card declined');
    expect(extra).toMatchObject({ name: 'TypeError', message: 'stock missing' });
    expect(extra?.stack).toContain('TypeError: stock missing');
  });
});

describe.concurrent('withDurableLogger(handler, options), the plain wrapper', () => {
  it('without options: new Logger() from the environment, each line once, reachable as .logger', async () => {
    // Prepare
    const logged = withDurableLogger(workflow);
    const handler = withDurableExecution(logged, pluginConfig());

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expectEachMessageOnce(result, MESSAGES);
    expect(result.records).toHaveLength(MESSAGES.length);
    expect(logged.logger).toBeInstanceOf(Logger);
    for (const record of result.records) expect(record.service).toBe('orders-from-env');
    expectDefaultKeys(result.records, executionArnOf(result.records));
  });

  it('with a logger and settings, direct calls on the logger included', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'given' });
    const handler = withDurableExecution(
      withDurableLogger(
        async (event: unknown, context: DurableContext) => {
          logger.info('direct'); // module-level logger: once, not again on replay
          return workflow(event, context);
        },
        logger,
        { logEvent: true },
      ),
      pluginConfig(),
    );

    // Act
    const result = await runDurable(handler, { payload: { orderId: 'o-2' } });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expectEachMessageOnce(result, [...MESSAGES, 'direct', 'Lambda invocation event']);
    expect(result.records).toHaveLength(MESSAGES.length + 2);
    for (const record of result.records) expect(record.service).toBe('given');
    executionArnOf(result.records);
  });
});

describe('middy(workflow, { executionMode: executionModeDurablePowertools }).use(durableLogger())', () => {
  it('registers the plugin in code: each line once, execution_arn on every record', async () => {
    // Prepare
    const handler = middy(workflow, { executionMode: executionModeDurablePowertools }).use(
      durableLogger() as never,
    );

    // Act
    const result = await runDurable(handler as never, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expectEachMessageOnce(result, MESSAGES);
    expect(result.records).toHaveLength(MESSAGES.length);
    expectDefaultKeys(result.records, executionArnOf(result.records));
  });
});
