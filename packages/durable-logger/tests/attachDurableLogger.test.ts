import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { DurableContextMissingError } from '@durable-powertools/commons';
import {
  countMessages,
  expectEachMessageOnce,
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { pluginConfig } from '../../../tests/support/plugin.js';
import { attachDurableLogger } from '../src/index.js';
import { expectOneExecutionArn, recordWith } from './support.js';

afterAll(() => teardownDurableHarness());

/** A child context that logs, waits 1 s (the invocation ends) and logs again. */
const childAcrossWait = async (context: DurableContext, logger: Logger) => {
  await context.runInChildContext('deliver', async (child) => {
    child.logger.info('child before wait');
    logger.info('direct before wait');
    await child.wait({ seconds: 1 });
    child.logger.info('child after wait');
  });
};

describe.concurrent('attachDurableLogger() without middy', () => {
  it('gives a plain durable handler the same once-only, keyed records', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'orders' });
    const handler = withDurableExecution(async (event: { orderId: string }, context) => {
      attachDurableLogger(context, logger, { logEvent: true, operationIdKeys: true }, event);
      context.logger.info('started');
      await childAcrossWait(context, logger);
      logger.info('finished');
      return 'done';
    }, pluginConfig());

    // Act
    const result = await runDurable(handler, { payload: { orderId: 'o-1' } });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expectEachMessageOnce(result);
    expect(result.records).toHaveLength(6);
    expect(new Set(result.records.map((record) => record.execution_arn)).size).toBe(1);
    // The camelCase key is opt-in (executionArnConsoleKey).
    expect(result.records.some((record) => 'executionArn' in record)).toBe(false);
    expect(recordWith(result, 'Lambda invocation event').event).toEqual({ orderId: 'o-1' });
    const child = recordWith(result, 'child before wait');
    expect(recordWith(result, 'direct before wait').operation_id).toBe(child.operation_id);
    expect(recordWith(result, 'child after wait').operation_id).toBe(child.operation_id);
  });

  it('control: the SDK alone writes a resumed child context line twice (the gap it closes)', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'orders' });
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      context.configureLogger({ customLogger: logger });
      await childAcrossWait(context, logger);
      return 'done';
    });

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(countMessages(result).get('child before wait')).toBe(2);
    expect(result.records.some((record) => 'execution_arn' in record)).toBe(false);
  });

  it('keeps two executions running at once apart', async () => {
    // Prepare: one logger per handler, as in two Lambda functions.
    const build = (name: string) => {
      const logger = new Logger({ serviceName: name });
      return withDurableExecution(async (_event: unknown, context: DurableContext) => {
        attachDurableLogger(context, logger);
        await childAcrossWait(context, logger);
        logger.info(`${name} done`);
      }, pluginConfig());
    };

    // Act
    const [left, right] = await Promise.all([
      runDurable(build('left'), { payload: {} }),
      runDurable(build('right'), { payload: {} }),
    ]);

    // Assess
    for (const result of [left, right]) {
      expectInvocationCount(result, { exactly: 2 });
      expectEachMessageOnce(result);
      expect(result.records).toHaveLength(4);
    }
    expect(expectOneExecutionArn(left)).not.toBe(expectOneExecutionArn(right));
  });

  it('throws a DurableContextMissingError naming the fix for a plain Lambda context', () => {
    // Prepare
    const logger = new Logger();
    const lambdaContext = { functionName: 'orders', awsRequestId: 'r-1' };

    // Act
    const attach = () => attachDurableLogger(lambdaContext as never, logger);

    // Assess
    expect(attach).toThrow(DurableContextMissingError);
    expect(attach).toThrow(/withDurableExecution/);
  });
});
