import { currentFrame, type DurableSubscriber, subscribe } from '@durable-powertools/commons';
import { recordContexts } from './state.js';

const CORRELATION_ID_KEY = 'correlation_id';

/** Adds `correlation_id` (the record's identifier) to every log record written inside a record. */
const batchSubscriber: DurableSubscriber = {
  name: '@durable-powertools/batch',
  enrichLogContext: (invocation, operation) => {
    const records = recordContexts.peek(invocation);
    if (records === undefined) return undefined;
    for (let current = operation; current !== undefined; current = current.parent) {
      const identifier = records.get(current.id);
      if (identifier !== undefined) return { [CORRELATION_ID_KEY]: identifier };
    }
    return undefined;
  },
};

/**
 * Marks the child context running now as the record `identifier`'s, when `DurablePowertoolsPlugin`
 * drives the invocation (without it there are no frames, and logs carry the SDK's keys only).
 */
export const markRecordContext = (identifier: string): void => {
  const frame = currentFrame();
  if (frame?.operation === undefined) return;
  subscribe(batchSubscriber);
  recordContexts.get(frame.invocation).set(frame.operation.id, identifier);
};
