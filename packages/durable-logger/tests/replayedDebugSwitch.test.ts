import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  expectInvocationCount,
  messageOf,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_REPLAYED_ENV_VAR } from '../src/index.js';
import { middyShapes } from './support.js';

// The debug switch is an environment variable; this file runs in its own process.
beforeAll(() => {
  process.env[LOG_REPLAYED_ENV_VAR] = 'true';
});
afterAll(async () => {
  delete process.env[LOG_REPLAYED_ENV_VAR];
  await teardownDurableHarness();
});

const workflow = (logger: Logger) => async (_event: never, context: DurableContext) => {
  context.logger.info('started');
  await context.step('charge', async (step) => step.logger.info('charging'));
  logger.info('direct');
  await context.runInChildContext('deliver', async (child) => {
    child.logger.info('child before wait');
    await child.wait({ seconds: 1 });
    child.logger.info('child after wait');
  });
  context.logger.info('finished');
};

const linesOf = (records: readonly Record<string, unknown>[]) =>
  records.map((record) => `${messageOf(record)}${record.replayed === true ? ' (replayed)' : ''}`);

describe.concurrent.each(Object.entries(middyShapes))('with %s=true in %s', (_shape, build) => {
  it('writes replayed lines tagged "replayed": true instead of dropping them', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'orders' });

    // Act
    const result = await runDurable(build(workflow(logger), logger), { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    const [first, second] = result.invocations;
    expect(linesOf(first?.records ?? [])).toEqual([
      'started',
      'charging',
      'direct',
      'child before wait',
    ]);
    // A finished step is not re-run, so it has nothing to replay.
    expect(linesOf(second?.records ?? [])).toEqual([
      'started (replayed)',
      'direct (replayed)',
      'child before wait (replayed)',
      'child after wait',
      'finished',
    ]);
    const replayed = result.records.filter((record) => record.replayed === true);
    expect(new Set(replayed.map((record) => record.execution_arn)).size).toBe(1);
    expect(replayed[0]?.execution_arn).toBe(first?.records[0]?.execution_arn);
  });
});
