import type { DurableContext } from '@aws/durable-execution-sdk-js';
import {
  BatchProcessor,
  BatchProcessorSync,
  EventType,
  SqsFifoPartialProcessor,
  UnexpectedBatchTypeError,
} from '@aws-lambda-powertools/batch';
import {
  DurablePowertoolsPlugin as CorePlugin,
  DurableContextMissingError,
  DurableOptionError,
} from '@durable-powertools/commons';
import { describe, expect, it } from 'vitest';
import {
  DurableBatchOptionError,
  DurablePowertoolsPlugin,
  processDurablePartialResponse,
} from '../../src/index.js';
import { sqsEvent, sqsRecord } from '../helpers/events.js';

/** Never called: every case fails before a record runs. */
const recordHandler = async () => undefined;
const event = sqsEvent(sqsRecord('m1', 'a'));
/** Not a durable context: only reached by the case that checks the context. */
const context = {} as DurableContext;

const call = (
  processor: unknown,
  options: Record<string, unknown>,
  handler: unknown = recordHandler,
) => processDurablePartialResponse(event, handler as never, processor as never, options as never);

type Case = [string, unknown, Record<string, unknown>, RegExp, unknown?];

describe('processDurablePartialResponse() arguments', () => {
  it.each<Case>([
    [
      'an unknown option, with the closest name',
      new BatchProcessor(EventType.SQS),
      { context, procesInParallel: false },
      /unknown option `procesInParallel`.*Did you mean `processInParallel`\?/,
    ],
    [
      'a record handler that is not a function',
      new BatchProcessor(EventType.SQS),
      { context },
      /option `recordHandler` must be a function/,
      'handler',
    ],
    [
      'something other than a processor',
      { eventType: 'SQS' },
      { context },
      /option `processor` must be a Powertools batch processor/,
    ],
    [
      'the synchronous BatchProcessorSync',
      new BatchProcessorSync(EventType.SQS),
      { context },
      /use new BatchProcessor\(eventType\)/,
    ],
    [
      'processInParallel with a FIFO processor',
      new SqsFifoPartialProcessor(),
      { context, processInParallel: true },
      /`processInParallel`.*FIFO processors run records in order/,
    ],
    [
      'skipGroupOnError without a FIFO processor',
      new BatchProcessor(EventType.SQS),
      { context, skipGroupOnError: true },
      /`skipGroupOnError`.*SqsFifoPartialProcessor/,
    ],
    [
      'a non-boolean throwOnFullBatchFailure',
      new BatchProcessor(EventType.SQS),
      { context, throwOnFullBatchFailure: 'no' },
      /`throwOnFullBatchFailure` must be true, false or left out/,
    ],
    [
      'an idempotency store without its methods',
      new BatchProcessor(EventType.SQS),
      { context, idempotency: { claim: async () => 'claimed' } },
      /`idempotency` must be a claim store \{ keyOf, claim, complete, release \}/,
    ],
  ])(
    'rejects %s with DurableBatchOptionError',
    async (_case, processor, options, message, handler) => {
      // Act
      const calling = call(processor, options, handler ?? recordHandler);

      // Assess
      await expect(calling).rejects.toThrow(message);
      await expect(calling).rejects.toBeInstanceOf(DurableBatchOptionError);
      await expect(calling).rejects.toBeInstanceOf(DurableOptionError);
    },
  );

  it('rejects an event without Records with Powertools’ UnexpectedBatchTypeError', async () => {
    await expect(
      processDurablePartialResponse({} as never, recordHandler, new BatchProcessor(EventType.SQS), {
        context,
      }),
    ).rejects.toBeInstanceOf(UnexpectedBatchTypeError);
  });

  it('rejects a plain Lambda context with DurableContextMissingError naming the fix', async () => {
    await expect(call(new BatchProcessor(EventType.SQS), { context })).rejects.toThrow(
      DurableContextMissingError,
    );
  });

  it('re-exports the core plugin', () => {
    expect(DurablePowertoolsPlugin).toBe(CorePlugin);
  });
});
