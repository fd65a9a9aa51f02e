import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { DurablePowertoolsPlugin } from '@durable-powertools/commons';
import {
  expectEachMessageOnce,
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import middy from '@middy/core';
import { afterAll, describe, expect, it } from 'vitest';
import { durableLogger } from '../src/index.js';
import { expectOneExecutionArn, recordWith } from './support.js';

/** The suite's one plugin, which the logger needs. */
const PLUGINS = { plugins: [new DurablePowertoolsPlugin()] };

afterAll(() => teardownDurableHarness());

describe('loggers made with createChild()', () => {
  it('write once across replays with the durable keys, whether created at module load or in the workflow', async () => {
    // Prepare: the child exists before the middleware, as when another module creates it
    const logger = new Logger({ serviceName: 'orders' });
    const payments = logger.createChild({ serviceName: 'payments' });
    const workflow = async (_event: unknown, context: DurableContext) => {
      logger.info('parent started');
      payments.info('payments started');
      await context.step('charge', async () => payments.info('charging'));
      await context.wait({ seconds: 1 });
      const audit = payments.createChild({ persistentKeys: { component: 'audit' } });
      audit.warn('audited');
      payments.info('payments finished');
      return 'done';
    };
    const handler = withDurableExecution(middy(workflow).use(durableLogger({ logger })), PLUGINS);

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    const messages = [
      'parent started',
      'payments started',
      'charging',
      'audited',
      'payments finished',
    ];
    expectEachMessageOnce(result, messages);
    expect(result.records).toHaveLength(messages.length);
    expectOneExecutionArn(result);
    const parent = recordWith(result, 'parent started');
    expect(parent.service).toBe('orders');
    expect(parent.function_request_id).toEqual(expect.any(String));
    for (const message of messages.slice(1)) {
      const record = recordWith(result, message);
      expect(record.service).toBe('payments');
      // The Lambda context keys of the invocation, as on the parent's records.
      expect(record.function_request_id).toBe(parent.function_request_id);
    }
    expect(recordWith(result, 'charging')).toMatchObject({ operation_name: 'charge', attempt: 1 });
    expect(recordWith(result, 'audited').component).toBe('audit');
    expect(result.invocations[1]?.records.map((record) => record.message)).toEqual([
      'audited',
      'payments finished',
    ]);
  });

  it('keep their own behaviour outside a durable invocation', () => {
    // Prepare
    const logger = new Logger({ serviceName: 'orders' });
    const child = logger.createChild({ serviceName: 'payments' });
    const lines: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => lines.push(String(chunk))) as never;

    // Act
    try {
      durableLogger({ logger });
      child.info('outside');
    } finally {
      process.stdout.write = write;
    }

    // Assess
    expect(lines.map((line) => JSON.parse(line))).toMatchObject([
      { message: 'outside', service: 'payments' },
    ]);
  });
});
