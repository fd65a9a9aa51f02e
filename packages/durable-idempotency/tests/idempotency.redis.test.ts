import { teardownDurableHarness } from '@durable-powertools/testing';
import { afterAll } from 'vitest';
import { startRedis } from './helpers/redisServer.ts';
import { describeBatchScenarios } from './scenarios/batchScenarios.ts';
import { describeEntryPointScenarios } from './scenarios/entryPointScenarios.ts';
import { describeFaultScenarios } from './scenarios/faultScenarios.ts';
import { describeKeysAndResultsScenarios } from './scenarios/keysAndResultsScenarios.ts';
import { describeRecordIdempotencyScenarios } from './scenarios/recordIdempotencyScenarios.ts';

// Powertools' CachePersistenceLayer with @redis/client against a redis-server this file spawns.
afterAll(() => teardownDurableHarness());

describeEntryPointScenarios(startRedis);
describeBatchScenarios(startRedis);
describeRecordIdempotencyScenarios(startRedis);
describeKeysAndResultsScenarios(startRedis, { storeRefusesLargeItems: false });
describeFaultScenarios(startRedis, ['reset', 'reset-after-write', 'delay', 'die']);
