import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { readNextOperationRecorded } from './sdkInternals.js';

/**
 * Whether the next operation `context` will start is already in the checkpoint history, that is,
 * whether an earlier invocation already ran the code `context` is running now.
 *
 * @example
 * ```ts
 * if (hasRecordedNextOperation(childContext)) return; // an earlier invocation got past this point
 * ```
 */
export const hasRecordedNextOperation = (context: DurableContext): boolean =>
  readNextOperationRecorded(context) === true;
