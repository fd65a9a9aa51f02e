import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  expectEachMessageOnce,
  expectInvocationCount,
  messageOf,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchConsoleLikeLambdaRuntime } from './lambdaRuntimeConsole.js';
import { expectOneExecutionArn, middyShapes } from './support.js';

// Durable functions require Lambda's JSON log format; POWERTOOLS_DEV makes Powertools print through
// the global console, which the runtime patches for that format (aws-durable-execution-sdk-js#470).
// This file runs in its own process, so the environment and console changes stay here.
const savedEnv = { ...process.env };
let restoreConsole: () => void = () => {};

beforeAll(() => {
  process.env.AWS_LAMBDA_LOG_FORMAT = 'JSON';
  process.env.POWERTOOLS_DEV = 'true';
  restoreConsole = patchConsoleLikeLambdaRuntime();
});

afterAll(async () => {
  restoreConsole();
  process.env = savedEnv;
  await teardownDurableHarness();
});

const collectStdout = (act: () => void): string[] => {
  const chunks: string[] = [];
  const realWrite = process.stdout.write;
  process.stdout.write = ((chunk: string) => chunks.push(String(chunk)) > 0) as never;
  try {
    act();
  } finally {
    process.stdout.write = realWrite;
  }
  return chunks.join('').split('\n').filter(Boolean);
};

const workflow = (logger: Logger) => async (_event: never, context: DurableContext) => {
  context.logger.info('started', { orderId: 'o-1' });
  await context.step('charge', async (step) => step.logger.debug('charging'));
  logger.info('direct call');
  await context.runInChildContext('ship', async (child) => {
    child.logger.warn('shipping');
    await child.wait({ seconds: 1 });
    child.logger.error('shipping failed', new Error('no truck'));
  });
  return 'done';
};

describe('control: plain Powertools under the runtime console patch', () => {
  it('writes its record as a JSON string inside the runtime record (double wrapped)', () => {
    // Prepare
    const logger = new Logger({ serviceName: 'orders' });

    // Act
    const lines = collectStdout(() => logger.info('plain record'));

    // Assess
    expect(lines).toHaveLength(1);
    const outer = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(outer).toMatchObject({ level: 'INFO', requestId: 'lambda-request-id' });
    expect(typeof outer.message).toBe('string');
    expect(JSON.parse(outer.message as string)).toMatchObject({ message: 'plain record' });
  });
});

describe.concurrent.each(Object.entries(middyShapes))('durableLogger() in %s', (_shape, build) => {
  it('writes every record as exactly one JSON object on one line', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'orders', logLevel: 'DEBUG' });

    // Act
    const result = await runDurable(build(workflow(logger), logger), { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    const lines = result.invocations.flatMap((invocation) => invocation.lines);
    expect(result.text).toEqual([]);
    expect(lines).toHaveLength(result.records.length);
    const messages = ['started', 'charging', 'direct call', 'shipping', 'shipping failed'];
    expectEachMessageOnce(result, messages);
    expect(result.records).toHaveLength(messages.length);
    for (const record of result.records) {
      expect(record).toMatchObject({ service: 'orders', timestamp: expect.any(String) });
      expect(record.requestId).toBeUndefined(); // no runtime wrapper record around it
      expect(() => JSON.parse(messageOf(record) ?? '')).toThrow();
    }
    const failed = result.records.find((record) => messageOf(record) === 'shipping failed');
    expect(failed).toMatchObject({ level: 'ERROR', error: { name: 'Error', message: 'no truck' } });
    // POWERTOOLS_DEV prints the stack as an array of lines.
    const stack = (failed?.error as { stack?: unknown } | undefined)?.stack;
    expect(JSON.stringify(stack)).toContain('Error: no truck');
    expectOneExecutionArn(result);
  });
});
