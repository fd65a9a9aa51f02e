import { defineSlot } from '@durable-powertools/commons';

/**
 * Per invocation: the operation id of each record's child context, to the record's identifier
 * (SQS `messageId`, Kinesis or DynamoDB Streams sequence number).
 */
export const recordContexts = defineSlot(
  '@durable-powertools/batch.recordContexts',
  () => new Map<string, string>(),
);
