import { createRetryStrategy, type DurableContext } from '@aws/durable-execution-sdk-js';
import { WaitingOperationStatus } from '@aws/durable-execution-sdk-js-testing';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  expectEachMessageOnce,
  expectInvocationCount,
  messageOf,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOneExecutionArn, middyShapes, recordWith, sleep } from './support.js';

// Real replays: LocalDurableTestRunner with real time, so each 1 s wait, retry delay and callback
// ends an invocation and the next one replays the handler from the top.

afterAll(() => teardownDurableHarness());

const newLogger = () => new Logger({ serviceName: 'orders' });
/** The opt-in operation id keys, which these tests follow across branches and children. */
const WITH_IDS = { operationIdKeys: true };

const stepsAndWaits = async (_event: never, context: DurableContext) => {
  context.logger.info('started');
  await context.step('charge', async (step) => {
    step.logger.info('charging');
    return 42;
  });
  await context.wait({ seconds: 1 });
  context.logger.info('after wait');
  await context.step('ship', async (step) => step.logger.info('shipping'));
  context.logger.info('finished');
  return 'done';
};

const flakyStep = async (_event: never, context: DurableContext) => {
  context.logger.info('before flaky');
  const outcome = await context.step(
    'flaky',
    async (step) => {
      step.logger.warn(`attempt ${step.attempt}`);
      if (step.attempt < 3) throw new Error(`transient failure ${step.attempt}`);
      return 'recovered';
    },
    { retryStrategy: createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 1 } }) },
  );
  context.logger.info(`flaky ${outcome}`);
  return outcome;
};

const approval = async (_event: never, context: DurableContext) => {
  context.logger.info('asking for approval');
  const answer = await context.waitForCallback('approval', async (callbackId, callback) => {
    callback.logger.info('submitting callback', { callbackId });
  });
  context.logger.info('approval received', { answer });
  return answer;
};

const finishedChild = async (_event: never, context: DurableContext) => {
  await context.runInChildContext('prepare', async (child) => {
    child.logger.info('preparing');
    await child.step('pack', async (step) => step.logger.info('packing'));
    child.logger.info('prepared');
  });
  await context.wait({ seconds: 1 });
  context.logger.info('after child');
  return 'done';
};

const resumedChild = async (_event: never, context: DurableContext) => {
  await context.runInChildContext('deliver', async (child) => {
    child.logger.info('child before wait');
    await child.step('load', async (step) => step.logger.info('loading'));
    await child.wait({ seconds: 1 });
    child.logger.info('child after wait');
  });
  context.logger.info('delivered');
  return 'done';
};

const mapItems = async (_event: never, context: DurableContext) => {
  await context.map('items', ['a', 'b', 'c'], async (branch, item, index) => {
    branch.logger.info(`item ${item}`);
    await branch.step(`process ${item}`, async (step) => {
      step.logger.info(`processing ${item} start`);
      // Different lengths make the branches interleave their records.
      await sleep(30 - index * 10);
      step.logger.info(`processing ${item} end`);
    });
    await branch.wait({ seconds: 1 });
    branch.logger.info(`item ${item} done`);
  });
  context.logger.info('mapped');
  return 'done';
};

const parallelBranches = async (_event: never, context: DurableContext) => {
  const branch = (name: string, delayMs: number) => async (child: DurableContext) => {
    child.logger.info(`${name} start`);
    await child.step(`${name} work`, async (step) => {
      await sleep(delayMs);
      step.logger.info(`${name} working`);
    });
    await child.wait({ seconds: 1 });
    child.logger.info(`${name} end`);
  };
  await context.parallel('fan out', [
    { name: 'left', func: branch('left', 30) },
    { name: 'right', func: branch('right', 5) },
  ]);
  context.logger.info('joined');
  return 'done';
};

const failing = async (_event: never, context: DurableContext) => {
  context.logger.info('about to fail');
  await context.wait({ seconds: 1 });
  const error = new Error('order rejected');
  context.logger.error('workflow failed', error);
  throw error;
};

describe.concurrent.each(Object.entries(middyShapes))('durableLogger() in %s', (_shape, build) => {
  it('writes steps and waits once, with execution and operation keys', async () => {
    // Prepare
    const handler = build(stepsAndWaits, newLogger(), WITH_IDS);

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expectEachMessageOnce(result, ['started', 'charging', 'after wait', 'shipping', 'finished']);
    expect(result.records).toHaveLength(5);
    expectOneExecutionArn(result);
    const started = recordWith(result, 'started');
    expect(started.operation_id).toBeUndefined();
    expect(started).toMatchObject({
      service: 'orders',
      level: 'INFO',
      function_request_id: expect.any(String),
    });
    const charging = recordWith(result, 'charging');
    expect(charging).toMatchObject({
      operation_name: 'charge',
      attempt: 1,
      operation_id: expect.any(String),
    });
    expect(charging.parent_id).toBeUndefined();
    const shipping = recordWith(result, 'shipping');
    expect(shipping).toMatchObject({ operation_name: 'ship', attempt: 1 });
    expect(shipping.operation_id).not.toBe(charging.operation_id);
    expect(recordWith(result, 'after wait').operation_id).toBeUndefined();
  });

  it('writes each retry attempt of a step once, with its attempt number', async () => {
    // Prepare
    const handler = build(flakyStep, newLogger(), WITH_IDS);

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 3 });
    expectEachMessageOnce(result);
    const attempts = [1, 2, 3].map((attempt) => recordWith(result, `attempt ${attempt}`));
    expect(attempts.map((record) => record.attempt)).toEqual([1, 2, 3]);
    expect(new Set(attempts.map((record) => record.operation_id)).size).toBe(1);
    expect(attempts.every((record) => record.operation_name === 'flaky')).toBe(true);
    expect(attempts.every((record) => record.level === 'WARN')).toBe(true);
    expect(recordWith(result, 'flaky recovered').attempt).toBeUndefined();
    expectOneExecutionArn(result);
  });

  it('writes around waitForCallback once, the submitter keyed under the callback', async () => {
    // Prepare
    const handler = build(approval, newLogger(), WITH_IDS);

    // Act
    const result = await runDurable(handler, {
      payload: {},
      drive: async (runner) => {
        const operation = runner.getOperation('approval');
        await operation.waitForData(WaitingOperationStatus.SUBMITTED);
        await operation.sendCallbackSuccess(JSON.stringify('granted'));
      },
    });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expectEachMessageOnce(result, [
      'asking for approval',
      'submitting callback',
      'approval received',
    ]);
    expect(result.records).toHaveLength(3);
    expect(recordWith(result, 'approval received').answer).toBe(JSON.stringify('granted'));
    const submitting = recordWith(result, 'submitting callback');
    expect(submitting).toMatchObject({ attempt: 1, callbackId: expect.any(String) });
    // The submitter is a step inside the waitForCallback child context.
    expect(submitting.parent_id).toEqual(expect.any(String));
    expect(submitting.parent_id).not.toBe(submitting.operation_id);
    expectOneExecutionArn(result);
  });

  it('keys a finished child context and its steps by parent', async () => {
    // Prepare
    const handler = build(finishedChild, newLogger(), WITH_IDS);

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expectEachMessageOnce(result, ['preparing', 'packing', 'prepared', 'after child']);
    expect(result.records).toHaveLength(4);
    const preparing = recordWith(result, 'preparing');
    expect(preparing).toMatchObject({
      operation_name: 'prepare',
      operation_id: expect.any(String),
    });
    expect(preparing.parent_id).toBeUndefined();
    expect(preparing.attempt).toBeUndefined();
    const packing = recordWith(result, 'packing');
    expect(packing).toMatchObject({
      operation_name: 'pack',
      attempt: 1,
      parent_id: preparing.operation_id,
    });
    expect(recordWith(result, 'prepared').operation_id).toBe(preparing.operation_id);
    expectOneExecutionArn(result);
  });

  it('does not repeat the lines of a child context resumed after a wait', async () => {
    // Prepare
    const handler = build(resumedChild, newLogger(), WITH_IDS);

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expectEachMessageOnce(result, [
      'child before wait',
      'loading',
      'child after wait',
      'delivered',
    ]);
    expect(result.records).toHaveLength(4);
    const [first, second] = result.invocations;
    expect(first?.records.map(messageOf)).toEqual(['child before wait', 'loading']);
    expect(second?.records.map(messageOf)).toEqual(['child after wait', 'delivered']);
    const before = recordWith(result, 'child before wait');
    expect(recordWith(result, 'child after wait')).toMatchObject({
      operation_id: before.operation_id,
      operation_name: 'deliver',
    });
    expect(recordWith(result, 'loading').parent_id).toBe(before.operation_id);
    expectOneExecutionArn(result);
  });

  it('keys concurrent map items by their own branch', async () => {
    // Prepare
    const handler = build(mapItems, newLogger(), WITH_IDS);

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    // Each branch's 1 s wait ends on its own: one invocation per wake-up that does not coincide.
    expectInvocationCount(result, { atLeast: 2, atMost: 4 });
    expectEachMessageOnce(result);
    expect(result.records).toHaveLength(3 * 4 + 1);
    const items = ['a', 'b', 'c'].map((item) => recordWith(result, `item ${item}`));
    const mapId = items[0]?.parent_id;
    expect(mapId).toEqual(expect.any(String));
    expect(new Set(items.map((record) => record.operation_id)).size).toBe(3);
    for (const [index, item] of ['a', 'b', 'c'].entries()) {
      const branch = items[index];
      expect(branch?.parent_id).toBe(mapId);
      expect(recordWith(result, `item ${item} done`)).toMatchObject({
        operation_id: branch?.operation_id,
        parent_id: mapId,
      });
      for (const phase of ['start', 'end']) {
        expect(recordWith(result, `processing ${item} ${phase}`)).toMatchObject({
          operation_name: `process ${item}`,
          parent_id: branch?.operation_id,
          attempt: 1,
        });
      }
    }
    // The branches really interleaved: a later item's step finished before an earlier one's.
    const messages = result.records.map(messageOf);
    expect(messages.indexOf('processing c end')).toBeLessThan(messages.indexOf('processing a end'));
    expectOneExecutionArn(result);
  });

  it('keys concurrent parallel branches by their own branch', async () => {
    // Prepare
    const handler = build(parallelBranches, newLogger(), WITH_IDS);

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { atLeast: 2, atMost: 3 });
    expectEachMessageOnce(result);
    expect(result.records).toHaveLength(2 * 3 + 1);
    for (const name of ['left', 'right']) {
      const start = recordWith(result, `${name} start`);
      expect(start.operation_name).toBe(name);
      expect(recordWith(result, `${name} working`)).toMatchObject({
        operation_name: `${name} work`,
        parent_id: start.operation_id,
      });
      expect(recordWith(result, `${name} end`).operation_id).toBe(start.operation_id);
    }
    expect(recordWith(result, 'left start').parent_id).toBe(
      recordWith(result, 'right start').parent_id,
    );
    const messages = result.records.map(messageOf);
    expect(messages.indexOf('right working')).toBeLessThan(messages.indexOf('left working'));
    expect(recordWith(result, 'joined').operation_id).toBeUndefined();
    expectOneExecutionArn(result);
  });

  it('writes the lines of a failing workflow once, the error with name, message and stack', async () => {
    // Prepare
    const handler = build(failing, newLogger(), WITH_IDS);

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expect(result.status).toBe('FAILED');
    expectInvocationCount(result, { exactly: 2 });
    expectEachMessageOnce(result, ['about to fail', 'workflow failed']);
    expect(result.records).toHaveLength(2);
    expect(recordWith(result, 'workflow failed')).toMatchObject({
      level: 'ERROR',
      error: {
        name: 'Error',
        message: 'order rejected',
        stack: expect.stringContaining('order rejected'),
      },
    });
    expectOneExecutionArn(result);
  });
});
