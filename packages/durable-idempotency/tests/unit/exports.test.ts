import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DurableContextMissingError as CommonsError,
  DurablePowertoolsPlugin as CommonsPlugin,
} from '@durable-powertools/commons';
import { describe, expect, it } from 'vitest';
import * as idempotency from '../../src/index.js';

describe('@durable-powertools/idempotency exports', () => {
  it('exports its API, its errors and the core plugin and execution mode, nothing else', () => {
    // Assess
    expect(Object.keys(idempotency).sort()).toEqual([
      'DEFAULT_EVENT_KEY_JMESPATH',
      'DEFAULT_EXECUTION_TIMEOUT_SECONDS',
      'DEFAULT_MAX_STORED_RESULT_BYTES',
      'DEFAULT_RECORD_KEY_JMESPATH',
      'DEFAULT_STORE_WRITE_ATTEMPTS',
      'DurableContextMissingError',
      'DurableIdempotencyClaimError',
      'DurableIdempotencyConfigurationError',
      'DurableIdempotencyError',
      'DurableIdempotencyOptionError',
      'DurableIdempotencyPersistenceError',
      'DurableIdempotencyReleaseError',
      'DurableIdempotencyResultNotStoredError',
      'DurablePluginNotRegisteredError',
      'DurablePowertoolsError',
      'DurablePowertoolsPlugin',
      'durableIdempotency',
      'durableIdempotent',
      'durableRecordIdempotency',
      'executionModeDurablePowertools',
      'makeDurableBatchIdempotent',
      'makeDurableIdempotent',
      'withDurableIdempotency',
    ]);
    expect(idempotency.DurableContextMissingError).toBe(CommonsError);
    expect(idempotency.DurablePowertoolsPlugin).toBe(CommonsPlugin);
  });

  it('durableIdempotent() rejects an invalid executionTimeoutSeconds at construction', () => {
    // Prepare: a real Powertools store (constructing it connects to nothing)
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName: 'idempotency',
      awsSdkV3Client: new DynamoDBClient({ region: 'us-east-1' }),
    });

    // Act
    const build = () =>
      idempotency.durableIdempotent({ persistenceStore, executionTimeoutSeconds: -1 });

    // Assess
    expect(build).toThrow(/`executionTimeoutSeconds` must be a positive number of seconds/);
  });
});
