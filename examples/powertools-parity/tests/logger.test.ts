// The Python page's Logger examples (using_logger.py, log_deduplication.py, best_practice_logging.py)
// run as TypeScript twins on the real local runner: every wait really ends the invocation and the
// next one replays the handler from the top.
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  expectEachMessageOnce,
  expectInvocationCount,
  messageOf,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { withPluginFromEnvironment } from '../../../tests/support/plugin.ts';
import { createHandler as createBestPracticeHandler } from '../src/bestPracticeLogging.ts';
import { handler as deduplicationHandler } from '../src/logDeduplication.ts';
import { handler as usingLoggerHandler } from '../src/usingLogger.ts';
import { expectMessagesPerInvocation, LAMBDA_CONTEXT_KEYS, recordWith } from './support.ts';

// The examples share module-level loggers, as users write them; a logger's keys are reset when each
// invocation starts, which relies on one invocation at a time per logger (as in a Lambda sandbox),
// so these executions run one after another.
afterAll(() => teardownDurableHarness());

describe('using_logger: durableLogger on a middy chain (Python: context.set_logger + inject_lambda_context)', () => {
  it('writes each context.logger line once, with execution_arn, the extra keys and the Lambda context keys', async () => {
    // Act
    const result = await runDurable(usingLoggerHandler, { payload: { order_id: 'o-42' } });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.result).toBe('processed');
    expectInvocationCount(result, { exactly: 2 });
    expectMessagesPerInvocation(result, [['Starting workflow'], ['Workflow completed']]);
    expect(recordWith(result, 'Starting workflow')).toMatchObject({
      order_id: 'o-42',
      service: 'order-processing',
    });
    expect(recordWith(result, 'Workflow completed')).toMatchObject({ result: 'processed' });
    for (const record of result.records) {
      for (const key of LAMBDA_CONTEXT_KEYS) expect(record).toHaveProperty(key);
    }
  });
});

describe('log_deduplication', () => {
  it('writes each line once across three invocations, the direct logger call included (Python: repeated on every replay)', async () => {
    // Act
    const result = await runDurable(deduplicationHandler, { payload: {} });

    // Assess: the body ran three times; each line was written by the invocation that first reached it.
    expect(result.status).toBe('SUCCEEDED');
    expect(result.result).toBe('step1-done-step2-done');
    expectInvocationCount(result, { exactly: 3 });
    expectMessagesPerInvocation(result, [
      ['Starting workflow', 'Direct logger call', 'Step 1 completed'],
      ['Step 2 completed'],
      [],
    ]);
    expectEachMessageOnce(result);
  });

  it('baseline: the SDK alone (configureLogger, the Python set_logger) repeats the direct call and adds no execution_arn', async () => {
    // Prepare: what the Python page describes, in TypeScript, without this suite.
    const logger = new Logger({ serviceName: 'order-processing' });
    const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      context.configureLogger({ customLogger: logger });
      context.logger.info('Starting workflow');
      logger.info('Direct logger call');
      await context.step('step_1', async () => 'step1-done');
      await context.wait({ seconds: 1 });
      return 'done';
    });

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess: the body ran twice, so the direct line is there twice; context.logger's once.
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(result.invocations.map((invocation) => invocation.records.map(messageOf))).toEqual([
      ['Starting workflow', 'Direct logger call'],
      ['Direct logger call'],
    ]);
    for (const record of result.records) expect(record).not.toHaveProperty('execution_arn');
  });
});

describe('best practice: context.logger for deduplication (middy 7 durable mode)', () => {
  it('writes body and step lines once, the step line with the operation keys', async () => {
    // Prepare: the chain built with DURABLE_EXECUTION_PLUGINS set, as in the deployed function.
    const handler = withPluginFromEnvironment(createBestPracticeHandler);

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.result).toBe('processed');
    expectInvocationCount(result, { exactly: 2 });
    const arn = expectMessagesPerInvocation(result, [
      ['Starting workflow', 'Processing'],
      ['Workflow completed'],
    ]);
    expect(recordWith(result, 'Processing')).toMatchObject({
      execution_arn: arn,
      operation_name: 'process',
      attempt: 1,
    });
    // operation_id is opt-in (operationIdKeys): a named step's record carries its name.
    expect(recordWith(result, 'Processing')).not.toHaveProperty('operation_id');
    expect(recordWith(result, 'Workflow completed')).not.toHaveProperty('operation_name');
  });
});
