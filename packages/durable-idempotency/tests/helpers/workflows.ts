import { randomUUID } from 'node:crypto';
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import {
  type DurableIdempotencyOptions,
  DurablePowertoolsPlugin,
  durableIdempotency,
  executionModeDurablePowertools,
  withDurableIdempotency,
} from '@durable-powertools/idempotency';
import type { DurableHandler } from '@durable-powertools/testing';
import middy from '@middy/core';
import { executionModeDurableContext } from '@middy/core/DurableContext';
import type { PersistenceServer } from './persistenceServer.ts';

/** One SQS message as a mapping delivers it; a redelivery has a new receipt handle and count. */
export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: { ApproximateReceiveCount: string };
  eventSource: 'aws:sqs';
}

export interface SqsEvent {
  Records: SqsRecord[];
}

export type Workflow = (event: SqsEvent, context: DurableContext) => Promise<unknown>;

/** The record of message `messageId`, as its `delivery`-th delivery. */
export const sqsRecord = (messageId: string, body = 'order-1', delivery = 1): SqsRecord => ({
  messageId,
  receiptHandle: `${messageId}-${delivery}-${randomUUID()}`,
  body,
  attributes: { ApproximateReceiveCount: String(delivery) },
  eventSource: 'aws:sqs',
});

/** A one-message SQS batch, as its `delivery`-th delivery. */
export const sqsEvent = (messageId: string, body = 'order-1', delivery = 1): SqsEvent => ({
  Records: [sqsRecord(messageId, body, delivery)],
});

/** A one-record Kinesis batch; `readAt` changes between reads of the same record. */
export const kinesisEvent = (eventID: string, readAt: number) => ({
  Records: [
    {
      eventSource: 'aws:kinesis',
      eventID,
      kinesis: {
        partitionKey: 'orders',
        sequenceNumber: `seq-${eventID}`,
        data: Buffer.from('{"orderId":"1"}').toString('base64'),
        approximateArrivalTimestamp: readAt,
      },
    },
  ],
});

/** A one-record DynamoDB Streams batch; `readAt` changes between reads of the same record. */
export const dynamoDbStreamEvent = (eventID: string, readAt: number) => ({
  Records: [
    {
      eventSource: 'aws:dynamodb',
      eventID,
      eventName: 'INSERT',
      dynamodb: {
        ApproximateCreationDateTime: readAt,
        SequenceNumber: `seq-${eventID}`,
        NewImage: { orderId: { S: '1' } },
      },
    },
  ],
});

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** The three ways to put the utility on a durable handler. */
export const SHAPES: Record<
  string,
  (workflow: Workflow, options: DurableIdempotencyOptions) => DurableHandler
> = {
  'withDurableExecution(middy(workflow).use(durableIdempotency()))': (workflow, options) =>
    withDurableExecution(
      middy(workflow).use(durableIdempotency(options) as never) as unknown as Workflow,
    ),
  'middy(workflow, { executionMode: executionModeDurableContext }).use(durableIdempotency())': (
    workflow,
    options,
  ) =>
    middy(workflow, { executionMode: executionModeDurableContext }).use(
      durableIdempotency(options) as never,
    ) as unknown as DurableHandler,
  'middy(workflow, { executionMode: executionModeDurablePowertools }).use(durableIdempotency())': (
    workflow,
    options,
  ) =>
    middy(workflow, { executionMode: executionModeDurablePowertools as never }).use(
      durableIdempotency(options) as never,
    ) as unknown as DurableHandler,
  'withDurableExecution(withDurableIdempotency(workflow))': (workflow, options) =>
    withDurableExecution(withDurableIdempotency(workflow, options)),
};

export const [MIDDY_INSIDE_SHAPE = ''] = Object.keys(SHAPES);

/** Entry points with `DurablePowertoolsPlugin` registered: the utility sees how the SDK ended each invocation. */
export const PLUGIN_SHAPES: typeof SHAPES = {
  'withDurableExecution(middy(workflow).use(durableIdempotency()), { plugins })': (
    workflow,
    options,
  ) =>
    withDurableExecution(
      middy(workflow).use(durableIdempotency(options) as never) as unknown as Workflow,
      { plugins: [new DurablePowertoolsPlugin()] },
    ),
  'withDurableExecution(withDurableIdempotency(workflow), { plugins })': (workflow, options) =>
    withDurableExecution(withDurableIdempotency(workflow, options), {
      plugins: [new DurablePowertoolsPlugin()],
    }),
};

/** Wraps `handler` so that each invocation's server-side request count is appended to `counts`. */
export const countingRequests =
  (handler: DurableHandler, server: PersistenceServer, counts: number[]): DurableHandler =>
  async (input, context) => {
    const before = await server.requests();
    try {
      return await handler(input, context);
    } finally {
      counts.push((await server.requests()) - before);
    }
  };

export { withRemainingTime } from '@durable-powertools/testing';

/** Runs `body` with a server of its own, so that request counts belong to this test alone. */
export const withServer = async <T>(
  start: () => Promise<PersistenceServer>,
  body: (server: PersistenceServer) => Promise<T>,
): Promise<T> => {
  const server = await start();
  try {
    return await body(server);
  } finally {
    await server.close();
  }
};
