// The logger's cost: time of a suppressed (replayed) and of an emitted call against plain Powertools,
// and bytes per record (what CloudWatch Logs bills) against the same message from a Powertools Logger
// with injectLambdaContext's keys. Run: node scripts/bench.mjs logger
import { AsyncLocalStorage } from 'node:async_hooks';
import os from 'node:os';
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { DurablePowertoolsPlugin, isReplaying } from '@durable-powertools/commons';
import { type DurableLoggerSettings, withDurableLogger } from '@durable-powertools/logger';
import type { BenchMeasurement, BenchSuite } from '@durable-powertools/testing';
import { runDurable, teardownDurableHarness } from '@durable-powertools/testing';

// Each task makes CALLS log calls, so the one AsyncLocalStorage.snapshot() re-entry per task (which
// puts the call back inside the parked durable invocation) is spread over many calls.
const CALLS = 50;
const MESSAGE = 'order charged';
const ATTRIBUTES = { orderId: 'o-1', amount: 42 };
// Lambda sets the trace header for every invocation, and Powertools writes it as xray_trace_id.
process.env._X_AMZN_TRACE_ID =
  'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';

type InScope = (fn: () => void) => void;
const plugins = { plugins: [new DurablePowertoolsPlugin()] };

/**
 * Real durable executions on the SDK's local runner, each parked (awaiting a gate) at the point
 * being measured: the root replaying after a wait, a child context resumed after a wait (the SDK
 * runs it in ExecutionMode; this package recognises it as replaying), and a live step inside a
 * child context. The benchmark calls re-enter those async contexts.
 */
const parked: { rootReplay?: InScope; childReplay?: InScope; liveStep?: InScope } = {};
const gates: Array<() => void> = [];
const park = (): Promise<void> => new Promise((resolve) => gates.push(resolve));
const runs: Array<Promise<unknown>> = [];

const durable = new Logger({ serviceName: 'bench' });
const plain = new Logger({ serviceName: 'bench' });
const plainWithSameKeys = new Logger({ serviceName: 'bench' });
const sameKeys: Record<string, unknown> = {};
let childLogger: DurableContext['logger'] | undefined;

const rootReplayWorkflow = async (_event: unknown, context: DurableContext) => {
  if (isReplaying(context)) {
    parked.rootReplay = AsyncLocalStorage.snapshot();
    await park();
  }
  await context.wait({ seconds: 1 });
};

let childWorkflowInvocations = 0;
const childReplayWorkflow = async (_event: unknown, context: DurableContext) => {
  childWorkflowInvocations++;
  await context.runInChildContext('resumed', async (child) => {
    // The second invocation re-runs the unfinished child from its start.
    if (childWorkflowInvocations === 2) {
      childLogger = child.logger;
      parked.childReplay = AsyncLocalStorage.snapshot();
      await park();
    }
    await child.wait({ seconds: 1 });
  });
};

let lambdaContext: DurableContext['lambdaContext'] | undefined;
const liveStepWorkflow = (_event: unknown, context: DurableContext) => {
  lambdaContext = context.lambdaContext;
  return context.runInChildContext('order', (child) =>
    child.step('charge', async () => {
      parked.liveStep = AsyncLocalStorage.snapshot();
      await park();
    }),
  );
};

const waitFor = async (ready: () => boolean): Promise<void> => {
  const deadline = Date.now() + 20_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('durable executions did not park in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** What `log` writes to stdout, line by line. */
const printed = (log: () => void): string[] => {
  let text = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => {
    text += chunk;
    return true;
  }) as never;
  try {
    log();
  } finally {
    process.stdout.write = write;
  }
  return text.split('\n').filter(Boolean);
};

/** The durable keys of one live-step record: what it carries beyond a Powertools record with the Lambda context. */
const durableKeysOfOneRecord = (inScope: InScope): Record<string, unknown> => {
  const [line = '{}'] = printed(() => inScope(() => durable.info('probe')));
  const [reference = '{}'] = printed(() => plainWithSameKeys.info('probe'));
  const powertoolsKeys = new Set(Object.keys(JSON.parse(reference) as object));
  return Object.fromEntries(
    Object.entries(JSON.parse(line) as object).filter(([key]) => !powertoolsKeys.has(key)),
  );
};

const repeat = (log: () => void) => () => {
  for (let call = 0; call < CALLS; call++) log();
};

const inParked = (name: keyof typeof parked, log: () => void) => {
  const batch = repeat(log);
  return () => (parked[name] as InScope)(batch);
};

// --- bytes per record ---------------------------------------------------------------------------

/** The local runner's execution id as the Lambda-length ARN of issue 18 (the JSON carries it verbatim). */
const lambdaArnFor = (uuid: string): string =>
  `arn:aws:lambda:eu-west-1:123456789012:function:orders:1/durable-execution/order-42/${uuid}`;

const WHERE = ['root', 'step', 'child', 'step in child'] as const;
type Where = (typeof WHERE)[number];

/**
 * One execution writing MESSAGE through `context.logger` at the root, in a step, in a child context
 * and in a step inside it, after the same message from a plain Powertools Logger given the Lambda
 * context as `injectLambdaContext` gives it. Returns each line's bytes (newline included) with the
 * execution id replaced by a Lambda-length ARN.
 */
const recordBytes = async (
  settings: DurableLoggerSettings,
): Promise<Record<Where | 'powertools', number>> => {
  const logger = new Logger({ serviceName: 'orders' });
  const reference = new Logger({ serviceName: 'orders' });
  const workflow = async (_event: unknown, context: DurableContext) => {
    reference.addContext(context.lambdaContext);
    reference.info(MESSAGE, ATTRIBUTES);
    context.logger.info(MESSAGE, ATTRIBUTES);
    await context.step('charge', async (step) => step.logger.info(MESSAGE, ATTRIBUTES));
    await context.runInChildContext('order', async (child) => {
      child.logger.info(MESSAGE, ATTRIBUTES);
      await child.step('charge', async (step) => step.logger.info(MESSAGE, ATTRIBUTES));
    });
  };
  const handler = withDurableExecution(withDurableLogger(workflow, logger, settings), plugins);
  const result = await runDurable(handler, { payload: {} });
  const lines = result.invocations.flatMap((invocation) => invocation.lines);
  if (result.status !== 'SUCCEEDED' || lines.length !== 5)
    throw new Error(`bench run: ${lines.length} lines`);
  const uuid = String((JSON.parse(lines[1] as string) as { execution_arn: string }).execution_arn);
  const [powertools, ...durableLines] = lines.map(
    (line) => Buffer.byteLength(line.replaceAll(uuid, lambdaArnFor(uuid))) + 1,
  );
  const bytes = { powertools } as Record<Where | 'powertools', number>;
  WHERE.forEach((where, index) => {
    bytes[where] = durableLines[index] as number;
  });
  return bytes;
};

const bytes: Partial<Record<'defaults' | 'everything', Record<Where | 'powertools', number>>> = {};
const TARGETS: Record<Where, number> = { root: 1.4, step: 1.6, child: 1.6, 'step in child': 1.6 };

export default {
  name: 'logger',
  setup: async () => {
    // Bytes first: runs measured while others are parked would share their output capture.
    bytes.defaults = await recordBytes({});
    bytes.everything = await recordBytes({ executionArnConsoleKey: true, operationIdKeys: true });
    const timeoutMs = 600_000;
    for (const workflow of [rootReplayWorkflow, childReplayWorkflow, liveStepWorkflow]) {
      const handler = withDurableExecution(withDurableLogger(workflow, durable), plugins);
      runs.push(runDurable(handler, { payload: {}, timeoutMs }));
    }
    await waitFor(() => Object.keys(parked).length === 3);
    // The same record from Powertools: injectLambdaContext's keys, the durable ones passed per call
    // (Powertools' cheapest way: cheaper than appendKeys).
    if (lambdaContext !== undefined) plainWithSameKeys.addContext(lambdaContext);
    Object.assign(sameKeys, durableKeysOfOneRecord(parked.liveStep as InScope));
  },
  comparisons: [
    {
      name: `suppressed replayed direct logger.info() vs emitted plain Powertools info() (x${CALLS})`,
      baseline: repeat(() => plain.info(MESSAGE, ATTRIBUTES)),
      candidate: inParked('rootReplay', () => durable.info(MESSAGE, ATTRIBUTES)),
      targetRatio: 0.05,
    },
    {
      name: `suppressed context.logger.info() in a resumed child vs emitted plain Powertools info() (x${CALLS})`,
      baseline: repeat(() => plain.info(MESSAGE, ATTRIBUTES)),
      candidate: inParked('childReplay', () => childLogger?.info(MESSAGE, ATTRIBUTES)),
      targetRatio: 0.05,
    },
    {
      name: `emitted durable record (step in child) vs plain Powertools record with the same keys (x${CALLS})`,
      // Both in the parked step's async context: only the durable logger's own work differs.
      baseline: inParked('liveStep', () => plainWithSameKeys.info(MESSAGE, ATTRIBUTES, sameKeys)),
      candidate: inParked('liveStep', () => durable.info(MESSAGE, ATTRIBUTES)),
      targetRatio: 1.1,
    },
  ],
  measure: async (): Promise<BenchMeasurement[]> => {
    const load = `load ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`;
    const { defaults, everything } = bytes as Required<typeof bytes>;
    return WHERE.flatMap((where) => {
      const ratio = defaults[where] / defaults.powertools;
      const verdict =
        ratio <= TARGETS[where] ? `<= ${TARGETS[where]} ok` : `> ${TARGETS[where]} MISSED`;
      return [
        {
          name: `bytes of a ${where} record, Lambda-length ARN, default keys vs Powertools + injectLambdaContext keys`,
          baseline: defaults.powertools,
          candidate: defaults[where],
          unit: 'bytes',
          note: `ratio ${ratio.toFixed(3)} ${verdict}; ${load}`,
        },
        {
          name: `bytes of a ${where} record with executionArnConsoleKey and operationIdKeys`,
          baseline: everything.powertools,
          candidate: everything[where],
          unit: 'bytes',
          note: `ratio ${(everything[where] / everything.powertools).toFixed(3)}`,
        },
      ];
    });
  },
  teardown: async () => {
    for (const release of gates.splice(0)) release();
    await Promise.allSettled(runs);
    await teardownDurableHarness();
  },
} satisfies BenchSuite;
