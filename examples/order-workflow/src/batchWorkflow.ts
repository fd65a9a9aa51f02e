// The batch variant of the example: Powertools' own batch processors (`@aws-lambda-powertools/batch`)
// in a durable function, each SQS record in its own durable child context
// (`@durable-powertools/batch`). `handler` serves a standard queue, `fifoHandler` a FIFO queue.
import {
  type DurableContext,
  type DurableExecutionConfig,
  withDurableExecution,
} from '@aws/durable-execution-sdk-js';
import { BatchProcessor, EventType, SqsFifoPartialProcessor } from '@aws-lambda-powertools/batch';
import type { PartialItemFailureResponse } from '@aws-lambda-powertools/batch/types';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DurablePowertoolsPlugin, processDurablePartialResponse } from '@durable-powertools/batch';
import { durableLogger } from '@durable-powertools/logger';
import { durableMetrics } from '@durable-powertools/metrics';
import middy from '@middy/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { chargePayment, InvalidOrderError, parseOrder, requestReview } from './services.ts';

const logger = new Logger({ serviceName: 'orders' });
const metrics = new Metrics({ namespace: 'DurableOrders', serviceName: 'orders' });

/** The suite's one SDK plugin; it also puts each record's `correlation_id` on its log lines. */
const durableExecutionConfig: DurableExecutionConfig = { plugins: [new DurablePowertoolsPlugin()] };

/** The callback a person completes for an order above {@link REVIEW_ABOVE_CENTS}. */
export const REVIEW_CALLBACK = 'fraud review';
export const REVIEW_ABOVE_CENTS = 100_000;

/**
 * One record, in its child context `record:<messageId>`: validate, wait for a fraud review if the
 * order is large (only this record waits; the others go on), charge. A thrown error reports the
 * record in `batchItemFailures`.
 */
const processOrder = async (record: SQSRecord, context: DurableContext) => {
  context.logger.info('order received');
  // An invalid body fails the record (not retried): reported in batchItemFailures.
  const order = await context.step('validate order', async () => parseOrder(record.body), {
    retryStrategy: (error) => ({ shouldRetry: !(error instanceof InvalidOrderError) }),
  });
  if (order.amountCents > REVIEW_ABOVE_CENTS) {
    const verdict = await context.waitForCallback<string>(
      REVIEW_CALLBACK,
      async (callbackId) => requestReview(order, callbackId),
      { timeout: { minutes: 10 } },
    );
    context.logger.info('order reviewed', { verdict });
  }
  await context.step('charge payment', async () => chargePayment(order), {
    retryStrategy: () => ({ shouldRetry: false }),
  });
  context.logger.info('order charged', { amountCents: order.amountCents });
  metrics.addMetric('ordersCompleted', MetricUnit.Count, 1);
};

/** A durable handler logging around `processBatch` (Powertools' batch processing, made durable). */
const batchHandler = (
  processBatch: (event: SQSEvent, context: DurableContext) => Promise<PartialItemFailureResponse>,
) =>
  withDurableExecution(
    middy(async (event: SQSEvent, context: DurableContext) => {
      logger.info('batch received', { messages: event.Records.length });
      const response = await processBatch(event, context);
      logger.info('batch processed', { failed: response.batchItemFailures.length });
      return response;
    })
      .use(durableLogger({ logger }))
      .use(durableMetrics({ metrics })),
    durableExecutionConfig,
  );

const processor = new BatchProcessor(EventType.SQS);

/** Standard queue: records run concurrently; one waiting for its review holds no other. */
export const handler = batchHandler((event, context) =>
  processDurablePartialResponse(event, processOrder, processor, { context }),
);

const fifoProcessor = new SqsFifoPartialProcessor();

/**
 * FIFO queue: records run one after another, in order; a failed record skips the rest of its
 * message group only (`skipGroupOnError`), the other groups go on.
 */
export const fifoHandler = batchHandler((event, context) =>
  processDurablePartialResponse(event, processOrder, fifoProcessor, {
    context,
    skipGroupOnError: true,
  }),
);
