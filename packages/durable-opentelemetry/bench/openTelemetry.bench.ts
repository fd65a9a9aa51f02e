import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AttemptInfo,
  type DurableContext,
  type DurableExecutionInvocationOutput,
  type InvocationInfo,
  type OperationInfo,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
import {
  DurableIdGenerator,
  type DurableOpenTelemetryOptions,
  type DurableOpenTelemetryTracing,
  DurablePowertoolsPlugin,
  durableOpenTelemetry,
} from '@durable-powertools/opentelemetry';
import type { BenchSuite } from '@durable-powertools/testing';
import { runDurable, teardownDurableHarness } from '@durable-powertools/testing';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

// One invocation of a durable execution as the SDK drives the suite's lifecycle core, through the
// real DurablePowertoolsPlugin: the resumed wait's completion, a step attempt, a child context with a
// step attempt inside, another step attempt, the end report. Baseline: the same invocation with no
// tracing subscribed. Candidate: durableOpenTelemetry() on the real OpenTelemetry SDK, spans batched and
// sent by the OTLP/HTTP exporter to a receiver on loopback, force-flushed before the invocation
// returns (what each invocation pays in Lambda). The workflow's own code is empty, so the ratio is the
// tracing cost against the core's own per-invocation work, and candidate - baseline is the absolute
// per-invocation overhead.

let receivedRequests = 0;
let receivedBytes = 0;
const server = createServer((request, response) => {
  request.on('data', (chunk: Buffer) => {
    receivedBytes += chunk.length;
  });
  request.on('end', () => {
    receivedRequests++;
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});

const plugin = new DurablePowertoolsPlugin();
const ARN =
  'arn:aws:lambda:eu-west-1:123456789012:function:orders:$LATEST/durable-execution/bench/0d9a7c1e';
const EXECUTION_START = new Date(Date.now() - 60_000);
const WAIT: OperationInfo = {
  id: 'w1',
  name: 'cool down',
  type: 'WAIT',
  subType: 'Wait',
  status: 'SUCCEEDED',
  startTimestamp: new Date(Date.now() - 30_000),
  endTimestamp: new Date(),
  isReplay: false,
};
const CHILD: OperationInfo = {
  id: 'c1',
  name: 'fulfil',
  type: 'CONTEXT',
  subType: 'RunInChildContext',
  isReplay: false,
};
const attempt = (id: string, name: string, parentId?: string): AttemptInfo => ({
  id,
  name,
  type: 'STEP',
  subType: 'Step',
  attempt: 1,
  isReplay: false,
  ...(parentId === undefined ? {} : { parentId }),
});

const invocationInfo = (): InvocationInfo => ({
  requestId: 'bench',
  executionArn: ARN,
  executionInput: {},
  operations: { w1: WAIT },
  updatedOperations: { w1: WAIT },
  isFirstInvocation: false,
  executionStartTimestamp: EXECUTION_START,
});

const invocation = async (
  status: 'PENDING' | 'SUCCEEDED',
): Promise<DurableExecutionInvocationOutput> => {
  const info = invocationInfo();
  await plugin.onInvocationStart(info);
  return plugin.wrapInvocation(info, async () => {
    await plugin.onOperationEnd(WAIT);
    await plugin.wrapOperationAttemptFn(attempt('s1', 'reserve'), async () => 'reserved');
    await plugin.wrapChildContextFn(CHILD, () =>
      plugin.wrapOperationAttemptFn(attempt('s2', 'pack', 'c1'), async () => 'packed'),
    );
    await plugin.wrapOperationAttemptFn(attempt('s3', 'charge'), async () => 'charged');
    await plugin.onInvocationEnd({ ...info, status, executionResult: 'done' });
    return { Status: status } as DurableExecutionInvocationOutput;
  });
};

/**
 * The same kind of invocation end to end on the SDK's local runner: a real execution of one
 * invocation (reserve, child context with pack, charge), checkpoints included.
 */
const runnerHandler = withDurableExecution(
  async (_event: unknown, durable: DurableContext) => {
    await durable.step('reserve', async () => 'reserved');
    await durable.runInChildContext('fulfil', (child) => child.step('pack', async () => 'packed'));
    return durable.step('charge', async () => 'charged');
  },
  { plugins: [plugin] },
);
const runOnRunner = async (): Promise<void> => {
  const result = await runDurable(runnerHandler, { payload: {} });
  if (result.status !== 'SUCCEEDED') throw new Error(`execution ${result.status}`);
};

/** Which tracing is subscribed: switched by each task, so baseline runs with none. */
let tracing: { key: string; instance: DurableOpenTelemetryTracing } | undefined;
const traced = (key: string, options: DurableOpenTelemetryOptions) => {
  if (tracing?.key === key) return;
  tracing?.instance.dispose();
  tracing = { key, instance: durableOpenTelemetry(options) };
};
const untraced = () => {
  tracing?.instance.dispose();
  tracing = undefined;
};

let provider: TracerProvider | undefined;

/** Spans and export requests per invocation, counted at the receiver. */
const perInvocation = async (status: 'PENDING' | 'SUCCEEDED') => {
  traced('flush', {});
  await provider?.forceFlush();
  const requests = receivedRequests;
  const bytes = receivedBytes;
  const runs = 20;
  for (let i = 0; i < runs; i++) await invocation(status);
  await new Promise((resolve) => setTimeout(resolve, 100));
  return {
    requests: (receivedRequests - requests) / runs,
    bytes: Math.round((receivedBytes - bytes) / runs),
  };
};

export default {
  name: 'opentelemetry',
  setup: async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    provider = new TracerProvider({
      idGenerator: new DurableIdGenerator(),
      spanProcessors: [
        new BatchSpanProcessor({
          exporter: new OTLPTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces` }),
        }),
      ],
    });
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(provider);
  },
  comparisons: [
    {
      name: 'suspended invocation (wait span, 3 attempts, child): traced + flushed over OTLP/HTTP vs untraced',
      baseline: () => {
        untraced();
        return invocation('PENDING');
      },
      candidate: () => {
        traced('flush', {});
        return invocation('PENDING');
      },
    },
    {
      name: 'completing invocation (+ root span): traced + flushed over OTLP/HTTP vs untraced',
      baseline: () => {
        untraced();
        return invocation('SUCCEEDED');
      },
      candidate: () => {
        traced('flush', {});
        return invocation('SUCCEEDED');
      },
    },
    {
      name: 'suspended invocation: traced, spans left to the batch processor (flush: false) vs untraced',
      baseline: () => {
        untraced();
        return invocation('PENDING');
      },
      candidate: () => {
        traced('batch', { flush: false });
        return invocation('PENDING');
      },
    },
    {
      name: 'whole execution on the local runner (1 invocation, 3 attempts, child): traced + flushed vs untraced',
      baseline: () => {
        untraced();
        return runOnRunner();
      },
      candidate: () => {
        traced('flush', {});
        return runOnRunner();
      },
    },
  ],
  measure: async () => {
    const suspended = await perInvocation('PENDING');
    const completing = await perInvocation('SUCCEEDED');
    return [
      {
        name: 'OTLP/HTTP export requests per suspended invocation (force-flush)',
        candidate: suspended.requests,
        unit: 'requests',
      },
      {
        name: 'OTLP/HTTP JSON bytes per suspended invocation (6 spans)',
        candidate: suspended.bytes,
        unit: 'bytes',
      },
      {
        name: 'OTLP/HTTP JSON bytes per completing invocation (6 spans + root)',
        candidate: completing.bytes,
        unit: 'bytes',
      },
    ];
  },
  teardown: async () => {
    untraced();
    await teardownDurableHarness();
    await provider?.shutdown();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  },
} satisfies BenchSuite;
