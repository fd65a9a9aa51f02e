import {
  createRetryStrategy,
  type DurableContext,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { isReplaying } from '@durable-powertools/commons';
import {
  countMessages,
  DurableAssertionError,
  DurableHarnessTimeoutError,
  expectEachMessageOnce,
  expectInvocationCount,
  runDurable,
  setupDurableHarness,
  streamOf,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const stepWaitChain = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  console.log('body: started');
  context.logger.info('sdk: started');
  await context.step('first', async () => 1);
  await context.wait({ seconds: 1 });
  context.logger.info('sdk: after first wait');
  await context.step('second', async () => 2);
  await context.wait({ seconds: 1 });
  await context.step('third', async () => 3);
  context.logger.info('sdk: finished');
  return 'done';
});

const flakyStep = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  return context.step(
    'flaky',
    async (stepContext) => {
      stepContext.logger.info(`attempt ${stepContext.attempt}`);
      // The attempt number, not a counter: the handler body re-runs on each invocation.
      if (stepContext.attempt < 3) throw new Error(`transient failure ${stepContext.attempt}`);
      return 'recovered';
    },
    { retryStrategy: createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 1 } }) },
  );
});

const taggedWorkflow = withDurableExecution(
  async (event: { tag: string }, context: DurableContext) => {
    console.log(`start ${event.tag}`);
    await context.wait({ seconds: 1 });
    console.log(`end ${event.tag}`);
    return event.tag;
  },
);

/** Plain Powertools, not replay-aware: its body lines repeat on every invocation. */
const levelsWorkflow = (logger: Logger) =>
  withDurableExecution(async (_event: unknown, context: DurableContext) => {
    logger.debug('body debug');
    logger.info('body info');
    logger.warn('body warn');
    logger.error('body error');
    logger.critical('body critical');
    await context.wait({ seconds: 1 });
    return 'done';
  });

beforeAll(() => setupDurableHarness());
afterAll(() => teardownDurableHarness());

describe.concurrent('runDurable on the real SDK', () => {
  it('crosses one invocation per wait in a step/wait/step/wait/step workflow', async () => {
    // Act
    const result = await runDurable(stepWaitChain, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.result).toBe('done');
    expectInvocationCount(result, { exactly: 3 });
    expect(result.invocations.map((invocation) => invocation.status)).toEqual([
      'PENDING',
      'PENDING',
      'SUCCEEDED',
    ]);
    expect(result.invocations.map((invocation) => invocation.operationsAtStart)).toEqual([1, 3, 5]);
  });

  it("sees the SDK's context.logger once and a plain console.log in the body on every replay", async () => {
    // Act
    const result = await runDurable(stepWaitChain, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 3 });
    expectEachMessageOnce(result, ['sdk: started', 'sdk: after first wait', 'sdk: finished']);
    expect(countMessages(result).get('body: started')).toBe(3);
    expect(() => expectEachMessageOnce(result)).toThrow(DurableAssertionError);
    expect(() => expectEachMessageOnce(result)).toThrow(/"body: started": 3 time/);
  });

  it('sees a step that fails twice then succeeds with attempts 1, 2, 3, one per invocation', async () => {
    // Act
    const result = await runDurable(flakyStep, { payload: {} });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.result).toBe('recovered');
    expectInvocationCount(result, { exactly: 3 });
    const attempts = result.invocations.map((invocation) =>
      invocation.records.map((record) => [record.attempt, record.message]),
    );
    expect(attempts).toEqual([[[1, 'attempt 1']], [[2, 'attempt 2']], [[3, 'attempt 3']]]);
  });

  it('attributes each line to its own run and invocation when runs overlap', async () => {
    // Prepare
    const tags = ['a', 'b', 'c', 'd', 'e', 'f'];

    // Act
    const results = await Promise.all(
      tags.map((tag) => runDurable<string>(taggedWorkflow, { payload: { tag } })),
    );

    // Assess
    results.forEach((result, index) => {
      const tag = tags[index];
      expect(result.result).toBe(tag);
      expectInvocationCount(result, { exactly: 2 });
      expect(result.invocations[0]?.text).toEqual([`start ${tag}`]);
      expect(result.invocations[1]?.text).toEqual([`start ${tag}`, `end ${tag}`]);
    });
  });

  it('keeps what a suspended invocation writes after it returned, attributed to that invocation', async () => {
    // Prepare: a timer the first invocation leaves behind fires while the execution is suspended.
    const leavesTimer = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      if (!isReplaying(context)) setTimeout(() => console.log('written after suspending'), 300);
      await context.wait({ seconds: 1 });
      return 'done';
    });

    // Act
    const result = await runDurable(leavesTimer, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    expect(result.invocations[0]?.status).toBe('PENDING');
    expect(result.invocations[0]?.lateLines).toEqual(['written after suspending']);
    expect(result.invocations[0]?.text).toEqual(['written after suspending']);
    expect(result.invocations[1]?.lines).toEqual([]);
  });

  it('captures stderr as well as stdout, per invocation, with the stream of each record', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'levels', logLevel: 'DEBUG' });

    // Act
    const result = await runDurable(levelsWorkflow(logger), { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    const streamsByLevel = result.records.map((record) => [record.level, streamOf(record)]);
    const once = [
      ['DEBUG', 'stdout'],
      ['INFO', 'stdout'],
      ['WARN', 'stderr'],
      ['ERROR', 'stderr'],
      ['CRITICAL', 'stderr'],
    ];
    expect(streamsByLevel).toEqual([...once, ...once]);
    for (const invocation of result.invocations) {
      expect(invocation.stdout).toHaveLength(2);
      expect(invocation.stderr).toHaveLength(3);
      expect(invocation.output.map((line) => line.stream)).toEqual(
        once.map(([, stream]) => stream),
      );
      expect(invocation.lines).toEqual(invocation.output.map((line) => line.text));
    }
    expect(result.output).toHaveLength(10);
  });

  it('lets expectEachMessageOnce see a record repeated on stderr', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'levels', logLevel: 'WARN' });

    // Act
    const result = await runDurable(levelsWorkflow(logger), { payload: {} });

    // Assess: only WARN and above are written, all on stderr, once per invocation.
    expectInvocationCount(result, { exactly: 2 });
    expect(result.invocations.map((invocation) => invocation.stdout)).toEqual([[], []]);
    expect(() => expectEachMessageOnce(result, ['body error'])).toThrow(/"body error": 2 time/);
    expect(countMessages(result).get('body critical')).toBe(2);
  });

  it('reports a failing workflow with its error and the invocations before it', async () => {
    // Prepare
    const failing = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      await context.wait({ seconds: 1 });
      throw new TypeError('order has no items');
    });

    // Act
    const result = await runDurable(failing, { payload: {} });

    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error?.errorType).toBe('TypeError');
    expect(result.error?.errorMessage).toBe('order has no items');
    expectInvocationCount(result, { exactly: 2 });
  });

  it('fails with a timeout error naming the fix when the execution never finishes', async () => {
    // Prepare
    const waitsForever = withDurableExecution(async (_event: unknown, context: DurableContext) => {
      await context.waitForCallback('never-answered', async () => {});
      return 'unreachable';
    });

    // Act
    const run = runDurable(waitsForever, { payload: {}, timeoutMs: 1_500 });

    // Assess
    await expect(run).rejects.toThrow(DurableHarnessTimeoutError);
    await expect(run).rejects.toThrow(/complete pending callbacks in the drive option/);
  });
});
