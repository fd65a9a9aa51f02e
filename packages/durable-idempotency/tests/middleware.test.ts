import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { METRICS_KEY } from '@aws-lambda-powertools/commons';
import { durableIdempotency } from '@durable-powertools/idempotency';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyMiddleware, middyShapes } from '../../../tests/support/middyShapes.ts';
import { startDynamoDb } from './helpers/dynamoDbServer.ts';
import type { PersistenceServer } from './helpers/persistenceServer.ts';
import { type SqsEvent, sqsEvent } from './helpers/workflows.ts';

let server: PersistenceServer;
beforeAll(async () => {
  server = await startDynamoDb();
});
afterAll(async () => {
  await teardownDurableHarness();
  await server.close();
});

describe.concurrent.each(Object.entries(middyShapes))(
  'durableIdempotency() in %s',
  (_shape, shape) => {
    it("runs Powertools' cleanupMiddlewares when it answers a duplicate early, as Powertools does", async () => {
      // Prepare: a middleware registering its clean-up under Powertools' key, as logMetrics does
      const cleanups: string[] = [];
      const afters: string[] = [];
      const powertoolsLike: AnyMiddleware = {
        before: (request) => {
          (request.internal as Record<string, unknown>)[METRICS_KEY] = () =>
            cleanups.push(request.event.Records[0].receiptHandle);
        },
        after: (request) => {
          afters.push(request.event.Records[0].receiptHandle);
        },
      };
      let runs = 0;
      const workflow = async (event: SqsEvent, context: DurableContext) => {
        runs++;
        await context.wait({ seconds: 1 });
        return `charged ${event.Records[0]?.body}`;
      };
      const handler = shape(workflow, [
        powertoolsLike,
        durableIdempotency({ persistenceStore: server.newStore() }) as AnyMiddleware,
      ]);
      const messageId = `m-cleanup-${_shape}`;
      const first = await runDurable(handler, { payload: sqsEvent(messageId) });

      // Act
      const duplicate = await runDurable(handler, { payload: sqsEvent(messageId, 'order-1', 2) });

      // Assess: the first execution ended through `after`, the duplicate through the clean-up
      expect(first.status).toBe('SUCCEEDED');
      expectInvocationCount(first, { exactly: 2 });
      expect(duplicate.result).toBe('charged order-1');
      expectInvocationCount(duplicate, { exactly: 1 });
      expect(runs).toBe(2);
      expect(afters).toHaveLength(1);
      expect(cleanups).toHaveLength(1);
      expect(cleanups[0]?.startsWith(`${messageId}-2-`)).toBe(true); // the duplicate's delivery
    });
  },
);
