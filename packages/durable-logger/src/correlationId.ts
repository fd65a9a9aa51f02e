import type { Logger } from '@aws-lambda-powertools/logger';

const CORRELATION_ID_KEY = 'correlation_id';

/** `messageId` / `eventID` of the one record of an SQS, Kinesis or DynamoDB Streams event. */
const eventSourceRecordId = (event: unknown): string | undefined => {
  const records = (event as { Records?: unknown } | null | undefined)?.Records;
  if (!Array.isArray(records) || records.length !== 1) return undefined;
  const record = records[0] as { eventSource?: unknown; messageId?: unknown; eventID?: unknown };
  if (record.eventSource === 'aws:sqs' && typeof record.messageId === 'string') {
    return record.messageId;
  }
  if (
    (record.eventSource === 'aws:kinesis' || record.eventSource === 'aws:dynamodb') &&
    typeof record.eventID === 'string'
  ) {
    return record.eventID;
  }
  return undefined;
};

/**
 * The correlation id of `event`: found with Powertools' own `setCorrelationId(event, path)` when a
 * path is given (so the logger's `correlationIdSearchFn` and its warnings apply), else the id of a
 * single-record event source batch. Powertools stores it as a temporary key on the shared logger;
 * it is read back and removed there, because it travels with each record instead.
 */
export const resolveCorrelationId = (
  logger: Logger,
  event: unknown,
  correlationIdPath: string | undefined,
): unknown => {
  if (correlationIdPath === undefined) return eventSourceRecordId(event);
  logger.setCorrelationId(event, correlationIdPath);
  const correlationId = logger.getCorrelationId();
  logger.removeKeys([CORRELATION_ID_KEY]);
  return correlationId;
};

export { CORRELATION_ID_KEY };
