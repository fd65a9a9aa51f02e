import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { CachePersistenceLayer } from '@aws-lambda-powertools/idempotency/cache';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { withDurableIdempotency } from '@durable-powertools/idempotency';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  missingStoreMembers,
  POWERTOOLS_STORE_MEMBERS,
  type PowertoolsStoreMember,
} from '../../src/powertoolsInternals.js';
import { startDynamoDb } from '../helpers/dynamoDbServer.ts';
import type { PersistenceServer } from '../helpers/persistenceServer.ts';
import { type SqsEvent, sqsEvent } from '../helpers/workflows.ts';

/**
 * `store` as a Powertools version without `member` would look to this package: the member is hidden
 * from outside callers, while Powertools' own methods (bound to the real store) still reach it, as
 * they would reach a renamed one.
 */
const withoutMember = <T extends BasePersistenceLayer>(store: T, member: string): T =>
  new Proxy(store, {
    get: (target, property) => {
      if (property === member) return undefined;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    has: (target, property) => property !== member && Reflect.has(target, property),
  });

/** Process warnings with the drift code, as `warnOnce` emits them. */
const driftWarnings: string[] = [];
const onWarning = (warning: Error & { code?: string }) => {
  if (warning.code === 'DURABLE_POWERTOOLS_POWERTOOLS_DRIFT') driftWarnings.push(warning.message);
};

let server: PersistenceServer;
beforeAll(async () => {
  server = await startDynamoDb();
  process.on('warning', onWarning);
});
afterAll(async () => {
  process.off('warning', onWarning);
  await teardownDurableHarness();
  await server.close();
});

describe('Powertools internals (drift test)', () => {
  it.each([
    ['DynamoDBPersistenceLayer', () => server.newStore()],
    ['CachePersistenceLayer', () => new CachePersistenceLayer({ client: {} as never })],
  ])('the installed %s has every member this package uses', (_store, newStore) => {
    // Prepare
    const store = newStore();
    store.configure({ config: new IdempotencyConfig({ eventKeyJmesPath: 'id' }) });

    // Act
    const missing = missingStoreMembers(store);

    // Assess
    expect(missing).toEqual([]);
  });

  const DEGRADED: Array<[PowertoolsStoreMember, IdempotencyConfig | undefined]> = [
    ['_putRecord', undefined],
    ['payloadValidationEnabled', undefined],
    ['_getRecord', undefined],
    ['getHashedPayload', new IdempotencyConfig({ payloadValidationJmesPath: 'Records[*].body' })],
    ['getExpiryTimestamp', undefined],
    ['getFromCache', new IdempotencyConfig({ useLocalCache: true })],
    ['saveToCache', new IdempotencyConfig({ useLocalCache: true })],
    ['eventKeyJmesPath', undefined],
  ];

  it.concurrent.each(DEGRADED)(
    'without %s, warns once naming what degrades and still runs each message once',
    async (member, config) => {
      // Prepare: step, wait 1 s (2 invocations)
      let runs = 0;
      const handler = withDurableExecution(
        withDurableIdempotency(
          async (event: SqsEvent, context: DurableContext) => {
            runs++;
            await context.wait({ seconds: 1 });
            return `charged ${event.Records[0]?.body}`;
          },
          { persistenceStore: withoutMember(server.newStore(), member), config },
        ),
      );

      // Act: the message, then a redelivery of it
      const first = await runDurable(handler, { payload: sqsEvent(`m-${member}`) });
      const duplicate = await runDurable(handler, {
        payload: sqsEvent(`m-${member}`, 'order-1', 2),
      });

      // Assess
      expect(first.status).toBe('SUCCEEDED');
      expectInvocationCount(first, { exactly: 2 });
      expect(duplicate.result).toBe('charged order-1');
      expectInvocationCount(duplicate, { exactly: 1 });
      expect(runs).toBe(2);
      const warnings = driftWarnings.filter((message) => message.includes(`has ${member},`));
      expect(warnings).toEqual([expect.stringContaining(POWERTOOLS_STORE_MEMBERS[member])]);
    },
  );

  it('without getHashedIdempotencyKey, fails the delivery without running the workflow', async () => {
    // Prepare
    let runs = 0;
    const handler = withDurableExecution(
      withDurableIdempotency(
        async () => {
          runs++;
          return 'ran';
        },
        { persistenceStore: withoutMember(server.newStore(), 'getHashedIdempotencyKey') },
      ),
    );

    // Act
    const result = await runDurable(handler, { payload: sqsEvent('m-unkeyable') });

    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error?.errorType).toBe('DurableIdempotencyError');
    expectInvocationCount(result, { exactly: 1 });
    expect(runs).toBe(0);
    expect(
      driftWarnings.filter((message) => message.includes('has getHashedIdempotencyKey,')),
    ).toHaveLength(1);
  });
});
