import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { durableIdempotency } from '@durable-powertools/idempotency';
import { durableLogger } from '@durable-powertools/logger';
import { durableMetrics } from '@durable-powertools/metrics';
import {
  expectInvocationCount,
  expectMetricSum,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { durableTracer } from '@durable-powertools/tracer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDb } from '../packages/durable-idempotency/tests/helpers/dynamoDbServer.js';
import type { PersistenceServer } from '../packages/durable-idempotency/tests/helpers/persistenceServer.js';
import { sqsEvent } from '../packages/durable-idempotency/tests/helpers/workflows.js';
import { type AnyMiddleware, middyShapes, type Workflow } from './support/middyShapes.js';

/** Keeps the attributes of every record the logger formats (Powertools' own formatting path). */
class RecordingFormatter extends LogFormatter {
  public readonly records: Record<string, unknown>[] = [];

  public formatAttributes(attributes: UnformattedAttributes, extra: LogAttributes): LogItem {
    const item = new LogItem({ attributes: { message: attributes.message, ...extra } });
    this.records.push(item.getAttributes());
    return item;
  }
}

const MIDDLEWARES = ['idempotency', 'logger', 'metrics', 'tracer'] as const;
type MiddlewareName = (typeof MIDDLEWARES)[number];

const permutations = <T>(items: readonly T[]): T[][] =>
  items.length <= 1
    ? [[...items]]
    : items.flatMap((item, index) =>
        permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [
          item,
          ...rest,
        ]),
      );

let server: PersistenceServer;
beforeAll(async () => {
  server = await startDynamoDb();
});
afterAll(async () => {
  await teardownDurableHarness();
  await server.close();
});

const cases = Object.entries(middyShapes).flatMap(([shapeName, shape]) =>
  permutations(MIDDLEWARES).map((order) => ({
    name: `${shapeName}: ${order.join(' → ')}`,
    shape,
    order,
  })),
);

describe.concurrent('a duplicate answered early by durableIdempotency', () => {
  it.each(cases)('leaves nothing behind ($name)', async ({ shape, order }) => {
    // Prepare: one handler (one logger, metrics and tracer, as one Lambda function)
    const formatter = new RecordingFormatter();
    const logger = new Logger({ serviceName: 'orders', logFormatter: formatter });
    const metrics = new Metrics({ namespace: 'durable-tests', serviceName: 'orders' });
    const tracer = new Tracer({ serviceName: 'orders', enabled: false });
    const built: Record<MiddlewareName, () => AnyMiddleware> = {
      idempotency: () =>
        durableIdempotency({ persistenceStore: server.newStore() }) as AnyMiddleware,
      logger: () => durableLogger({ logger }) as AnyMiddleware,
      metrics: () => durableMetrics({ metrics }) as AnyMiddleware,
      tracer: () => durableTracer({ tracer }) as AnyMiddleware,
    };
    let runs = 0;
    const workflow: Workflow = async (event: { Records: { body: string }[] }, context) => {
      runs++;
      logger.appendKeys({ orderId: event.Records[0]?.body });
      const charged = await context.step('charge', async () => `charged ${event.Records[0]?.body}`);
      metrics.addMetric('ordersCharged', MetricUnit.Count, 1);
      logger.info('charged');
      return charged;
    };
    const handler = shape(
      workflow,
      order.map((name) => built[name]()),
    );
    const messageId = `m-${order.join('-')}-${Math.random()}`;
    const first = await runDurable(handler, { payload: sqsEvent(messageId) });

    // Act: the redelivery gets the stored result without running the workflow
    const duplicate = await runDurable(handler, { payload: sqsEvent(messageId, 'order-1', 2) });
    logger.info('probe after the executions');

    // Assess
    expect(first.status).toBe('SUCCEEDED');
    expect(duplicate.status).toBe('SUCCEEDED');
    expect(duplicate.result).toBe('charged order-1');
    expectInvocationCount(duplicate, { exactly: 1 });
    expect(runs).toBe(1);
    // metrics: published once in all, nothing left stored in the Powertools instance
    expectMetricSum(first, 'ordersCharged', 1);
    expectMetricSum(duplicate, 'ordersCharged', 0);
    expect(metrics.hasStoredMetrics()).toBe(false);
    // logger: the record written after the executions carries no key of either of them
    const probe = formatter.records.at(-1);
    expect(probe?.message).toBe('probe after the executions');
    expect(probe).not.toHaveProperty('orderId');
    expect(probe).not.toHaveProperty('execution_arn');
    expect(probe).not.toHaveProperty('operation_id');
  });
});
