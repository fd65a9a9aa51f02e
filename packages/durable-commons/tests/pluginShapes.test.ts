import {
  type DurableContext,
  type DurableInstrumentationPlugin,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { retryEverySecond } from '../../../tests/support/retry.js';
import {
  currentFrame,
  currentLogKeys,
  type DurableOperation,
  isReplaying,
  requireInvocation,
} from '../src/index.js';
import { PerInvocationPlugin, pluginShapes, recordFor } from './support.js';

afterAll(() => teardownDurableHarness());

const named = (operation: DurableOperation | undefined): string =>
  operation === undefined ? 'root' : `${operation.name ?? operation.subType}`;

/** Every hook the core offers, as one line each (what a utility would see). */
const recordEverything = (arns: Set<string>) =>
  recordFor(arns, (push) => ({
    onInvocationStart: (invocation) =>
      push(
        invocation.executionArn,
        `start #${invocation.index} first=${invocation.isFirstInvocation}`,
      ),
    wrapInvocation: (invocation, fn) => {
      push(invocation.executionArn, `wrap #${invocation.index}`);
      return fn();
    },
    onInvocationEnd: (invocation, end) =>
      push(invocation.executionArn, `end #${invocation.index} ${end.status}`),
    onOperationStart: (info, invocation) =>
      push(invocation.executionArn, `op ${info.type} ${info.name} replay=${info.isReplay}`),
    onOperationEnd: (info, invocation) =>
      push(invocation.executionArn, `op-end ${info.type} ${info.name}`),
    onChildContextStart: (operation, invocation) =>
      push(
        invocation.executionArn,
        `child ${named(operation)} in ${named(operation.parent)} replaying=${operation.replaying} virtual=${operation.virtual}`,
      ),
    onChildContextEnd: (operation, invocation, outcome) =>
      push(invocation.executionArn, `child-end ${named(operation)} failed=${outcome.failed}`),
    wrapChildContextFn: (operation, invocation, fn) => {
      push(invocation.executionArn, `wrap-child ${named(operation)}`);
      return fn();
    },
    onOperationAttemptStart: (operation, invocation) =>
      push(invocation.executionArn, `attempt ${named(operation)} #${operation.attempt}`),
    onOperationAttemptEnd: (operation, invocation, outcome) =>
      push(invocation.executionArn, `attempt-end ${named(operation)} failed=${outcome.failed}`),
    wrapOperationAttemptFn: (operation, invocation, fn) => {
      push(invocation.executionArn, `wrap-attempt ${named(operation)}`);
      return fn();
    },
    onContextBound: (_context, operation, invocation) =>
      push(invocation.executionArn, `bound ${named(operation)}`),
    enrichLogContext: (invocation, operation) => ({
      invocation: invocation.index,
      operation: named(operation),
    }),
  }));

/**
 * A workflow touching every frame kind over 4 invocations: a retried step, a child suspended on a
 * wait, a map, and a child whose result is summarised (re-run without a hook to rebuild it).
 */
const workflowFor = (arns: Set<string>, notes: string[]) => {
  const note = (text: string): void => {
    const frame = currentFrame();
    notes.push(
      `${text}: #${frame?.invocation.index} ${named(frame?.operation)} replaying=${isReplaying()} keys=${JSON.stringify(currentLogKeys())}`,
    );
  };
  return async (_event: unknown, context: DurableContext) => {
    arns.add(context.executionContext.durableExecutionArn);
    requireInvocation(context, 'shapes');
    note('root');
    await context.step(
      'charge',
      async (step) => {
        note('charge');
        if (step.attempt < 2) throw new Error('declined once');
      },
      { retryStrategy: retryEverySecond(2) },
    );
    await context.runInChildContext('ship', async (child) => {
      note('ship');
      await child.step('pack', async () => note('pack'));
      await child.wait({ seconds: 1 });
      note('ship resumed');
    });
    await context.map('items', [1, 2], async () => note('item'), { maxConcurrency: 1 });
    await context.runInChildContext('report', async () => {
      note('report');
      return 'x'.repeat(300_000);
    });
    await context.wait({ seconds: 1 });
    note('done');
    return 'ok';
  };
};

/** What one run of the workflow below shows the subscriber: the test's own model, hook by hook. */
const EXPECTED_EVENTS = [
  'start #1 first=true',
  'wrap #1',
  'bound root',
  'op STEP charge replay=false',
  'attempt charge #1',
  'wrap-attempt charge',
  'attempt-end charge failed=true',
  'end #1 PENDING',
  'start #2 first=false',
  'wrap #2',
  'bound root',
  'op STEP charge replay=true',
  'attempt charge #2',
  'wrap-attempt charge',
  'attempt-end charge failed=false',
  'op-end STEP charge',
  'op CONTEXT ship replay=false',
  'child ship in root replaying=false virtual=false',
  'wrap-child ship',
  'bound ship',
  'op STEP pack replay=false',
  'attempt pack #1',
  'wrap-attempt pack',
  'attempt-end pack failed=false',
  'op-end STEP pack',
  'op WAIT undefined replay=false',
  'end #2 PENDING',
  'start #3 first=false',
  'wrap #3',
  'bound root',
  'op CONTEXT ship replay=true',
  'child ship in root replaying=false virtual=false',
  'wrap-child ship',
  'bound ship',
  'op-end WAIT undefined',
  'child-end ship failed=false',
  'op-end CONTEXT ship',
  'op CONTEXT items replay=false',
  'child items in root replaying=false virtual=false',
  'wrap-child items',
  'bound items',
  'op CONTEXT map-item-0 replay=false',
  'child map-item-0 in items replaying=false virtual=false',
  'wrap-child map-item-0',
  'bound map-item-0',
  'child-end map-item-0 failed=false',
  'op-end CONTEXT map-item-0',
  'op CONTEXT map-item-1 replay=false',
  'child map-item-1 in items replaying=false virtual=false',
  'wrap-child map-item-1',
  'bound map-item-1',
  'child-end map-item-1 failed=false',
  'op-end CONTEXT map-item-1',
  'child-end items failed=false',
  'op-end CONTEXT items',
  'op CONTEXT report replay=false',
  'child report in root replaying=false virtual=false',
  'wrap-child report',
  'bound report',
  'child-end report failed=false',
  'op-end CONTEXT report',
  'op WAIT undefined replay=false',
  'end #3 PENDING',
  'start #4 first=false',
  'wrap #4',
  'bound root',
  'op-end WAIT undefined',
  'end #4 SUCCEEDED',
];

/** What the workflow code sees of its frame, replay state and log keys at each point. */
const EXPECTED_NOTES = [
  'root: #1 root replaying=false keys={"invocation":1,"operation":"root"}',
  'charge: #1 charge replaying=false keys={"invocation":1,"operation":"charge"}',
  'root: #2 root replaying=true keys={"invocation":2,"operation":"root"}',
  'charge: #2 charge replaying=false keys={"invocation":2,"operation":"charge"}',
  'ship: #2 ship replaying=false keys={"invocation":2,"operation":"ship"}',
  'pack: #2 pack replaying=false keys={"invocation":2,"operation":"pack"}',
  'root: #3 root replaying=true keys={"invocation":3,"operation":"root"}',
  'ship: #3 ship replaying=true keys={"invocation":3,"operation":"ship"}',
  'ship resumed: #3 ship replaying=false keys={"invocation":3,"operation":"ship"}',
  'item: #3 map-item-0 replaying=false keys={"invocation":3,"operation":"map-item-0"}',
  'item: #3 map-item-1 replaying=false keys={"invocation":3,"operation":"map-item-1"}',
  'report: #3 report replaying=false keys={"invocation":3,"operation":"report"}',
  'root: #4 root replaying=true keys={"invocation":4,"operation":"root"}',
  // The SDK re-runs the summarised child without a hook: currentFrame() names it, while the log
  // keys of subscribers are asked with the bare root frame (see packages/durable-commons/README.md).
  'report: #4 report replaying=true keys={"invocation":4,"operation":"report"}',
  'done: #4 root replaying=false keys={"invocation":4,"operation":"root"}',
];

const runShape = async (plugins: DurableInstrumentationPlugin[]) => {
  const arns = new Set<string>();
  const notes: string[] = [];
  const { events, unsubscribe } = recordEverything(arns);
  try {
    const handler = withDurableExecution(workflowFor(arns, notes), { plugins });
    const result = await runDurable(handler, { payload: {} });
    return { result, events: events(), notes };
  } finally {
    unsubscribe();
  }
};

describe('plugins carry no state or settings', () => {
  it('give the same lifecycle whatever the instances, their number and their order', async () => {
    // Prepare
    const shapes = Object.entries(pluginShapes).map(([name, plugins]) => ({
      name,
      plugins: plugins(),
    }));

    // Act
    const runs = await Promise.all(
      shapes.map(async ({ name, plugins }) => ({ name, plugins, ...(await runShape(plugins)) })),
    );

    // Assess
    for (const run of runs) {
      expect(run.result.status, run.name).toBe('SUCCEEDED');
      expectInvocationCount(run.result, { exactly: 4 });
      expect({ shape: run.name, events: run.events }).toEqual({
        shape: run.name,
        events: EXPECTED_EVENTS,
      });
      expect({ shape: run.name, notes: run.notes }).toEqual({
        shape: run.name,
        notes: EXPECTED_NOTES,
      });
    }
    // The adapter really created one instance per invocation.
    const adapters = runs.flatMap(({ plugins }) =>
      plugins.filter((plugin) => plugin instanceof PerInvocationPlugin),
    );
    expect(adapters.map((adapter) => adapter.created)).toEqual([4, 4, 4]);
  });
});
