import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { WaitingOperationStatus } from '@aws/durable-execution-sdk-js-testing';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  type DurableRunResult,
  expectEachMessageOnce,
  expectInvocationCount,
  messageOf,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import middy from '@middy/core';
import { executionModeDurableContext } from '@middy/core/DurableContext';
import { afterAll, describe, expect, it } from 'vitest';
import { pluginConfig, withPluginFromEnvironment } from '../../../tests/support/plugin.js';
import { durableLogger } from '../src/index.js';
import { expectOneExecutionArn, middyShapes, recordWith, type Workflow } from './support.js';

// Direct calls on a module-level logger are matched to their invocation through the async context
// the handler runs in, and keys are reset when each invocation starts. Lambda runs one invocation
// per sandbox at a time, and the reset relies on that for a logger shared by executions: these
// tests therefore run one after another, never concurrently.

afterAll(() => teardownDurableHarness());

/** A module-level logger, as users write it, and a workflow that only ever calls it directly. */
const moduleLevel = () => {
  const logger = new Logger({ serviceName: 'orders' });
  const workflow = async (_event: never, context: DurableContext) => {
    logger.info('started');
    await context.step('charge', async () => logger.info('charging'));
    await context.runInChildContext('deliver', async (child) => {
      logger.info('child before wait');
      await child.wait({ seconds: 1 });
      logger.info('child after wait');
    });
    await context.map('items', ['a', 'b'], async (_branch, item) => logger.info(`item ${item}`));
    logger.warn('finished');
    return 'done';
  };
  return { logger, workflow };
};

describe.each(Object.entries(middyShapes))('direct logger calls in %s', (_shape, build) => {
  it('are written once across replays and carry the durable keys', async () => {
    // Prepare
    const { logger, workflow } = moduleLevel();

    // Act
    const result = await runDurable(build(workflow, logger, { operationIdKeys: true }), {
      payload: {},
    });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    const messages = [
      'started',
      'charging',
      'child before wait',
      'child after wait',
      'item a',
      'item b',
      'finished',
    ];
    expectEachMessageOnce(result, messages);
    expect(result.records).toHaveLength(messages.length);
    expectOneExecutionArn(result);
    expect(recordWith(result, 'started').operation_id).toBeUndefined();
    expect(recordWith(result, 'charging')).toMatchObject({ operation_name: 'charge', attempt: 1 });
    const child = recordWith(result, 'child before wait');
    expect(child.operation_name).toBe('deliver');
    expect(recordWith(result, 'child after wait').operation_id).toBe(child.operation_id);
    const itemA = recordWith(result, 'item a');
    const itemB = recordWith(result, 'item b');
    expect(itemA.operation_id).not.toBe(itemB.operation_id);
    expect(itemA.parent_id).toEqual(expect.any(String));
    expect(itemA.parent_id).toBe(itemB.parent_id);
    expect(recordWith(result, 'finished').level).toBe('WARN');
  });
});

describe('behind an async middleware that runs first', () => {
  const slowFirst = {
    before: async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
    },
  };
  const shapes = {
    'withDurableExecution(middy(handler))': (workflow: Workflow, logger: Logger) =>
      withDurableExecution(
        middy(workflow).use([slowFirst, durableLogger({ logger })] as never),
        pluginConfig(),
      ),
    'middy(handler, { executionMode: executionModeDurableContext })': (
      workflow: Workflow,
      logger: Logger,
    ) =>
      withPluginFromEnvironment(() =>
        middy(workflow, { executionMode: executionModeDurableContext }).use([
          slowFirst,
          durableLogger({ logger }),
        ] as never),
      ),
  };

  it.each(Object.entries(shapes))(
    'direct calls still find their invocation (%s)',
    async (_shape, build) => {
      // Prepare
      const logger = new Logger({ serviceName: 'orders' });
      const workflow = async (_event: never, context: DurableContext) => {
        logger.info('direct start');
        await context.wait({ seconds: 1 });
        logger.info('direct end');
      };

      // Act
      const result = await runDurable(build(workflow, logger), { payload: {} });

      // Assess
      expectInvocationCount(result, { exactly: 2 });
      expectEachMessageOnce(result, ['direct start', 'direct end']);
      expect(result.records).toHaveLength(2);
      expectOneExecutionArn(result);
    },
  );
});

describe('keys appended in an invocation', () => {
  it.each(Object.entries(middyShapes))(
    'never reach a later invocation, of the same or another execution (%s)',
    async (_shape, build) => {
      // Prepare
      const logger = new Logger({ serviceName: 'orders' });
      const workflow = async (event: { order: string }, context: DurableContext) => {
        await context.step('load', async () => {
          logger.appendKeys({ order_id: event.order });
          logger.info(`loaded ${event.order}`);
        });
        const answer = await context.waitForCallback('approval', async () => {});
        logger.info(`approved ${event.order}`, { answer });
        return answer;
      };
      const other = async (event: { order: string }, context: DurableContext) => {
        logger.info(`other ${event.order}`);
        await context.wait({ seconds: 1 });
        logger.info(`other ${event.order} resumed`);
      };
      let otherResult: DurableRunResult | undefined;

      // Act: execution A suspends (no `after`) with order_id appended; B runs in between.
      const first = await runDurable(build(workflow as never, logger), {
        payload: { order: 'A' },
        drive: async (runner) => {
          const approval = runner.getOperation('approval');
          await approval.waitForData(WaitingOperationStatus.SUBMITTED);
          otherResult = await runDurable(build(other as never, logger), {
            payload: { order: 'B' },
          });
          await approval.sendCallbackSuccess(JSON.stringify('yes'));
        },
      });

      // Assess
      expect(first.status).toBe('SUCCEEDED');
      expectInvocationCount(first, { exactly: 2 });
      expectEachMessageOnce(first, ['loaded A', 'approved A']);
      expect(recordWith(first, 'loaded A').order_id).toBe('A');
      expect(recordWith(first, 'approved A').order_id).toBeUndefined();
      const second = otherResult as DurableRunResult;
      expect(second.status).toBe('SUCCEEDED');
      expectInvocationCount(second, { exactly: 2 });
      expectEachMessageOnce(second, ['other B', 'other B resumed']);
      expect(second.records.every((record) => !('order_id' in record))).toBe(true);
      expect(expectOneExecutionArn(second)).not.toBe(expectOneExecutionArn(first));
    },
  );
});

describe('control: with resetKeys: false', () => {
  it('a key appended in a suspended invocation shows up in the next one', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'orders' });
    const workflow = async (_event: never, context: DurableContext) => {
      await context.step('load', async () => logger.appendKeys({ order_id: 'A' }));
      await context.wait({ seconds: 1 });
      logger.info('resumed');
    };
    const build = middyShapes['withDurableExecution(middy(handler))'];

    // Act
    const result = await runDurable(build(workflow, logger, { resetKeys: false }), { payload: {} });

    // Assess: what the default reset prevents.
    expectInvocationCount(result, { exactly: 2 });
    expect(recordWith(result, 'resumed').order_id).toBe('A');
  });
});

describe('outside a durable invocation', () => {
  it('a direct call prints a plain Powertools record', () => {
    // Prepare
    const { logger } = moduleLevel();
    const lines: string[] = [];
    const realWrite = process.stdout.write;
    process.stdout.write = ((chunk: string) => lines.push(String(chunk)) > 0) as never;

    // Act
    try {
      logger.info('at module load');
    } finally {
      process.stdout.write = realWrite;
    }

    // Assess
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(messageOf(record)).toBe('at module load');
    expect(record.execution_arn).toBeUndefined();
  });
});
