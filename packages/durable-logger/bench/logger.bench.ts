import { AsyncLocalStorage } from 'node:async_hooks';
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { DurablePowertoolsPlugin, isReplaying } from '@durable-powertools/commons';
import { attachDurableLogger } from '@durable-powertools/logger';
import type { BenchSuite } from '@durable-powertools/testing';
import { runDurable, teardownDurableHarness } from '@durable-powertools/testing';

// Each task makes CALLS log calls, so the one AsyncLocalStorage.snapshot() re-entry per task (which
// puts the call back inside the parked durable invocation) is spread over many calls.
const CALLS = 50;
const ATTRIBUTES = { orderId: 'o-1', amount: 42 };

type InScope = (fn: () => void) => void;

/**
 * Real durable executions on the SDK's local runner, each parked (awaiting a gate) at the point
 * being measured: the root replaying after a wait, a child context resumed after a wait (the SDK
 * runs it in ExecutionMode; this package recognises it as replaying), and a live step inside a
 * child context (every durable key present). The benchmark calls re-enter those async contexts.
 */
const parked: { rootReplay?: InScope; childReplay?: InScope; liveStep?: InScope } = {};
const gates: Array<() => void> = [];
const park = (): Promise<void> => new Promise((resolve) => gates.push(resolve));
const runs: Array<Promise<unknown>> = [];

const durable = new Logger({ serviceName: 'bench' });
const plain = new Logger({ serviceName: 'bench' });
const plainWithSameKeys = new Logger({ serviceName: 'bench' });
let childLogger: DurableContext['logger'] | undefined;

const rootReplayWorkflow = withDurableExecution(
  async (_event: unknown, context: DurableContext) => {
    attachDurableLogger(context, durable);
    if (isReplaying(context)) {
      parked.rootReplay = AsyncLocalStorage.snapshot();
      await park();
    }
    await context.wait({ seconds: 1 });
  },
  { plugins: [new DurablePowertoolsPlugin()] },
);

let childWorkflowInvocations = 0;
const childReplayWorkflow = withDurableExecution(
  async (_event: unknown, context: DurableContext) => {
    attachDurableLogger(context, durable);
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
  },
  { plugins: [new DurablePowertoolsPlugin()] },
);

const liveStepWorkflow = withDurableExecution(
  async (_event: unknown, context: DurableContext) => {
    attachDurableLogger(context, durable);
    await context.runInChildContext('order', (child) =>
      child.step('charge', async () => {
        parked.liveStep = AsyncLocalStorage.snapshot();
        await park();
      }),
    );
  },
  { plugins: [new DurablePowertoolsPlugin()] },
);

const waitFor = async (ready: () => boolean): Promise<void> => {
  const deadline = Date.now() + 20_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('durable executions did not park in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** The durable keys one live-step record carries, read from what the durable logger prints. */
const durableKeysOfOneRecord = (inScope: InScope): Record<string, unknown> => {
  let printed = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => {
    printed += chunk;
    return true;
  }) as never;
  try {
    inScope(() => durable.info('probe'));
  } finally {
    process.stdout.write = write;
  }
  const { level, message, timestamp, service, sampling_rate, xray_trace_id, ...keys } = JSON.parse(
    printed,
  ) as Record<string, unknown>;
  return keys;
};

const repeat = (log: () => void) => () => {
  for (let call = 0; call < CALLS; call++) log();
};

const inParked = (name: keyof typeof parked, log: () => void) => {
  const batch = repeat(log);
  return () => (parked[name] as InScope)(batch);
};

export default {
  name: 'logger',
  setup: async () => {
    const timeoutMs = 600_000;
    runs.push(runDurable(rootReplayWorkflow, { payload: {}, timeoutMs }));
    runs.push(runDurable(childReplayWorkflow, { payload: {}, timeoutMs }));
    runs.push(runDurable(liveStepWorkflow, { payload: {}, timeoutMs }));
    await waitFor(() => Object.keys(parked).length === 3);
    plainWithSameKeys.appendKeys(durableKeysOfOneRecord(parked.liveStep as InScope));
  },
  comparisons: [
    {
      name: `suppressed replayed direct logger.info() vs emitted plain Powertools info() (x${CALLS})`,
      baseline: repeat(() => plain.info('order charged', ATTRIBUTES)),
      candidate: inParked('rootReplay', () => durable.info('order charged', ATTRIBUTES)),
      targetRatio: 0.05,
    },
    {
      name: `suppressed context.logger.info() in a resumed child vs emitted plain Powertools info() (x${CALLS})`,
      baseline: repeat(() => plain.info('order charged', ATTRIBUTES)),
      candidate: inParked('childReplay', () => childLogger?.info('order charged', ATTRIBUTES)),
      targetRatio: 0.05,
    },
    {
      name: `emitted durable record (step in child) vs plain Powertools record with the same keys (x${CALLS})`,
      baseline: repeat(() => plainWithSameKeys.info('order charged', ATTRIBUTES)),
      candidate: inParked('liveStep', () => durable.info('order charged', ATTRIBUTES)),
      targetRatio: 1.2,
    },
  ],
  teardown: async () => {
    for (const release of gates.splice(0)) release();
    await Promise.allSettled(runs);
    await teardownDurableHarness();
  },
} satisfies BenchSuite;
