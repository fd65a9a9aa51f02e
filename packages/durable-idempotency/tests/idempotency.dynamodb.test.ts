import { teardownDurableHarness } from '@durable-powertools/testing';
import { afterAll } from 'vitest';
import { startDynamoDb } from './helpers/dynamoDbServer.ts';
import { describeBatchScenarios } from './scenarios/batchScenarios.ts';
import { describeEntryPointScenarios } from './scenarios/entryPointScenarios.ts';
import { describeFaultScenarios } from './scenarios/faultScenarios.ts';
import { describeKeysAndResultsScenarios } from './scenarios/keysAndResultsScenarios.ts';
import { describeRecordIdempotencyScenarios } from './scenarios/recordIdempotencyScenarios.ts';

// Powertools' DynamoDBPersistenceLayer against dynalite, started in this process on loopback.
afterAll(() => teardownDurableHarness());

describeEntryPointScenarios(startDynamoDb);
describeBatchScenarios(startDynamoDb);
describeRecordIdempotencyScenarios(startDynamoDb);
describeKeysAndResultsScenarios(startDynamoDb, { storeRefusesLargeItems: true });
describeFaultScenarios(startDynamoDb, ['reset', 'reset-after-write', 'http-500', 'delay', 'die']);
