// Buffering and flushing cost of durableMetrics() against Powertools publishing the same data
// directly, and the memory a buffer holds per value. Run: node scripts/bench.mjs metrics
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { InvocationInfo } from '@aws/durable-execution-sdk-js';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DurablePowertoolsPlugin, durableMetrics } from '@durable-powertools/metrics';
import type { BenchSuite } from '@durable-powertools/testing';

const VALUES = 10_000;
const NAMES = 200;
const names = Array.from({ length: NAMES }, (_, index) => `metric${index}`);

/**
 * The middleware's `before`/`after` need a durable context. Creating one means running the SDK's
 * invocation machinery, which would dominate the figure, so this is the minimal object the
 * middleware accepts (the shape `isDurableContext` checks): it measures buffering and flushing only.
 */
const durableContextStub = (id: number) => ({
  step: () => undefined,
  configureLogger: () => undefined,
  executionContext: {
    durableExecutionArn: `arn:aws:lambda:eu-west-1:123456789012:function:bench:1/durable-execution/bench/${id}`,
  },
  lambdaContext: { functionName: 'bench' },
});

type Request = Parameters<NonNullable<ReturnType<typeof durableMetrics>['before']>>[0];

let invocation = 0;
const newRequest = (): Request =>
  ({
    event: {},
    context: durableContextStub(invocation++),
    response: undefined,
    error: undefined,
    internal: {},
  }) as unknown as Request;

const addValues = (metrics: Metrics, count: number, nameCount = NAMES): void => {
  for (let index = 0; index < count; index++) {
    metrics.addMetric(names[index % nameCount] as string, MetricUnit.Count, index);
  }
};

const plain = new Metrics({ namespace: 'bench', serviceName: 'bench' });
const durable = new Metrics({ namespace: 'bench', serviceName: 'bench' });
const middleware = durableMetrics({ metrics: durable });

const plugin = new DurablePowertoolsPlugin();

/** Runs `body` as one invocation of the lifecycle core, as the SDK drives its plugin. */
const inCoreInvocation = async (request: Request, body: () => void): Promise<void> => {
  const executionArn = request.context.executionContext.durableExecutionArn;
  const info: InvocationInfo = {
    requestId: 'bench',
    executionArn,
    executionInput: {},
    operations: {},
    isFirstInvocation: true,
    updatedOperations: {},
  };
  await plugin.onInvocationStart(info);
  await plugin.wrapInvocation(info, async () => {
    body();
    await plugin.onInvocationEnd({ ...info, status: 'SUCCEEDED' });
    return { Status: 'SUCCEEDED' } as never;
  });
};

const runDurableInvocation = async (count: number, nameCount = NAMES): Promise<void> => {
  const request = newRequest();
  await inCoreInvocation(request, () => {
    middleware.before?.(request);
    addValues(durable, count, nameCount);
    middleware.after?.(request);
  });
};

const collectGarbage = (): (() => void) => {
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
};

/**
 * Heap held while `count` values sit in the buffer (an invocation that has not completed yet), and
 * what is still held once the invocation completed. Each invocation runs in its own async resource,
 * as a Lambda invocation does, so the async context its `before` entered ends with it.
 */
const heapHeld = async (
  count: number,
  gc: () => void,
): Promise<{ buffered: number; afterCompletion: number }> => {
  gc();
  const start = process.memoryUsage().heapUsed;
  const buffered = await new Promise<number>((resolve) => {
    setImmediate(() => {
      const request = newRequest();
      void inCoreInvocation(request, () => {
        middleware.before?.(request);
        addValues(durable, count);
        gc();
        const held = process.memoryUsage().heapUsed - start;
        middleware.after?.(request);
        resolve(held);
      });
    });
  });
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  return { buffered, afterCompletion: process.memoryUsage().heapUsed - start };
};

export default {
  name: 'metrics',
  comparisons: [
    {
      name: `buffer + flush ${VALUES} values over ${NAMES} names (vs Powertools addMetric + auto-publish)`,
      // Declared async so that tinybench does not call them once, unsilenced, to detect that.
      baseline: async () => {
        addValues(plain, VALUES);
        plain.publishStoredMetrics();
      },
      candidate: () => runDurableInvocation(VALUES),
      targetRatio: 3,
    },
    {
      name: 'buffer + flush 100 values over 10 names (a typical workflow: no auto-publish either side)',
      baseline: async () => {
        addValues(plain, 100, 10);
        plain.publishStoredMetrics();
      },
      candidate: () => runDurableInvocation(100, 10),
      targetRatio: 3,
    },
  ],
  measure: async () => {
    const gc = collectGarbage();
    await heapHeld(VALUES, gc); // warm-up: shapes, hidden classes, compiled code
    const small = await heapHeld(VALUES, gc);
    const large = await heapHeld(VALUES * 10, gc);
    const kib = (bytes: number) => Math.round(bytes / 102.4) / 10;
    const marginal = (large.buffered - small.buffered) / (VALUES * 9);
    return [
      {
        name: `heap held while ${VALUES} values are buffered`,
        candidate: kib(small.buffered),
        unit: 'KiB',
        note: `${(small.buffered / VALUES).toFixed(1)} bytes/value`,
      },
      {
        name: `heap held while ${VALUES * 10} values are buffered`,
        candidate: kib(large.buffered),
        unit: 'KiB',
        note: `${(large.buffered / (VALUES * 10)).toFixed(1)} bytes/value`,
      },
      {
        name: 'heap per additional buffered value (10k → 100k)',
        candidate: Math.round(marginal * 10) / 10,
        unit: 'bytes',
        note: 'constant: memory grows in proportion to what is buffered',
      },
      {
        name: `heap still held after completion (${VALUES * 10} values)`,
        candidate: kib(large.afterCompletion),
        unit: 'KiB',
        note: 'the buffer is released with the invocation',
      },
    ];
  },
} satisfies BenchSuite;
