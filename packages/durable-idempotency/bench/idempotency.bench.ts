// Persistence requests per durable execution: durableIdempotency() against Powertools' makeIdempotent
// on the same workflow of 1, 3 and 6 invocations, counted at a dynalite server's HTTP handler. The
// suite fails if an execution with durableIdempotency() costs anything but 2 (claim, result).
// Run: node scripts/bench.mjs idempotency
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { durableIdempotency } from '@durable-powertools/idempotency';
import type { BenchMeasurement, BenchSuite, DurableHandler } from '@durable-powertools/testing';
import {
  runDurable,
  setupDurableHarness,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import middy from '@middy/core';
import { startDynamoDb } from '../tests/helpers/dynamoDbServer.ts';
import type { PersistenceServer } from '../tests/helpers/persistenceServer.ts';

type OrderEvent = { Records: Array<{ messageId: string; body: string }> };

/** Step, then `waits` times (wait 1 s, step): `waits + 1` invocations. */
const workflowWith =
  (waits: number) =>
  async (event: OrderEvent, context: DurableContext): Promise<string> => {
    const charged = await context.step('charge', async () => `charged ${event.Records[0]?.body}`);
    for (let wait = 0; wait < waits; wait++) {
      await context.wait({ seconds: 1 });
      await context.step(`after wait ${wait + 1}`, async () => wait);
    }
    return charged;
  };

const eventOf = (messageId: string): OrderEvent => ({
  Records: [{ messageId, body: 'order-1' }],
});

/** Runs one execution and returns the requests the server served during each invocation. */
const countPerInvocation = async (
  server: PersistenceServer,
  handler: DurableHandler,
  event: OrderEvent,
): Promise<number[]> => {
  const counts: number[] = [];
  const counted: DurableHandler = async (input, context) => {
    const before = await server.requests();
    try {
      return await handler(input, context);
    } finally {
      counts.push((await server.requests()) - before);
    }
  };
  const result = await runDurable(counted, { payload: event });
  if (result.status !== 'SUCCEEDED') throw new Error(`execution ${result.status}`);
  return counts;
};

const durableHandler = (server: PersistenceServer, waits: number): DurableHandler =>
  withDurableExecution(
    middy(workflowWith(waits)).use(
      durableIdempotency({ persistenceStore: server.newStore() }) as never,
    ) as never,
  );

const powertoolsHandler = (server: PersistenceServer, waits: number): DurableHandler =>
  withDurableExecution(
    makeIdempotent(workflowWith(waits), {
      persistenceStore: server.newStore(),
      config: new IdempotencyConfig({ eventKeyJmesPath: 'Records[*].messageId' }),
    }),
  );

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

/**
 * Runs one execution of `waits + 1` invocations, then a redelivery of its event, on a dynalite
 * server of its own (so that concurrent measurements never share a counter).
 */
const measureExecution = async (
  build: (server: PersistenceServer, waits: number) => DurableHandler,
  waits: number,
): Promise<{ execution: number[]; redelivery: number[] }> => {
  const server = await startDynamoDb();
  try {
    const handler = build(server, waits);
    const execution = await countPerInvocation(server, handler, eventOf('m-1'));
    const redelivery = await countPerInvocation(server, handler, eventOf('m-1'));
    return { execution, redelivery };
  } finally {
    await server.close();
  }
};

/** Executions measured: 1, 3 and 6 invocations (0, 2 and 5 waits). */
const WAITS = [0, 2, 5];

/** What an execution must cost with this package, whatever its length: the claim and the result. */
const TARGET_REQUESTS = 2;

export default {
  name: 'idempotency',
  setup: () => setupDurableHarness(),
  teardown: () => teardownDurableHarness(),
  measure: async (): Promise<BenchMeasurement[]> => {
    const runs = await Promise.all(
      WAITS.map(async (waits) => ({
        waits,
        ours: await measureExecution(durableHandler, waits),
        theirs: await measureExecution(powertoolsHandler, waits),
      })),
    );
    const unit = 'requests';
    const measurements: BenchMeasurement[] = [];
    for (const { waits, ours, theirs } of runs) {
      const invocations = waits + 1;
      const total = sum(ours.execution);
      if (ours.execution.length !== invocations || total !== TARGET_REQUESTS) {
        throw new Error(
          `execution of ${invocations} invocations: expected ${TARGET_REQUESTS} requests over ` +
            `${invocations} invocations, counted [${ours.execution}]`,
        );
      }
      measurements.push({
        name: `execution of ${invocations} invocation${invocations === 1 ? '' : 's'}, total`,
        baseline: sum(theirs.execution),
        candidate: total,
        unit,
        note: `per invocation: Powertools [${theirs.execution}], ours [${ours.execution}]; target ${TARGET_REQUESTS}`,
      });
    }
    const [, three] = runs;
    if (three !== undefined) {
      measurements.push({
        name: 'redelivery after completion',
        baseline: sum(three.theirs.redelivery),
        candidate: sum(three.ours.redelivery),
        unit,
        note: 'dynalite returns no old item with a failed conditional put, so both read it: +1',
      });
    }
    return measurements;
  },
} satisfies BenchSuite;
