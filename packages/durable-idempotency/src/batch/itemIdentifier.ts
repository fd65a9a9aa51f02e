const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const stringAt = (value: unknown, key: string): string | undefined =>
  isObject(value) && typeof value[key] === 'string' ? value[key] : undefined;

/**
 * The identifier Lambda expects in `batchItemFailures` for `record`: the SQS `messageId`, the Kinesis
 * `kinesis.sequenceNumber` or the DynamoDB Streams `dynamodb.SequenceNumber`.
 *
 * @throws TypeError - the record comes from none of those sources
 *
 * @example
 * ```ts
 * itemIdentifierOf({ messageId: 'm-1', eventSource: 'aws:sqs' }); // 'm-1'
 * ```
 */
export const itemIdentifierOf = (record: unknown, index: number): string => {
  const identifier =
    stringAt(record, 'messageId') ??
    stringAt(isObject(record) ? record.kinesis : undefined, 'sequenceNumber') ??
    stringAt(isObject(record) ? record.dynamodb : undefined, 'SequenceNumber');
  if (identifier !== undefined) return identifier;
  throw new TypeError(
    `Record ${index} of the batch has no SQS messageId, Kinesis kinesis.sequenceNumber or DynamoDB ` +
      'Streams dynamodb.SequenceNumber, so it cannot be reported in batchItemFailures. Use ' +
      'makeDurableBatchIdempotent() with SQS, Kinesis or DynamoDB Streams events, and ' +
      'durableIdempotency() for other events.',
  );
};
