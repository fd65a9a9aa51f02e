import { DurableContextMissingError as CommonsError } from '@durable-powertools/commons';
import { describe, expect, it } from 'vitest';
import { DurableContextMissingError, durableIdempotent } from '../../src/index.js';

describe('@durable-powertools/idempotency exports', () => {
  it('re-exports the one DurableContextMissingError class users catch', () => {
    expect(DurableContextMissingError).toBe(CommonsError);
  });

  it('durableIdempotent() rejects an invalid executionTimeoutSeconds at construction', () => {
    // Act / Assess
    expect(() =>
      durableIdempotent({ persistenceStore: {} as never, executionTimeoutSeconds: -1 }),
    ).toThrow(/executionTimeoutSeconds must be a positive number/);
  });
});
