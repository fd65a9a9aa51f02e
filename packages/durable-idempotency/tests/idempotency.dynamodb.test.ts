import { teardownDurableHarness } from '@durable-powertools/testing';
import { afterAll } from 'vitest';
import { startDynamoDb } from './helpers/dynamoDbServer.ts';
import { describeBatchScenarios } from './scenarios/batchScenarios.ts';
import { describeEntryPointScenarios } from './scenarios/entryPointScenarios.ts';

// Powertools' DynamoDBPersistenceLayer against dynalite, started in this process on loopback.
afterAll(() => teardownDurableHarness());

describeEntryPointScenarios(startDynamoDb);
describeBatchScenarios(startDynamoDb);
