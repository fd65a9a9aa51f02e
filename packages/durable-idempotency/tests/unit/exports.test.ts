import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DurableContextMissingError as CommonsError } from '@durable-powertools/commons';
import { describe, expect, it } from 'vitest';
import { DurableContextMissingError, durableIdempotent } from '../../src/index.js';

describe('@durable-powertools/idempotency exports', () => {
  it('re-exports the one DurableContextMissingError class users catch', () => {
    expect(DurableContextMissingError).toBe(CommonsError);
  });

  it('durableIdempotent() rejects an invalid executionTimeoutSeconds at construction', () => {
    // Act / Assess
    // Prepare: a real Powertools store (constructing it connects to nothing)
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName: 'idempotency',
      awsSdkV3Client: new DynamoDBClient({ region: 'us-east-1' }),
    });

    // Act / Assess
    expect(() => durableIdempotent({ persistenceStore, executionTimeoutSeconds: -1 })).toThrow(
      /executionTimeoutSeconds must be a positive number/,
    );
  });
});
