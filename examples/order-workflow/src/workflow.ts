// The Lambda function of the example: an SQS-triggered durable order workflow with all four
// durable-powertools utilities. This file is what you would deploy; main.ts runs it locally.
import {
  createRetryStrategy,
  type DurableContext,
  type DurableExecutionConfig,
  JitterStrategy,
  StepSemantics,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { DurableBatchResponse } from '@durable-powertools/idempotency';
import { makeDurableBatchIdempotent } from '@durable-powertools/idempotency';
import { durableLogger } from '@durable-powertools/logger';
import { durableMetrics } from '@durable-powertools/metrics';
import { DurablePowertoolsPlugin, durableTracer } from '@durable-powertools/tracer';
import middy from '@middy/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { countLogCalls } from './lambdaSimulation.ts';
import {
  chargePayment,
  InvalidOrderError,
  notifyCustomer,
  parseOrder,
  requestShipment,
  reserveStock,
} from './services.ts';

const logger = new Logger({ serviceName: 'orders' });
const metrics = new Metrics({ namespace: 'DurableOrders', serviceName: 'orders' });
const tracer = new Tracer({ serviceName: 'orders', captureHTTPsRequests: false });

// Claims live as long as an execution can run; SQS message ids are the keys (the default for SQS).
const persistenceStore = new DynamoDBPersistenceLayer({
  tableName: process.env.IDEMPOTENCY_TABLE_NAME ?? 'idempotency',
});

/**
 * The suite's one registration line: the lifecycle core every utility runs on. Equivalent without
 * code: `DURABLE_EXECUTION_PLUGINS=@durable-powertools/commons/plugin`.
 */
export const durableExecutionConfig: DurableExecutionConfig = {
  plugins: [new DurablePowertoolsPlugin()],
};

/** The name of the callback the warehouse completes; the example's driver looks it up by name. */
export const SHIPMENT_CALLBACK = 'wait for shipment';

/**
 * One order, in its own durable child context: validate, reserve stock (retried), charge (at most
 * once), wait for the warehouse's shipment callback, notify. Its result is stored as the message's
 * idempotent result.
 */
const processOrder = async (record: SQSRecord, context: DurableContext) => {
  const log = countLogCalls(context.logger);
  log.info('order message received', { messageId: record.messageId });
  const order = await context.step(
    'validate order',
    async (step) => {
      try {
        return parseOrder(record.body);
      } catch (error) {
        metrics.addMetric('invalidOrders', MetricUnit.Count, 1);
        countLogCalls(step.logger).info('order rejected', { reason: (error as Error).message });
        throw error;
      }
    },
    { retryStrategy: (error) => ({ shouldRetry: !(error instanceof InvalidOrderError) }) },
  );
  const reservation = await context.step(
    'reserve stock',
    async (step) => {
      countLogCalls(step.logger).info('reserving stock', {
        sku: order.sku,
        quantity: order.quantity,
      });
      return reserveStock(order);
    },
    {
      retryStrategy: createRetryStrategy({
        maxAttempts: 3,
        initialDelay: { seconds: 1 },
        jitter: JitterStrategy.NONE,
      }),
    },
  );
  const chargeId = await context.step(
    'charge payment',
    async (step) => {
      countLogCalls(step.logger).info('charging payment', { amountCents: order.amountCents });
      metrics.addMetric('paymentsCharged', MetricUnit.Count, 1);
      return chargePayment(order);
    },
    // Never charge twice: a crash mid-charge is not retried but fails the order for a person to check.
    { semantics: StepSemantics.AtMostOncePerRetry, retryStrategy: () => ({ shouldRetry: false }) },
  );
  const trackingNumber = await context.waitForCallback<string>(
    SHIPMENT_CALLBACK,
    async (callbackId) => requestShipment(order, callbackId),
    { timeout: { minutes: 10 }, heartbeatTimeout: { minutes: 2 } },
  );
  log.info('order shipped', { orderId: order.orderId, trackingNumber });
  await context.step('notify customer', async () => notifyCustomer(order, trackingNumber));
  // Business metrics: written once, when this order's child context finishes.
  metrics.addMetric('ordersCompleted', MetricUnit.Count, 1);
  metrics.addMetric('revenueCents', MetricUnit.Count, order.amountCents);
  return { orderId: order.orderId, reservation, chargeId, trackingNumber };
};

const processBatch = makeDurableBatchIdempotent(processOrder, {
  persistenceStore,
});

/** The durable handler's body: the logger used directly, around the per-message processing. */
export const orderWorkflow = async (
  event: SQSEvent,
  context: DurableContext,
): Promise<DurableBatchResponse> => {
  const log = countLogCalls(logger);
  log.info('batch received', { messages: event.Records.length });
  const response = await processBatch(event, context);
  log.info('batch processed', { failed: response.batchItemFailures.length });
  return response;
};

export const handler = withDurableExecution(
  middy(orderWorkflow)
    .use(durableLogger({ logger }))
    .use(durableMetrics({ metrics, builtInMetrics: { outcome: true, invocations: true } }))
    .use(durableTracer({ tracer })),
  durableExecutionConfig,
);
