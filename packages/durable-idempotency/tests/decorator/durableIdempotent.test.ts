import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { durableIdempotent } from '../../src/index.js';
import { startDynamoDb } from '../helpers/dynamoDbServer.ts';
import { countingRequests, type SqsEvent, sqsEvent, withServer } from '../helpers/workflows.ts';

// Powertools' DynamoDBPersistenceLayer against dynalite, started by the test on loopback.
afterAll(() => teardownDurableHarness());

describe('durableIdempotent()', () => {
  it('runs one execution per message for a decorated handler, with no store call on replay', async () => {
    await withServer(startDynamoDb, async (server) => {
      // Prepare: step, wait 1 s, step (2 invocations); `this` is the class instance
      const persistenceStore = server.newStore();
      const runs: string[] = [];
      class Lambda {
        readonly #prefix = 'charged';

        @durableIdempotent({ persistenceStore })
        public async handler(event: SqsEvent, context: DurableContext): Promise<string> {
          runs.push(context.executionContext.durableExecutionArn);
          const charged = await context.step(
            'charge',
            async () => `${this.#prefix} ${event.Records[0]?.body}`,
          );
          await context.wait({ seconds: 1 });
          await context.step('notify', async () => 'notified');
          return charged;
        }
      }
      const lambda = new Lambda();
      const handler = withDurableExecution(lambda.handler.bind(lambda));
      const counts: number[] = [];

      // Act: the message, then a redelivery of it once the first execution completed
      const first = await runDurable(countingRequests(handler, server, counts), {
        payload: sqsEvent('m-decorated'),
      });
      const redelivered = await runDurable(handler, {
        payload: sqsEvent('m-decorated', 'order-1', 2),
      });

      // Assess
      expect(first.status).toBe('SUCCEEDED');
      expect(first.result).toBe('charged order-1');
      expectInvocationCount(first, { exactly: 2 });
      // The claim on the first invocation, the result stored on the second, nothing else: the replay
      // made no call of its own. The claim is one request since claim and owner became one
      // conditional write (it used to be a conditional put plus an owner record: 2); storing the
      // result is one update, made inside a checkpointed step, so no later replay repeats it.
      expect(counts).toEqual([1, 1]);
      expect(redelivered.status).toBe('SUCCEEDED');
      expect(redelivered.result).toBe('charged order-1');
      expectInvocationCount(redelivered, { exactly: 1 });
      expect(new Set(runs).size).toBe(1);
    });
  });
});
