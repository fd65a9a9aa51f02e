import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { WaitingOperationStatus } from '@aws/durable-execution-sdk-js-testing';
import { Logger } from '@aws-lambda-powertools/logger';
import { durableLogger } from '@durable-powertools/logger';
import {
  DurablePowertoolsPlugin,
  durableOpenTelemetry,
  executionModeDurablePowertools,
} from '@durable-powertools/opentelemetry';
import {
  expectInvocationCount,
  failCheckpointOnce,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import middy from '@middy/core';
import { executionModeDurableContext } from '@middy/core/DurableContext';
import { afterAll, describe, expect, it } from 'vitest';
import { flatMapWorkflow } from '../../../tests/support/flatMap.js';
import { withPluginFromEnvironment } from '../../../tests/support/plugin.js';
import { renderTree } from './support/spanTree.js';
import { startTelemetry } from './support/telemetry.js';
import {
  childNamed,
  type ExecutionTrace,
  expectCompleteTrace,
  KEYS,
  traceOf,
} from './support/traceAssertions.js';

const telemetry = await startTelemetry();
// Created once, as in a handler module: it follows every invocation through the lifecycle core.
durableOpenTelemetry();

afterAll(async () => {
  await teardownDurableHarness();
  await telemetry.stop();
});

/** Runs one execution and returns its result with the trace the receiver got for it. */
const runTraced = async (
  handler: (...args: never[]) => Promise<unknown>,
  payload: object = {},
): Promise<{
  result: Awaited<ReturnType<typeof runDurable>>;
  trace: ExecutionTrace;
  arn: string;
}> => {
  const result = await runDurable(handler, { payload });
  // The SDK's own logger writes the ARN on every record; each workflow here logs.
  const arn = String(
    result.records.map((record) => record.execution_arn ?? record.executionArn).find(Boolean),
  );
  return { result, trace: traceOf(telemetry.receiver.spans(), arn), arn };
};

/** step → wait 1 s → step: two invocations, the first suspended. Logs once per invocation. */
const stepWaitStep = async (event: { fail?: boolean }, context: DurableContext) => {
  context.logger.info('started');
  const reserved = await context.step('reserve', async () => 'reserved');
  await context.wait('cool down', { seconds: 1 });
  if (event.fail) throw new Error('payment declined');
  const charged = await context.step('charge', async () => 'charged');
  return { reserved, charged };
};

const shapes = {
  'withDurableExecution(handler, { plugins })': () =>
    withDurableExecution(stepWaitStep, { plugins: [new DurablePowertoolsPlugin()] }),
  'withDurableExecution(middy(handler), { plugins })': () =>
    withDurableExecution(middy(stepWaitStep), { plugins: [new DurablePowertoolsPlugin()] }),
  'middy(handler, { executionMode: executionModeDurablePowertools })': () =>
    middy(stepWaitStep, { executionMode: executionModeDurablePowertools }),
  'middy(handler, durable mode) + DURABLE_EXECUTION_PLUGINS': () =>
    withPluginFromEnvironment(() =>
      middy(stepWaitStep, { executionMode: executionModeDurableContext }),
    ),
};

describe.each(Object.entries(shapes))('%s', (_shape, build) => {
  it('puts both invocations in one trace under a root exported once, with a span per live operation', async () => {
    // Prepare
    const handler = build();

    // Act
    const { result, trace, arn } = await runTraced(handler);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    const root = expectCompleteTrace(trace);
    expect(root.name).toBe('execution');
    expect(root.attributes).toMatchObject({ [KEYS.arn]: arn, [KEYS.executionStatus]: 'SUCCEEDED' });
    // X-Ray format: the trace id starts with the execution's start in epoch seconds.
    expect(Number.parseInt(trace.traceId.slice(0, 8), 16)).toBe(Math.floor(root.start / 1000));
    const [first, second] = trace.invocations;
    expect(trace.invocations.map((span) => [span.name, span.parentSpanId])).toEqual([
      ['invocation 1', root.spanId],
      ['invocation 2', root.spanId],
    ]);
    expect(trace.invocations.map((span) => span.attributes[KEYS.status])).toEqual([
      'PENDING',
      'SUCCEEDED',
    ]);
    expect(trace.invocations.map((span) => span.attributes[KEYS.first])).toEqual([true, false]);
    // The root covers the execution: from its start to after the last invocation ended.
    expect(root.start).toBeLessThanOrEqual(first?.start ?? 0);
    expect(root.end).toBeGreaterThanOrEqual(second?.end ?? Number.POSITIVE_INFINITY);
    // reserve ran (live) in invocation 1 only; the wait shows in invocation 2, which it resumed,
    // covering the suspension; charge ran in invocation 2.
    expect(trace.operations.map((span) => [span.name, span.parentSpanId])).toHaveLength(3);
    const reserve = childNamed(trace, first, 'reserve');
    expect(reserve.attributes).toMatchObject({ [KEYS.type]: 'STEP', [KEYS.attempt]: 1 });
    const wait = childNamed(trace, second, 'cool down');
    expect(wait.attributes).toMatchObject({ [KEYS.type]: 'WAIT', [KEYS.outcome]: 'SUCCEEDED' });
    expect(wait.start).toBeLessThanOrEqual(first?.end ?? 0);
    expect(wait.end - wait.start).toBeGreaterThanOrEqual(1000);
    childNamed(trace, second, 'charge');
    expect(telemetry.openSpans.openSpans()).toEqual([]);
    // The SDK's logger record of the first invocation (the replayed one is suppressed) carries the
    // trace and the invocation span.
    const started = result.records.filter((record) => record.message === 'started');
    expect(started.map((record) => [record.trace_id, record.span_id])).toEqual([
      [trace.traceId, first?.spanId],
    ]);
  });
});

describe('a step / wait / retry / child-context workflow', () => {
  it('gives each live attempt one span in the invocation that ran it, and none to replays', async () => {
    // Prepare: reserve; child "fulfil" (pack, wait 1 s, ship); charge fails once, retried after 1 s.
    let charges = 0;
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        await context.step('reserve', async () => 'reserved');
        await context.runInChildContext('fulfil', async (child) => {
          await child.step('pack', async (step) => {
            step.logger.info('packing');
            return 'packed';
          });
          await child.wait('cool down', { seconds: 1 });
          await child.step('ship', async () => 'shipped');
        });
        const charged = await context.step(
          'charge',
          async () => {
            charges++;
            if (charges === 1) throw new Error('card network timeout');
            return 'charged';
          },
          { retryStrategy: (_e, attempt) => ({ shouldRetry: attempt < 2, delay: { seconds: 1 } }) },
        );
        context.logger.info('done');
        return charged;
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );

    // Act
    const { result, trace } = await runTraced(handler);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 3 });
    const root = expectCompleteTrace(trace);
    if (process.env.PRINT_TRACE) process.stderr.write(`${renderTree(trace.spans)}\n`);
    const [first, second, third] = trace.invocations;
    expect(trace.invocations.map((span) => span.attributes[KEYS.status])).toEqual([
      'PENDING',
      'PENDING',
      'SUCCEEDED',
    ]);
    expect(trace.invocations.map((span) => span.parentSpanId)).toEqual([
      root.spanId,
      root.spanId,
      root.spanId,
    ]);
    // Invocation 1: reserve, fulfil (suspended in its wait) with pack.
    childNamed(trace, first, 'reserve');
    const fulfil1 = childNamed(trace, first, 'fulfil');
    expect(fulfil1.attributes[KEYS.suspended]).toBe(true);
    const pack = childNamed(trace, fulfil1, 'pack');
    // Invocation 2: fulfil re-entered, the wait it resumed and ship; charge's failed first attempt.
    const fulfil2 = childNamed(trace, second, 'fulfil');
    expect(fulfil2.attributes[KEYS.suspended]).toBeUndefined();
    expect(fulfil2.attributes[KEYS.outcome]).toBe('SUCCEEDED');
    expect(fulfil1.attributes[KEYS.outcome]).toBeUndefined();
    const wait = childNamed(trace, fulfil2, 'cool down');
    expect(wait.end - wait.start).toBeGreaterThanOrEqual(1000);
    childNamed(trace, fulfil2, 'ship');
    const failed = childNamed(trace, second, 'charge');
    expect(failed.attributes).toMatchObject({ [KEYS.attempt]: 1, [KEYS.outcome]: 'FAILED' });
    expect(failed.statusCode).toBe(2);
    expect(
      failed.events.map((event) => [event.name, event.attributes['exception.message']]),
    ).toEqual([['exception', 'card network timeout']]);
    // Invocation 3: charge's second attempt only; everything before it is replayed.
    const succeeded = childNamed(trace, third, 'charge');
    expect(succeeded.attributes).toMatchObject({ [KEYS.attempt]: 2, [KEYS.outcome]: 'SUCCEEDED' });
    // Nothing else: reserve, pack, wait, ship, charge ×2, and fulfil once per invocation it did
    // live work in (×2).
    expect(trace.operations).toHaveLength(8);
    expect(telemetry.openSpans.openSpans()).toEqual([]);
    // Logs carry the span of the operation they were written in.
    const logIds = (message: string) =>
      result.records
        .filter((record) => record.message === message)
        .map((record) => [record.trace_id, record.span_id]);
    expect(logIds('packing')).toEqual([[trace.traceId, pack.spanId]]);
    expect(logIds('done')).toEqual([[trace.traceId, third?.spanId]]);
  });

  it('records the failure on the last invocation and on the root', async () => {
    // Prepare
    const handler = withDurableExecution(stepWaitStep, {
      plugins: [new DurablePowertoolsPlugin()],
    });

    // Act
    const { result, trace } = await runTraced(handler, { fail: true });

    // Assess
    expect(result.status).toBe('FAILED');
    expectInvocationCount(result, { exactly: 2 });
    const root = expectCompleteTrace(trace);
    expect(root.attributes[KEYS.executionStatus]).toBe('FAILED');
    expect(root.statusCode).toBe(2);
    expect(root.events[0]?.attributes['exception.message']).toBe('payment declined');
    expect(
      trace.invocations.map((span) => [span.attributes[KEYS.status], span.statusCode]),
    ).toEqual([
      ['PENDING', 0],
      ['FAILED', 2],
    ]);
  });
});

describe('concurrent executions', () => {
  it('never share a trace, even on one handler', async () => {
    // Prepare: one handler, one plugin, as in one execution environment.
    const handler = withDurableExecution(stepWaitStep, {
      plugins: [new DurablePowertoolsPlugin()],
    });

    // Act
    const runs = await Promise.all([1, 2, 3, 4].map(() => runTraced(handler)));

    // Assess
    const traceIds = new Set<string>();
    for (const { result, trace, arn } of runs) {
      expectInvocationCount(result, { exactly: 2 });
      expectCompleteTrace(trace);
      traceIds.add(trace.traceId);
      expect(trace.invocations).toHaveLength(2);
      for (const span of [...trace.invocations, ...trace.roots]) {
        expect(span.attributes[KEYS.arn]).toBe(arn);
      }
      expect(trace.operations.map((span) => span.name).sort()).toEqual([
        'charge',
        'cool down',
        'reserve',
      ]);
    }
    expect(traceIds.size).toBe(4);
    expect(telemetry.openSpans.openSpans()).toEqual([]);
  });
});

describe('the durable logger', () => {
  it('writes trace_id and span_id of the operation each record belongs to', async () => {
    // Prepare: Powertools Logger through durableLogger(), middy inside withDurableExecution.
    const logger = new Logger({ serviceName: 'orders' });
    const workflow = async (_event: unknown, context: DurableContext) => {
      logger.info('received'); // invocation 1 only: replay-suppressed in invocation 2
      await context.step('charge', async (step) => {
        step.logger.info('charging');
      });
      await context.wait('cool down', { seconds: 1 });
      logger.info('shipped');
      return 'done';
    };
    const handler = withDurableExecution(middy(workflow).use(durableLogger({ logger })), {
      plugins: [new DurablePowertoolsPlugin()],
    });

    // Act
    const result = await runDurable(handler, { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    const arn = String(
      result.records.map((record) => record.execution_arn ?? record.executionArn).find(Boolean),
    );
    const trace = traceOf(telemetry.receiver.spans(), arn);
    expectCompleteTrace(trace);
    const [first, second] = trace.invocations;
    const charge = childNamed(trace, first, 'charge');
    expect(
      result.records.map((record) => [record.message, record.trace_id, record.span_id]),
    ).toEqual([
      ['received', trace.traceId, first?.spanId],
      ['charging', trace.traceId, charge.spanId],
      ['shipped', trace.traceId, second?.spanId],
    ]);
  });
});

describe('map and parallel', () => {
  it('gives each branch a span under its map or parallel, and none to a branch that only replays', async () => {
    // Prepare: parallel: branch "slow" (step, wait 1 s, step) and branch "fast" (one step); then a
    // map over two items, one step each, in the second invocation.
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        context.logger.info('started');
        await context.parallel('both', [
          {
            name: 'slow',
            func: async (branch) => {
              await branch.step('slow first', async () => 1);
              await branch.wait('slow wait', { seconds: 1 });
              return branch.step('slow second', async () => 2);
            },
          },
          { name: 'fast', func: async (branch) => branch.step('fast only', async () => 3) },
        ]);
        return context.map('items', ['a', 'b'], async (item, value) =>
          item.step(`item ${value}`, async () => value),
        );
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );

    // Act
    const { result, trace } = await runTraced(handler);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expectCompleteTrace(trace);
    if (process.env.PRINT_TRACE) process.stderr.write(`${renderTree(trace.spans)}\n`);
    const [first, second] = trace.invocations;
    // Invocation 1: both branches ran; slow suspended in its wait.
    const both1 = childNamed(trace, first, 'both');
    const slow1 = childNamed(trace, both1, 'slow');
    childNamed(trace, slow1, 'slow first');
    const fast = childNamed(trace, both1, 'fast');
    childNamed(trace, fast, 'fast only');
    // Invocation 2: parallel and slow re-entered; fast finished before and does not appear again.
    const both2 = childNamed(trace, second, 'both');
    const slow2 = childNamed(trace, both2, 'slow');
    childNamed(trace, slow2, 'slow wait');
    childNamed(trace, slow2, 'slow second');
    expect(
      trace.spans.filter((span) => span.name === 'fast' || span.name === 'fast only'),
    ).toHaveLength(2);
    const items = childNamed(trace, second, 'items');
    const itemSteps = trace.spans
      .filter((span) => span.name.startsWith('item '))
      .map((span) => [
        span.name,
        trace.spans.find((p) => p.spanId === span.parentSpanId)?.parentSpanId,
      ]);
    expect(itemSteps.sort()).toEqual([
      ['item a', items.spanId],
      ['item b', items.spanId],
    ]);
    expect(telemetry.openSpans.openSpans()).toEqual([]);
  });
});

describe('FLAT map', () => {
  it('gives a virtual item a span only in the invocations it does live work in', async () => {
    // Prepare: the SDK re-runs both FLAT items in invocation 2; b only replays there.
    const handler = withDurableExecution(
      async (event: unknown, context: DurableContext) => {
        context.logger.info('started');
        return flatMapWorkflow(event, context);
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );

    // Act
    const { result, trace } = await runTraced(handler);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expectCompleteTrace(trace);
    if (process.env.PRINT_TRACE) process.stderr.write(`${renderTree(trace.spans)}\n`);
    const [first, second] = trace.invocations;
    const parentName = (name: string) =>
      trace.spans
        .filter((span) => span.name === name)
        .map((span) => trace.spans.find((parent) => parent.spanId === span.parentSpanId));
    // Every step attempt once, in the invocation that ran it, under an item span of the map.
    const items1 = childNamed(trace, first, 'items');
    const items2 = childNamed(trace, second, 'items');
    for (const [step, items] of [
      ['a first', items1],
      ['b first', items1],
      ['a wait', items2],
      ['a second', items2],
    ] as const) {
      const parents = parentName(step);
      expect(parents, step).toHaveLength(1);
      expect(parents[0]?.parentSpanId, step).toBe(items.spanId);
    }
    // Invocation 2: one item span (a's), none for b, which only replayed.
    expect(trace.spans.filter((span) => span.parentSpanId === items2.spanId)).toHaveLength(1);
    expect(telemetry.openSpans.openSpans()).toEqual([]);
  });
});

describe('callbacks and Lambda retries', () => {
  it('shows a callback as a span covering the wait for it, emitted by the invocation it resumed', async () => {
    // Prepare
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        context.logger.info('asking');
        const [approval, callbackId] = await context.createCallback('approval');
        await context.step('notify', async () => callbackId);
        const answer = await approval;
        return context.step('apply', async () => answer);
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );

    // Act: the callback is answered 1 s after it was submitted.
    let answeredAt = 0;
    const result = await runDurable(handler, {
      payload: {},
      drive: async (runner) => {
        const approval = runner.getOperation('approval');
        await approval.waitForData(WaitingOperationStatus.STARTED);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        answeredAt = Date.now();
        await approval.sendCallbackSuccess(JSON.stringify('approved'));
      },
    });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    const arn = String(
      result.records.map((record) => record.execution_arn ?? record.executionArn).find(Boolean),
    );
    const trace = traceOf(telemetry.receiver.spans(), arn);
    expectCompleteTrace(trace);
    const [first, second] = trace.invocations;
    childNamed(trace, first, 'notify');
    const callback = childNamed(trace, second, 'approval');
    expect(callback.attributes).toMatchObject({
      [KEYS.type]: 'CALLBACK',
      [KEYS.outcome]: 'SUCCEEDED',
    });
    expect(callback.start).toBeLessThanOrEqual(first?.end ?? 0);
    expect(callback.end).toBeGreaterThanOrEqual(answeredAt);
    childNamed(trace, second, 'apply');
    expect(trace.spans.filter((span) => span.name === 'approval')).toHaveLength(1);
  });

  it('ends a failed checkpoint invocation as RETRYING and traces the retry in the same trace', async () => {
    // Prepare: the first step checkpoint fails once; Lambda retries the invocation (same input).
    let retries = 0;
    const handler = failCheckpointOnce(
      withDurableExecution(
        async (_event: unknown, context: DurableContext) => {
          context.logger.info('started');
          await context.step('reserve', async () => 'reserved');
          return context.step('charge', async () => 'charged');
        },
        { plugins: [new DurablePowertoolsPlugin()] },
      ),
      { failWhen: (update) => update.Type === 'STEP', onRetry: () => retries++ },
    );

    // Act
    const { result, trace } = await runTraced(handler);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    // One durable invocation, which Lambda ran twice.
    expectInvocationCount(result, { exactly: 1 });
    expect(retries).toBe(1);
    const root = expectCompleteTrace(trace);
    expect(
      trace.invocations.map((span) => [span.attributes[KEYS.status], span.parentSpanId]),
    ).toEqual([
      ['RETRYING', root.spanId],
      ['SUCCEEDED', root.spanId],
    ]);
    // Both are the execution's first invocation (nothing was recorded before the retry).
    expect(trace.invocations.map((span) => span.attributes[KEYS.first])).toEqual([true, true]);
    const [first, second] = trace.invocations;
    childNamed(trace, first, 'reserve');
    childNamed(trace, second, 'reserve');
    childNamed(trace, second, 'charge');
    expect(telemetry.openSpans.openSpans()).toEqual([]);
  });
});
