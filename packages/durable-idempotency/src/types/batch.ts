import type { DurableContext } from '@aws/durable-execution-sdk-js';

/**
 * Processes one record of a batch inside its own durable child context: it may run steps, waits and
 * callbacks. What it returns is stored as the record's idempotent result.
 *
 * @example
 * ```ts
 * const processOrder: DurableRecordHandler<SQSRecord, string> = async (record, context) =>
 *   context.step('charge', async () => charge(JSON.parse(record.body)));
 * ```
 */
export type DurableRecordHandler<TRecord, TResult> = (
  record: TRecord,
  context: DurableContext,
) => Promise<TResult>;

/**
 * The partial batch response Lambda reads from SQS, Kinesis and DynamoDB Streams handlers that report
 * batch item failures: only the listed records return to the source.
 *
 * @example
 * ```ts
 * const response: DurableBatchResponse = { batchItemFailures: [{ itemIdentifier: 'message-2' }] };
 * ```
 */
export interface DurableBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/**
 * A batch as SQS, Kinesis and DynamoDB Streams deliver it.
 *
 * @example
 * ```ts
 * const event: DurableBatchEvent<SQSRecord> = { Records: [record] };
 * ```
 */
export interface DurableBatchEvent<TRecord> {
  Records: TRecord[];
}
