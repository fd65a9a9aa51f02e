import { Logger } from '@aws-lambda-powertools/logger';
import {
  expectInvocationCount,
  messageOf,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { middyShapes, recordWith, type Workflow } from './support.js';

afterAll(() => teardownDurableHarness());

describe.concurrent.each(Object.entries(middyShapes))('%s', (_name, build) => {
  it('formats console-style context.logger calls as the SDK does (util.format), keeping an Error', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'orders' });
    const failure = new Error('card declined');
    const workflow: Workflow = async (_event, context) => {
      context.logger.info('User %s (ID: %d)', 'TestUser', 12345);
      context.logger.info('params:', 'p1', 'p2', 42, true);
      context.logger.error(failure);
      context.logger.warn('charge failed for %s', 'o-1', failure);
      await context.step('charge', async (step) => {
        step.logger.info('attempt %d of %d', 1, 3);
      });
      return 'ok';
    };

    // Act
    const result = await runDurable(build(workflow, logger), { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 1 });
    expect(recordWith(result, 'User TestUser (ID: 12345)').level).toBe('INFO');
    expect(recordWith(result, 'params: p1 p2 42 true').level).toBe('INFO');
    const errorRecord = recordWith(result, 'card declined');
    expect(errorRecord.level).toBe('ERROR');
    expect((errorRecord.error as { stack?: string }).stack).toContain('Error: card declined');
    expect((errorRecord.error as { stack?: string }).stack).toContain('sdkEdgeCases.test.ts');
    const warnRecord = recordWith(result, 'charge failed for o-1');
    expect((warnRecord.error as { message?: string }).message).toBe('card declined');
    expect(recordWith(result, 'attempt 1 of 3').attempt).toBe(1);
  });

  it('does not log FLAT map items again when the SDK re-runs them to rebuild a summarised map', async () => {
    // Prepare: 8 items of 40 KB (over the 256 KB checkpoint limit together), then a wait
    const logger = new Logger({ serviceName: 'orders' });
    let itemRuns = 0;
    const workflow: Workflow = async (_event, context) => {
      await context.map(
        'render',
        [1, 2, 3, 4, 5, 6, 7, 8],
        async (child, page) => {
          itemRuns++;
          child.logger.info(`rendering page ${page}`);
          logger.info(`page ${page} rendered`);
          return `${page}`.padEnd(40 * 1024, 'x');
        },
        { nesting: 'FLAT' as never },
      );
      await context.wait({ seconds: 1 });
      logger.info('all pages rendered');
      return 'ok';
    };

    // Act
    const result = await runDurable(build(workflow, logger), { payload: {} });

    // Assess: the items ran twice (the rebuild), each line was written once
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(itemRuns).toBe(16);
    const messages = result.records.map(messageOf);
    for (let page = 1; page <= 8; page++) {
      expect(messages.filter((message) => message === `rendering page ${page}`)).toHaveLength(1);
      expect(messages.filter((message) => message === `page ${page} rendered`)).toHaveLength(1);
    }
    expect(messages.filter((message) => message === 'all pages rendered')).toHaveLength(1);
  });
});
