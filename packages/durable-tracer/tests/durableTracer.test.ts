// Must come first (a side-effect import, which Biome never reorders): sets the Lambda environment
// before Powertools Tracer and aws-xray-sdk-core load.
import './support/simulatedLambda.js';
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Tracer } from '@aws-lambda-powertools/tracer';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import {
  DurablePowertoolsPlugin,
  DurableTracerPlugin,
  durableExecutionPluginProvider,
  durableTracer,
  withDurableTracer,
} from '@durable-powertools/tracer';
import middy from '@middy/core';
import { executionModeDurableContext } from '@middy/core/DurableContext';
import { afterAll, describe, expect, it } from 'vitest';
import { runTraced } from './support/segments.js';
import { daemon } from './support/simulatedLambda.js';

/** A Tracer per test, as per execution environment: its cold start is its first invocation. */
const newTracer = (serviceName = 'orders'): Tracer =>
  new Tracer({ serviceName, captureHTTPsRequests: false });

afterAll(async () => {
  await teardownDurableHarness();
  await daemon.stop();
});

/** step → wait 1 s → step: two invocations, the first suspended. Records the execution ARN. */
const stepWaitStep =
  (arns: Set<string>) => async (event: { fail?: boolean }, context: DurableContext) => {
    arns.add(context.executionContext.durableExecutionArn);
    const reserved = await context.step('reserve', async () => 'reserved');
    await context.wait({ seconds: 1 });
    if (event.fail) throw new Error('payment declined');
    const charged = await context.step('charge', async () => 'charged');
    return { reserved, charged };
  };

/** reserve → wait → charge → wait → ship: three invocations. */
const threeInvocations = async (_event: unknown, context: DurableContext) => {
  await context.step('reserve', async () => 'reserved');
  await context.wait({ seconds: 1 });
  await context.step('charge', async () => 'charged');
  await context.wait({ seconds: 1 });
  return context.step('ship', async () => 'shipped');
};

const PROVIDER_SYMBOL = Symbol.for('@durable-powertools/tracer.test.provider');
const PROVIDER_MODULE = new URL('./fixtures/providerFromSource.mjs', import.meta.url).pathname;

/** Builds middy's durable mode with the plugin registered the only way it can be: the environment. */
const withPluginFromEnvironment = <T>(build: () => T): T => {
  (globalThis as Record<symbol, unknown>)[PROVIDER_SYMBOL] = durableExecutionPluginProvider;
  process.env.DURABLE_EXECUTION_PLUGINS = PROVIDER_MODULE;
  try {
    return build(); // withDurableExecution reads the variable synchronously, when it is called
  } finally {
    delete process.env.DURABLE_EXECUTION_PLUGINS;
  }
};

const shapes = {
  'withDurableExecution(handler, { plugins: [new DurableTracerPlugin({ tracer })] }) (deprecated)':
    (arns: Set<string>, tracer: Tracer) =>
      withDurableExecution(stepWaitStep(arns), { plugins: [new DurableTracerPlugin({ tracer })] }),
  'withDurableExecution(withDurableTracer(handler, { tracer }), { plugins })': (
    arns: Set<string>,
    tracer: Tracer,
  ) =>
    withDurableExecution(withDurableTracer(stepWaitStep(arns), { tracer }), {
      plugins: [new DurablePowertoolsPlugin()],
    }),
  'withDurableExecution(middy(handler).use(durableTracer(tracer)), { plugins })': (
    arns: Set<string>,
    tracer: Tracer,
  ) =>
    withDurableExecution(middy(stepWaitStep(arns)).use(durableTracer(tracer)), {
      plugins: [new DurablePowertoolsPlugin()],
    }),
  'middy(handler, durable mode).use(durableTracer({ tracer })) + DURABLE_EXECUTION_PLUGINS': (
    arns: Set<string>,
    tracer: Tracer,
  ) =>
    withPluginFromEnvironment(() =>
      middy(stepWaitStep(arns), { executionMode: executionModeDurableContext }).use(
        durableTracer({ tracer }),
      ),
    ),
};

describe.each(Object.entries(shapes))('%s', (_shape, build) => {
  it('sends one closed, annotated handler subsegment per invocation, the suspended one included', async () => {
    // Prepare
    const arns = new Set<string>();

    // Act
    const { result, root, parents, handlers, documents } = await runTraced(
      build(arns, newTracer()),
      {},
    );

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(arns.size).toBe(1);
    const [executionArn] = [...arns];
    expect(handlers).toHaveLength(2);
    expect(handlers.map((h) => [h.trace_id, h.parent_id])).toEqual(parents.map((p) => [root, p]));
    for (const handler of handlers) {
      expect(handler.in_progress).toBeUndefined();
      expect(handler.end_time).toBeGreaterThanOrEqual(handler.start_time);
      expect(handler.annotations).toMatchObject({ execution_arn: executionArn, Service: 'orders' });
    }
    expect(handlers.map((h) => h.annotations?.ColdStart)).toEqual([true, false]);
    expect(handlers.map((h) => h.annotations?.invocation_status)).toEqual(['PENDING', 'SUCCEEDED']);
    expect(handlers.map((h) => h.annotations?.durable_invocation)).toEqual([1, 2]);
    expect(handlers.map((h) => h.annotations?.first_invocation)).toEqual([true, false]);
    expect(handlers[1]?.metadata?.orders?.['index.handler response']).toEqual({
      reserved: 'reserved',
      charged: 'charged',
    });
    // One attempt subsegment per step, under the handler subsegment of the invocation that ran it:
    // `reserve` is replayed in the second invocation and must not appear again.
    const steps = documents.filter((d) => d.name.startsWith('### '));
    expect(steps.map((s) => [s.name, s.parent_id])).toEqual([
      ['### reserve', handlers[0]?.id],
      ['### charge', handlers[1]?.id],
    ]);
    expect(steps.map((s) => s.annotations?.attempt)).toEqual([1, 1]);
  });
});

describe('one X-Ray trace per execution, as Lambda sets the headers', () => {
  it('puts every document of a three-invocation execution in its Root, each handler under its invocation’s Parent', async () => {
    // Prepare
    const handler = withDurableExecution(middy(threeInvocations).use(durableTracer(newTracer())), {
      plugins: [new DurablePowertoolsPlugin()],
    });
    const before = daemon.documents.length;

    // Act
    const { result, root, parents, handlers, documents } = await runTraced(handler, {});

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 3 });
    expect(new Set(parents).size).toBe(3);
    const sent = daemon.documents.slice(before);
    expect(sent.map((d) => d.trace_id)).toEqual(sent.map(() => root));
    expect(documents).toHaveLength(6); // 3 handler subsegments + 3 step attempts
    expect(handlers.map((h) => h.parent_id)).toEqual(parents);
    expect(handlers.map((h) => h.annotations?.invocation_status)).toEqual([
      'PENDING',
      'PENDING',
      'SUCCEEDED',
    ]);
    const steps = documents.filter((d) => d.name.startsWith('### '));
    expect(steps.map((s) => [s.name, s.parent_id])).toEqual([
      ['### reserve', handlers[0]?.id],
      ['### charge', handlers[1]?.id],
      ['### ship', handlers[2]?.id],
    ]);
  });

  it('sends nothing when the execution is not sampled (Sampled=0)', async () => {
    // Prepare
    const handler = withDurableExecution(middy(threeInvocations).use(durableTracer(newTracer())), {
      plugins: [new DurablePowertoolsPlugin()],
    });
    const before = daemon.documents.length;

    // Act
    const { result } = await runTraced(handler, {}, false);

    // Assess
    expectInvocationCount(result, { exactly: 3 });
    expect(result.trace?.header).toMatch(/;Sampled=0$/);
    await daemon.settle();
    expect(daemon.documents.slice(before)).toEqual([]);
  });

  it('without a trace header sends nothing, as before (the Lambda facade has no trace to join)', async () => {
    // Prepare
    const handler = withDurableExecution(middy(threeInvocations).use(durableTracer(newTracer())), {
      plugins: [new DurablePowertoolsPlugin()],
    });
    const before = daemon.documents.length;

    // Act
    const result = await runDurable(handler, { payload: {} });
    await daemon.settle();

    // Assess
    expectInvocationCount(result, { exactly: 3 });
    expect(process.env._X_AMZN_TRACE_ID).toBeUndefined();
    expect(daemon.documents.slice(before)).toEqual([]);
  });
});

describe('settings registered where durableTracer(...) is built, not on plugin instances', () => {
  const orders = {
    'the suite plugin first': (plugin: DurableTracerPlugin) => [
      new DurablePowertoolsPlugin(),
      plugin,
    ],
    'the tracer plugin first': (plugin: DurableTracerPlugin) => [
      plugin,
      new DurablePowertoolsPlugin(),
    ],
    'several instances': (plugin: DurableTracerPlugin) => [
      new DurablePowertoolsPlugin(),
      new DurablePowertoolsPlugin(),
      plugin,
      new DurablePowertoolsPlugin(),
    ],
  };

  it.each(Object.entries(orders))('reach every invocation with %s', async (_order, plugins) => {
    // Prepare
    const serviceName = `orders-${_order.replaceAll(' ', '-')}`;
    const handler = withDurableExecution(threeInvocations, {
      plugins: plugins(new DurableTracerPlugin({ tracer: newTracer(serviceName) })),
    });

    // Act
    const { result, parents, handlers } = await runTraced(handler, {});

    // Assess
    expectInvocationCount(result, { exactly: 3 });
    expect(handlers.map((h) => h.parent_id)).toEqual(parents);
    expect(handlers.map((h) => h.annotations?.Service)).toEqual([
      serviceName,
      serviceName,
      serviceName,
    ]);
  });

  it('reach every invocation with the middleware and plugins in any order', async () => {
    // Prepare
    const tracing = durableTracer(newTracer('orders-middleware'), { captureResponse: false });
    const handler = withDurableExecution(middy(threeInvocations).use(tracing), {
      plugins: [new DurablePowertoolsPlugin(), new DurablePowertoolsPlugin()],
    });

    // Act
    const { result, handlers } = await runTraced(handler, {});

    // Assess
    expectInvocationCount(result, { exactly: 3 });
    expect(handlers.map((h) => h.annotations?.Service)).toEqual([
      'orders-middleware',
      'orders-middleware',
      'orders-middleware',
    ]);
    expect(handlers[2]?.metadata).toBeUndefined(); // captureResponse: false
  });
});

describe('zero-option durableTracer()', () => {
  it('builds a Tracer from the environment, reachable as .tracer', async () => {
    // Prepare: POWERTOOLS_SERVICE_NAME=orders (support/simulatedLambda.ts)
    const tracing = durableTracer();
    const workflow = async (event: { orderId: string }, context: DurableContext) => {
      tracing.tracer.putAnnotation('order_id', event.orderId);
      return threeInvocations(event, context);
    };
    const handler = withDurableExecution(middy(workflow).use(tracing), {
      plugins: [new DurablePowertoolsPlugin()],
    });

    // Act
    const { result, handlers } = await runTraced(handler, { orderId: '42' });

    // Assess
    expect(tracing.tracer).toBeInstanceOf(Tracer);
    expectInvocationCount(result, { exactly: 3 });
    expect(handlers).toHaveLength(3);
    for (const handlerSubsegment of handlers) {
      expect(handlerSubsegment.annotations).toMatchObject({ Service: 'orders', order_id: '42' });
    }
  });
});

describe('outcomes', () => {
  it('closes the completing invocation as FAILED with the workflow error', async () => {
    // Prepare
    const arns = new Set<string>();
    const handler = withDurableExecution(
      middy(stepWaitStep(arns)).use(durableTracer(newTracer())),
      {
        plugins: [new DurablePowertoolsPlugin()],
      },
    );

    // Act
    const { result, handlers } = await runTraced(handler, { fail: true });

    // Assess
    expect(result.status).toBe('FAILED');
    expectInvocationCount(result, { exactly: 2 });
    expect(handlers.map((h) => h.annotations?.invocation_status)).toEqual(['PENDING', 'FAILED']);
    expect(handlers[0]?.cause).toBeUndefined();
    expect(handlers[1]?.cause?.exceptions?.[0]?.message).toBe('payment declined');
    expect(handlers[1]?.metadata).toBeUndefined();
  });

  it('gives each step attempt its subsegment and counts the retry as an invocation', async () => {
    // Prepare
    let attempts = 0;
    const workflow = async (_event: unknown, context: DurableContext) =>
      context.step(
        'charge',
        async () => {
          attempts++;
          if (attempts === 1) throw new Error('card network timeout');
          return 'charged';
        },
        {
          retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 2, delay: { seconds: 1 } }),
        },
      );
    const handler = withDurableExecution(withDurableTracer(workflow, { tracer: newTracer() }), {
      plugins: [new DurablePowertoolsPlugin()],
    });

    // Act
    const { result, handlers, documents } = await runTraced(handler, {});

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(handlers.map((h) => h.annotations?.invocation_status)).toEqual(['PENDING', 'SUCCEEDED']);
    expect(handlers.map((h) => h.annotations?.durable_invocation)).toEqual([1, 2]);
    const attemptSubsegments = documents.filter((d) => d.name === '### charge');
    expect(attemptSubsegments.map((a) => [a.annotations?.attempt, a.parent_id])).toEqual([
      [1, handlers[0]?.id],
      [2, handlers[1]?.id],
    ]);
    expect(attemptSubsegments[0]?.cause?.exceptions?.[0]?.message).toBe('card network timeout');
    expect(attemptSubsegments[1]?.cause).toBeUndefined();
  });
});

describe('configuration', () => {
  it('fails the invocation with DurablePluginNotRegisteredError when the plugin is not registered', async () => {
    // Prepare: middy's durable mode without DURABLE_EXECUTION_PLUGINS
    const arns = new Set<string>();
    const handler = middy(stepWaitStep(arns), { executionMode: executionModeDurableContext }).use(
      durableTracer({ tracer: newTracer() }),
    );

    // Act
    const { result, handlers } = await runTraced(handler, {});

    // Assess
    expect(result.status).toBe('FAILED');
    expectInvocationCount(result, { exactly: 1 });
    expect(result.error?.errorType).toBe('DurablePluginNotRegisteredError');
    expect(result.error?.errorMessage).toContain(
      'DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin',
    );
    expect(handlers).toEqual([]);
  });

  it('does nothing, and needs no plugin, when tracing is disabled', async () => {
    // Prepare
    const arns = new Set<string>();
    const handler = middy(stepWaitStep(arns), { executionMode: executionModeDurableContext }).use(
      durableTracer({ tracer: new Tracer({ enabled: false }) }),
    );

    // Act
    const { result, documents } = await runTraced(handler, {});

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(documents).toEqual([]);
  });
});

describe('isolation', () => {
  it('keeps two executions run one after another on one handler apart', async () => {
    // Prepare: one handler, as in one execution environment; the workflow annotates the current
    // subsegment through the user's Tracer.
    const arns = new Set<string>();
    const tracer = newTracer();
    const workflow = async (event: { orderId: string }, context: DurableContext) => {
      tracer.putAnnotation('order_id', event.orderId);
      return stepWaitStep(arns)({}, context);
    };
    const handler = withDurableExecution(middy(workflow).use(durableTracer(tracer)), {
      plugins: [new DurablePowertoolsPlugin()],
    });

    // Act
    const first = await runTraced(handler, { orderId: 'A' });
    const second = await runTraced(handler, { orderId: 'B' });

    // Assess
    expectInvocationCount(first.result, { exactly: 2 });
    expectInvocationCount(second.result, { exactly: 2 });
    expect(second.root).not.toBe(first.root);
    const [arnA, arnB] = [...arns];
    expect(arnB).toBeDefined();
    expect(arnB).not.toBe(arnA);
    for (const [run, arn, orderId] of [
      [first, arnA, 'A'],
      [second, arnB, 'B'],
    ] as const) {
      expect(run.handlers).toHaveLength(2);
      expect(run.handlers.map((h) => h.parent_id)).toEqual(run.parents);
      expect(run.handlers.map((h) => h.annotations?.first_invocation)).toEqual([true, false]);
      for (const handlerSubsegment of run.handlers) {
        expect(handlerSubsegment.annotations).toMatchObject({
          execution_arn: arn,
          order_id: orderId,
        });
      }
      const handlerIds = run.handlers.map((h) => h.id);
      const steps = run.documents.filter((d) => d.name.startsWith('### '));
      expect(steps).toHaveLength(2);
      for (const step of steps) expect(handlerIds).toContain(step.parent_id);
    }
    expect(second.handlers.map((h) => h.annotations?.ColdStart)).toEqual([false, false]);
  });
});

describe('subsegments left open by a suspension', () => {
  it('closes them with the handler subsegment, so that the handler subsegment is still sent', async () => {
    // Prepare: user code opens a subsegment before the wait and only closes it after it
    const tracer = newTracer();
    const workflow = async (_event: unknown, context: DurableContext) => {
      const handlerSubsegment = tracer.getSegment();
      const spanning = handlerSubsegment?.addNewSubsegment('### fulfilment');
      await context.wait({ seconds: 1 });
      spanning?.close();
      return 'done';
    };
    const handler = withDurableExecution(withDurableTracer(workflow, { tracer }), {
      plugins: [new DurablePowertoolsPlugin()],
    });

    // Act
    const { result, handlers, documents } = await runTraced(handler, {});

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(handlers.map((h) => h.annotations?.invocation_status)).toEqual(['PENDING', 'SUCCEEDED']);
    const spanning = documents.filter((d) => d.name === '### fulfilment');
    expect(spanning.map((s) => s.parent_id)).toEqual([handlers[0]?.id, handlers[1]?.id]);
    for (const subsegment of spanning) expect(subsegment.end_time).toBeDefined();
  });
});
