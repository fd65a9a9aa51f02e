import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { withDurableIdempotency } from '@durable-powertools/idempotency';
import type { DurableHandler } from '@durable-powertools/testing';
import { expectInvocationCount, runDurable } from '@durable-powertools/testing';
import { describe, expect, it } from 'vitest';
import type { PersistenceServer } from '../helpers/persistenceServer.ts';
import {
  countingRequests,
  dynamoDbStreamEvent,
  kinesisEvent,
  MIDDY_INSIDE_SHAPE,
  PLUGIN_SHAPES,
  SHAPES,
  type SqsEvent,
  sleep,
  sqsEvent,
  withRemainingTime,
  withServer,
} from '../helpers/workflows.ts';

/** `'found'` if the store holds a record for `event`'s key, else the name of the store's error. */
const storedRecord = (store: BasePersistenceLayer, event: SqsEvent): Promise<string> =>
  store.getRecord(event as unknown as Parameters<typeof store.getRecord>[0]).then(
    () => 'found',
    (error: Error) => error.name,
  );

/** Requests of a first invocation that claims: one conditional put holding the owner too. */
const CLAIM_REQUESTS = 1;
/** Requests of storing the result (one update) and of releasing the claim (one delete). */
const COMPLETE_REQUESTS = 1;
const RELEASE_REQUESTS = 1;

/** A workflow that counts how often its body starts: step, wait 1 s, step (2 invocations). */
const countedWorkflow = (counter: { runs: number }, waits = 1) => {
  return async (event: SqsEvent, context: DurableContext) => {
    counter.runs++;
    const charged = await context.step('charge', async () => `charged ${event.Records[0]?.body}`);
    for (let wait = 0; wait < waits; wait++) {
      await context.wait({ seconds: 1 });
      await context.step(`after wait ${wait + 1}`, async () => wait);
    }
    return charged;
  };
};

/**
 * The entry-point scenarios, run against one real persistence server kind: every test starts its
 * own server so that requests counted at the server belong to it alone.
 */
export const describeEntryPointScenarios = (start: () => Promise<PersistenceServer>): void => {
  describe.concurrent.each(Object.entries(SHAPES))('%s', (_shape, build) => {
    it('claims on the first invocation, makes zero requests on replays, stores the result', async () => {
      await withServer(start, async (server) => {
        // Prepare
        const counter = { runs: 0 };
        const counts: number[] = [];
        const handler = build(countedWorkflow(counter, 2), { persistenceStore: server.newStore() });

        // Act
        const result = await runDurable(countingRequests(handler, server, counts), {
          payload: sqsEvent('m-replays'),
        });

        // Assess
        expect(result.status).toBe('SUCCEEDED');
        expect(result.result).toBe('charged order-1');
        expectInvocationCount(result, { exactly: 3 });
        expect(counts).toEqual([CLAIM_REQUESTS, 0, COMPLETE_REQUESTS]);
        expect(counter.runs).toBe(3);
      });
    });

    it('returns the stored result to a redelivery after completion without running', async () => {
      await withServer(start, async (server) => {
        // Prepare
        const counter = { runs: 0 };
        const firstCounts: number[] = [];
        const duplicateCounts: number[] = [];
        const handler = build(countedWorkflow(counter), { persistenceStore: server.newStore() });
        const first = await runDurable(countingRequests(handler, server, firstCounts), {
          payload: sqsEvent('m-completed'),
        });

        // Act: SQS redelivers the message with a new receipt handle and receive count.
        const duplicate = await runDurable(countingRequests(handler, server, duplicateCounts), {
          payload: sqsEvent('m-completed', 'order-1', 2),
        });

        // Assess
        expect(first.status).toBe('SUCCEEDED');
        expectInvocationCount(first, { exactly: 2 });
        expect(duplicate.status).toBe('SUCCEEDED');
        expect(duplicate.result).toBe('charged order-1');
        expectInvocationCount(duplicate, { exactly: 1 });
        expect(duplicate.operations).toHaveLength(0);
        expect(counter.runs).toBe(2); // the first execution's two invocations, none for the duplicate
        expect(duplicateCounts).toEqual([server.requestsToFindExisting]);
      });
    });

    it('releases the claim when the workflow fails, so that a redelivery runs', async () => {
      await withServer(start, async (server) => {
        // Prepare
        const counter = { runs: 0 };
        const counts: number[] = [];
        const persistenceStore = server.newStore();
        const failOnce = async (event: SqsEvent, context: DurableContext) => {
          const result = await countedWorkflow(counter)(event, context);
          if (counter.runs <= 2) throw new Error('payment provider down');
          return result;
        };
        const handler = build(failOnce, { persistenceStore });

        // Act
        const failed = await runDurable(countingRequests(handler, server, counts), {
          payload: sqsEvent('m-failing'),
        });
        const storedAfterFailure = await storedRecord(persistenceStore, sqsEvent('m-failing'));
        const redelivered = await runDurable(handler, {
          payload: sqsEvent('m-failing', 'order-1', 2),
        });

        // Assess
        expect(failed.status).toBe('FAILED');
        expect(failed.error?.errorMessage).toBe('payment provider down');
        expectInvocationCount(failed, { exactly: 2 });
        expect(counts).toEqual([CLAIM_REQUESTS, RELEASE_REQUESTS]);
        expect(storedAfterFailure).toBe('IdempotencyItemNotFoundError');
        expect(redelivered.status).toBe('SUCCEEDED');
        expectInvocationCount(redelivered, { exactly: 2 });
      });
    });

    it('refuses eventKeyJmesPath at the top level, and keys on it inside config', async () => {
      await withServer(start, async (server) => {
        // Prepare: two messages carrying the same order.
        const counter = { runs: 0 };
        const misplaced = {
          persistenceStore: server.newStore(),
          eventKeyJmesPath: 'Records[*].body',
        };
        const buildMisplaced = () => build(countedWorkflow(counter), misplaced as never);
        const handler = build(countedWorkflow(counter), {
          persistenceStore: server.newStore(),
          config: new IdempotencyConfig({ eventKeyJmesPath: 'Records[*].body' }),
        });

        // Act
        const first = await runDurable(handler, { payload: sqsEvent('m-a', 'order-7') });
        const second = await runDurable(handler, { payload: sqsEvent('m-b', 'order-7') });

        // Assess
        expect(buildMisplaced).toThrow(
          /unknown option `eventKeyJmesPath`.*belongs in config: new IdempotencyConfig\(\{ eventKeyJmesPath \}\)/,
        );
        expectInvocationCount(first, { exactly: 2 });
        expect(second.result).toBe('charged order-7');
        expectInvocationCount(second, { exactly: 1 });
        expect(counter.runs).toBe(2);
      });
    });

    it('keys an event of another shape (a direct invoke) by the whole event, as Powertools does', async () => {
      await withServer(start, async (server) => {
        // Prepare: no eventKeyJmesPath; the event is no SQS, Kinesis or DynamoDB Streams batch.
        const counter = { runs: 0 };
        const counts: number[] = [];
        const workflow = async (event: { orderId: string }, context: DurableContext) => {
          counter.runs++;
          await context.wait({ seconds: 1 });
          return `processed ${event.orderId}`;
        };
        const handler = build(workflow as never, { persistenceStore: server.newStore() });

        // Act: the same event twice (a client's retry), then another one.
        const first = await runDurable(countingRequests(handler, server, counts), {
          payload: { orderId: 'o-1' },
        });
        const again = await runDurable(handler, { payload: { orderId: 'o-1' } });
        const other = await runDurable(handler, { payload: { orderId: 'o-2' } });

        // Assess: the retry gets the stored result without running; the other event runs.
        expect(first.result).toBe('processed o-1');
        expectInvocationCount(first, { exactly: 2 });
        expect(counts).toEqual([CLAIM_REQUESTS, COMPLETE_REQUESTS]);
        expect(again.status).toBe('SUCCEEDED');
        expect(again.result).toBe('processed o-1');
        expectInvocationCount(again, { exactly: 1 });
        expect(other.result).toBe('processed o-2');
        expectInvocationCount(other, { exactly: 2 });
        expect(counter.runs).toBe(4); // two invocations of each of the two distinct events
      });
    });

    it('lets exactly one of 20 concurrent executions with one payload run the workflow', async () => {
      await withServer(start, async (server) => {
        // Prepare
        const counter = { runs: 0 };
        const handler = build(countedWorkflow(counter), { persistenceStore: server.newStore() });

        // Act
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, delivery) =>
            runDurable(handler, { payload: sqsEvent('m-storm', 'order-1', delivery + 1) }),
          ),
        );

        // Assess
        const ran = results.filter((result) => result.invocations.length === 2);
        const rejected = results.filter(
          (result) => result.error?.errorType === 'IdempotencyAlreadyInProgressError',
        );
        const answered = results.filter(
          (result) => result.status === 'SUCCEEDED' && result.invocations.length === 1,
        );
        expect(ran).toHaveLength(1);
        expect(ran[0]?.status).toBe('SUCCEEDED');
        expect(rejected.length + answered.length).toBe(19);
        for (const result of answered) expect(result.result).toBe('charged order-1');
        expect(counter.runs).toBe(2); // one execution, two invocations
      });
    });
  });

  describe.concurrent('a duplicate delivered while the first execution is suspended', () => {
    const FUNCTION_TIMEOUT_MS = 1000;
    const DUPLICATE_AFTER_MS = 1500;

    /** Step, wait 3 s, step: suspended well past the first invocation's 1 s remaining time. */
    const longWorkflow = (counter: { runs: number }) => {
      return async (event: SqsEvent, context: DurableContext) => {
        counter.runs++;
        const charged = await context.step(
          'charge',
          async () => `charged ${event.Records[0]?.body}`,
        );
        await context.wait({ seconds: 3 });
        await context.step('ship', async () => 'shipped');
        return charged;
      };
    };

    const runWithDuplicate = async (handler: DurableHandler) => {
      const first = runDurable(withRemainingTime(handler, FUNCTION_TIMEOUT_MS), {
        payload: sqsEvent('m-suspended'),
      });
      await sleep(DUPLICATE_AFTER_MS);
      const duplicate = await runDurable(withRemainingTime(handler, FUNCTION_TIMEOUT_MS), {
        payload: sqsEvent('m-suspended', 'order-1', 2),
      });
      return { first: await first, duplicate };
    };

    it.each(Object.entries(SHAPES))(
      'is rejected: the claim lasts as long as the execution can run (%s)',
      async (_shape, build) => {
        await withServer(start, async (server) => {
          // Prepare: with 1 s reported left, middy's early timeout also fires after the first
          // invocation suspends; the claim must survive it.
          const counter = { runs: 0 };
          const handler = build(longWorkflow(counter), { persistenceStore: server.newStore() });

          // Act
          const { first, duplicate } = await runWithDuplicate(handler);

          // Assess
          expect(first.status).toBe('SUCCEEDED');
          expectInvocationCount(first, { exactly: 2 });
          expect(duplicate.status).toBe('FAILED');
          expect(duplicate.error?.errorType).toBe('IdempotencyAlreadyInProgressError');
          expectInvocationCount(duplicate, { exactly: 1 });
          expect(counter.runs).toBe(2); // only the first execution's two invocations
        });
      },
    );

    it("is let through by Powertools' makeIdempotent: its claim ends with the first invocation's time", async () => {
      await withServer(start, async (server) => {
        // Prepare
        const counter = { runs: 0 };
        const handler = withDurableExecution(
          makeIdempotent(longWorkflow(counter), {
            persistenceStore: server.newStore(),
            config: new IdempotencyConfig({ eventKeyJmesPath: 'Records[*].messageId' }),
          }),
        );

        // Act
        const { first, duplicate } = await runWithDuplicate(handler);

        // Assess: the duplicate ran the whole workflow a second time.
        expect(first.status).toBe('SUCCEEDED');
        expectInvocationCount(first, { exactly: 2 });
        expect(duplicate.status).toBe('SUCCEEDED');
        expectInvocationCount(duplicate, { exactly: 2 });
        expect(counter.runs).toBe(4);
      });
    });

    it('is let through once the configured executionTimeoutSeconds has passed', async () => {
      await withServer(start, async (server) => {
        // Prepare
        const counter = { runs: 0 };
        const handler = SHAPES[MIDDY_INSIDE_SHAPE]!(longWorkflow(counter), {
          persistenceStore: server.newStore(),
          executionTimeoutSeconds: 1,
        });

        // Act
        const { first, duplicate } = await runWithDuplicate(handler);

        // Assess
        expect(first.status).toBe('SUCCEEDED');
        expect(duplicate.status).toBe('SUCCEEDED');
        expectInvocationCount(duplicate, { exactly: 2 });
        expect(counter.runs).toBe(4);
      });
    });
  });

  describe.concurrent('ownership, validation, keys and switches', () => {
    it("recognises a Lambda retry of the owner's own first invocation", async () => {
      await withServer(start, async (server) => {
        // Prepare: the first attempt claims, then hangs as if the runtime died; Lambda retries the
        // same invocation input (same execution ARN, same checkpoint token).
        const counter = { runs: 0 };
        const retryCounts: number[] = [];
        let signalClaimed: () => void = () => undefined;
        const claimed = new Promise<void>((resolve) => {
          signalClaimed = resolve;
        });
        const workflow = async (event: SqsEvent, context: DurableContext) => {
          if (counter.runs++ === 0) {
            signalClaimed();
            await new Promise<never>(() => undefined);
          }
          return countedWorkflow({ runs: 0 })(event, context);
        };
        const handler = SHAPES[MIDDY_INSIDE_SHAPE]!(workflow, {
          persistenceStore: server.newStore(),
        });
        let invocations = 0;
        const crashingOnce: DurableHandler = async (input, context) => {
          if (invocations++ > 0) return handler(input, context);
          void handler(input, context); // the crashed attempt: abandoned, never returns
          await claimed;
          return countingRequests(handler, server, retryCounts)(input, context);
        };

        // Act
        const result = await runDurable(crashingOnce, { payload: sqsEvent('m-retried') });

        // Assess: the retry's claim found the record holding its own ARN, then ran as the owner.
        expect(result.status).toBe('SUCCEEDED');
        expect(result.result).toBe('charged order-1');
        expectInvocationCount(result, { exactly: 2 });
        expect(retryCounts).toEqual([server.requestsToFindExisting]);
        expect(counter.runs).toBe(3); // crashed attempt, retry, replay
      });
    });

    it('rejects a redelivery whose payload differs under payloadValidationJmesPath', async () => {
      await withServer(start, async (server) => {
        // Prepare: the first execution is still running when the altered message arrives.
        const counter = { runs: 0 };
        const handler = SHAPES[MIDDY_INSIDE_SHAPE]!(countedWorkflow(counter), {
          persistenceStore: server.newStore(),
          config: new IdempotencyConfig({ payloadValidationJmesPath: 'Records[*].body' }),
        });
        const first = runDurable(handler, { payload: sqsEvent('m-validated', 'order-1') });
        await sleep(300);

        // Act
        const altered = await runDurable(handler, {
          payload: sqsEvent('m-validated', 'order-2', 2),
        });

        // Assess
        expect(altered.status).toBe('FAILED');
        expect(altered.error?.errorType).toBe('IdempotencyValidationError');
        expectInvocationCount(altered, { exactly: 1 });
        expect((await first).status).toBe('SUCCEEDED');
        expect(counter.runs).toBe(2);
      });
    });

    it('keeps a completed result for a redelivery with the same payload under payloadValidationJmesPath', async () => {
      await withServer(start, async (server) => {
        // Prepare
        const counter = { runs: 0 };
        const handler = SHAPES[MIDDY_INSIDE_SHAPE]!(countedWorkflow(counter), {
          persistenceStore: server.newStore(),
          config: new IdempotencyConfig({ payloadValidationJmesPath: 'Records[*].body' }),
        });
        const first = await runDurable(handler, { payload: sqsEvent('m-checked', 'order-1') });

        // Act
        const same = await runDurable(handler, { payload: sqsEvent('m-checked', 'order-1', 2) });
        const altered = await runDurable(handler, { payload: sqsEvent('m-checked', 'order-2', 3) });

        // Assess
        expect(first.status).toBe('SUCCEEDED');
        expectInvocationCount(first, { exactly: 2 });
        expect(altered.error?.errorType).toBe('IdempotencyValidationError');
        expectInvocationCount(same, { exactly: 1 });
        if (server.completedRecordsKeepPayloadHash) {
          expect(same.result).toBe('charged order-1');
        } else {
          // Powertools' CachePersistenceLayer drops the payload hash when it stores the result, so
          // its own validation rejects even the same payload (Powertools 2.35 behaviour, kept).
          expect(same.error?.errorType).toBe('IdempotencyValidationError');
        }
        expect(counter.runs).toBe(2);
      });
    });

    it.each([
      ['Kinesis', kinesisEvent],
      ['DynamoDB Streams', dynamoDbStreamEvent],
    ])('keys %s batches on their eventIDs by default', async (_source, eventOf) => {
      await withServer(start, async (server) => {
        // Prepare
        const runs: string[] = [];
        const workflow = async (
          event: { Records: Array<{ eventID: string }> },
          context: DurableContext,
        ) => {
          runs.push(event.Records[0]?.eventID ?? '');
          await context.wait({ seconds: 1 });
          return `processed ${event.Records[0]?.eventID}`;
        };
        const handler = withDurableExecution(
          withDurableIdempotency(workflow, { persistenceStore: server.newStore() }),
        );

        // Act: the same event ids delivered again (re-read later), then a new event with equal data.
        const first = await runDurable(handler, { payload: eventOf('e-1', 1) });
        const again = await runDurable(handler, { payload: eventOf('e-1', 2) });
        const other = await runDurable(handler, { payload: eventOf('e-2', 3) });

        // Assess
        expectInvocationCount(first, { exactly: 2 });
        expect(again.result).toBe('processed e-1');
        expectInvocationCount(again, { exactly: 1 });
        expect(other.result).toBe('processed e-2');
        expectInvocationCount(other, { exactly: 2 });
        expect(runs).toEqual(['e-1', 'e-1', 'e-2', 'e-2']);
      });
    });

    it('runs without idempotency when eventKeyJmesPath finds no key', async () => {
      await withServer(start, async (server) => {
        // Prepare
        const counter = { runs: 0 };
        const counts: number[] = [];
        const handler = SHAPES[MIDDY_INSIDE_SHAPE]!(countedWorkflow(counter), {
          persistenceStore: server.newStore(),
          config: new IdempotencyConfig({ eventKeyJmesPath: 'Records[0].attributes.orderId' }),
        });

        // Act
        const result = await runDurable(countingRequests(handler, server, counts), {
          payload: sqsEvent('m-unkeyed'),
        });

        // Assess: the claim found no key (the store raised IdempotencyKeyError, no request sent).
        expect(result.status).toBe('SUCCEEDED');
        expectInvocationCount(result, { exactly: 2 });
        expect(counts).toEqual([0, 0]);
      });
    });

    it('throws IdempotencyKeyError for a missing key when throwOnNoIdempotencyKey is set', async () => {
      await withServer(start, async (server) => {
        // Prepare
        const counter = { runs: 0 };
        const handler = SHAPES[MIDDY_INSIDE_SHAPE]!(countedWorkflow(counter), {
          persistenceStore: server.newStore(),
          config: new IdempotencyConfig({
            eventKeyJmesPath: 'Records[0].attributes.orderId',
            throwOnNoIdempotencyKey: true,
          }),
        });

        // Act
        const result = await runDurable(handler, { payload: sqsEvent('m-keyless') });

        // Assess
        expect(result.status).toBe('FAILED');
        expect(result.error?.errorType).toBe('IdempotencyKeyError');
        expectInvocationCount(result, { exactly: 1 });
        expect(counter.runs).toBe(0);
      });
    });

    it('does nothing when POWERTOOLS_IDEMPOTENCY_DISABLED is set', async () => {
      await withServer(start, async (server) => {
        // Prepare: Powertools reads the variable when the IdempotencyConfig is built.
        const counter = { runs: 0 };
        const counts: number[] = [];
        process.env.POWERTOOLS_IDEMPOTENCY_DISABLED = 'true';
        const config = new IdempotencyConfig({});
        delete process.env.POWERTOOLS_IDEMPOTENCY_DISABLED;
        const handler = SHAPES[MIDDY_INSIDE_SHAPE]!(countedWorkflow(counter), {
          persistenceStore: server.newStore(),
          config,
        });

        // Act
        const results = await Promise.all([
          runDurable(countingRequests(handler, server, counts), { payload: sqsEvent('m-off') }),
          runDurable(countingRequests(handler, server, counts), { payload: sqsEvent('m-off') }),
        ]);

        // Assess
        for (const result of results) {
          expect(result.status).toBe('SUCCEEDED');
          expectInvocationCount(result, { exactly: 2 });
        }
        expect(counter.runs).toBe(4);
        expect(counts).toEqual([0, 0, 0, 0]);
      });
    });
  });

  describe.concurrent.each(Object.entries(PLUGIN_SHAPES))('%s', (_shape, build) => {
    it('releases the claim when the SDK fails the execution before the workflow settles', async () => {
      await withServer(start, async (server) => {
        // Prepare: charge, wait 1 s, then a step on the parent context inside a child. The SDK fails
        // the execution in invocation 2 and the handler never settles: no onError, no catch runs.
        const counter = { runs: 0 };
        const persistenceStore = server.newStore();
        const misused = async (event: SqsEvent, context: DurableContext) => {
          counter.runs++;
          await context.step('charge', async () => `charged ${event.Records[0]?.body}`);
          await context.wait({ seconds: 1 });
          await context.runInChildContext('ship', async () => {
            await context.step('misused', async () => 'never checkpointed');
          });
          return 'unreachable';
        };
        const handler = build(misused, { persistenceStore });

        // Act
        const failed = await runDurable(handler, { payload: sqsEvent('m-sdk-failed') });
        const storedAfterFailure = await storedRecord(persistenceStore, sqsEvent('m-sdk-failed'));
        const redelivered = await runDurable(handler, {
          payload: sqsEvent('m-sdk-failed', 'order-1', 2),
        });

        // Assess: the claim is gone, so the redelivery runs as a new execution (2 invocations again)
        // instead of failing with IdempotencyAlreadyInProgressError before the workflow starts.
        expect(failed.status).toBe('FAILED');
        expectInvocationCount(failed, { exactly: 2 });
        expect(storedAfterFailure).toBe('IdempotencyItemNotFoundError');
        expectInvocationCount(redelivered, { exactly: 2 });
        expect(counter.runs).toBe(4);
      });
    });
  });
};
