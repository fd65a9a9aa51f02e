import { expectInvocationCount, runDurable } from '@durable-powertools/testing';
import { describe, expect, it } from 'vitest';
import type { FaultMode, FaultProxy, StoreWrite } from '../helpers/faultProxy.ts';
import {
  acknowledged,
  expectGuarantees,
  FAIL_FIRST,
  FAULT_SHAPES,
  newObserved,
} from '../helpers/faultWorkflows.ts';
import type { PersistenceServer } from '../helpers/persistenceServer.ts';
import { type SqsEvent, sqsRecord, withServer } from '../helpers/workflows.ts';

/** Attempts of the completion and release steps in these tests (1 s between them). */
const STORE_WRITE_ATTEMPTS = 2;

/** Modes that keep the store unreachable for the targeted write until the test clears the fault. */
const HARD_MODES: ReadonlySet<FaultMode> = new Set(['reset', 'die', 'http-500']);

/** What one delivery is expected to come to. */
interface Delivery {
  status: 'SUCCEEDED' | 'FAILED';
  errorType?: string;
  invocations: number;
  /** When one more invocation is also right (see where it is set); else exactly `invocations`. */
  orOneMore?: boolean;
  /** Message ids in `batchItemFailures` (batch shape only). */
  failures?: string[];
}

interface Expected {
  first: Delivery;
  /** Requests the server served during the first delivery (hard faults only). */
  firstRequests?: number;
  second: Delivery;
  charges: Record<string, number>;
}

const ok = (invocations: number, failures?: string[]): Delivery => ({
  status: 'SUCCEEDED',
  invocations,
  failures,
});
const failed = (errorType: string, invocations: number): Delivery => ({
  status: 'FAILED',
  errorType,
  invocations,
});

/**
 * Delivers `eventFor(1)` while the armed fault lasts, clears the fault, then redelivers
 * `eventFor(2)`: what each delivery came to, the faults the proxy injected during the first, and the
 * data requests the server served during the first.
 */
const deliverTwice = async (
  server: PersistenceServer,
  proxy: FaultProxy,
  handler: Parameters<typeof runDurable>[0],
  eventFor: (delivery: number) => SqsEvent,
) => {
  const firstEvent = eventFor(1);
  const requestsBefore = await server.requests();
  const first = await runDurable(handler, { payload: firstEvent });
  const firstRequests = (await server.requests()) - requestsBefore;
  const faulted = proxy.faulted;
  await proxy.clear();
  const secondEvent = eventFor(2);
  const second = await runDurable(handler, { payload: secondEvent });
  return { firstEvent, first, firstRequests, faulted, secondEvent, second };
};

/**
 * The test's own model of a one-message execution (charge, wait 1 s: 2 invocations) under one fault
 * at `write`, then of the redelivery once the fault is cleared. The release cases deliver a message
 * whose first delivery fails before charging.
 */
const expectedEntry = (write: StoreWrite, mode: FaultMode, server: PersistenceServer): Expected => {
  // A write whose reply was lost is retried in place by a client that retries, else by the step.
  const retriedByStep = server.clientAttempts === 1 ? 1 : 0;
  if (HARD_MODES.has(mode)) {
    if (write === 'claim') {
      return {
        first: failed('DurableIdempotencyClaimError', 1),
        firstRequests: 0,
        second: ok(2),
        charges: { m: 1 },
      };
    }
    if (write === 'completion') {
      return {
        first: failed('DurableIdempotencyResultNotStoredError', 1 + STORE_WRITE_ATTEMPTS),
        firstRequests: 1,
        second: failed('IdempotencyAlreadyInProgressError', 1),
        charges: { m: 1 },
      };
    }
    return {
      first: failed('DurableIdempotencyReleaseError', STORE_WRITE_ATTEMPTS),
      firstRequests: 1,
      second: failed('IdempotencyAlreadyInProgressError', 1),
      charges: {},
    };
  }
  const afterWrite = mode === 'reset-after-write' ? retriedByStep : 0;
  if (write === 'release') {
    return { first: failed('Error', 1 + afterWrite), second: ok(2), charges: { m: 1 } };
  }
  const extra = write === 'completion' ? afterWrite : 0;
  return { first: ok(2 + extra), second: ok(1), charges: { m: 1 } };
};

/** The same model for a batch of `a` (succeeds) and `b` (fails on its first delivery). */
const expectedBatch = (write: StoreWrite, mode: FaultMode, server: PersistenceServer): Expected => {
  const retriedByStep = server.clientAttempts === 1 ? 1 : 0;
  if (HARD_MODES.has(mode)) {
    if (write === 'claim') {
      return {
        first: failed('DurableIdempotencyClaimError', 1),
        firstRequests: 0,
        // a and b each charge and wait 1 s, one after the other.
        second: ok(3, []),
        charges: { a: 1, b: 1 },
      };
    }
    if (write === 'completion') {
      // A dead proxy fails b's release as well (one more invocation); a reset only a's completion.
      const dead = mode === 'die';
      const first = failed(
        'DurableIdempotencyResultNotStoredError',
        1 + STORE_WRITE_ATTEMPTS + (dead ? 1 : 0),
      );
      // b's release follows a's last reset at once: a Redis client may still be reconnecting (it
      // fails fast, no offline queue), and the release step then retries once, 1 s later.
      first.orOneMore = !dead && server.kind === 'redis';
      return {
        first,
        firstRequests: dead ? 2 : 3,
        second: dead ? ok(1, ['a', 'b']) : ok(2, ['a']),
        charges: dead ? { a: 1 } : { a: 1, b: 1 },
      };
    }
    return {
      first: failed('DurableIdempotencyReleaseError', 1 + STORE_WRITE_ATTEMPTS),
      firstRequests: 3,
      second: ok(1, ['b']),
      charges: { a: 1 },
    };
  }
  const extra = mode === 'reset-after-write' && write !== 'claim' ? retriedByStep : 0;
  return { first: ok(2 + extra, ['b']), second: ok(2, []), charges: { a: 1, b: 1 } };
};

const expectDelivery = (
  result: Awaited<ReturnType<typeof runDurable>>,
  expected: Delivery,
  label: string,
) => {
  expect(result.status, `${label}: ${result.error?.errorMessage}`).toBe(expected.status);
  if (expected.errorType) expect(result.error?.errorType, label).toBe(expected.errorType);
  if (expected.failures) {
    const response = result.result as { batchItemFailures: Array<{ itemIdentifier: string }> };
    expect(response.batchItemFailures.map((item) => item.itemIdentifier).sort(), label).toEqual(
      expected.failures,
    );
  }
  expectInvocationCount(
    result,
    expected.orOneMore
      ? { atLeast: expected.invocations, atMost: expected.invocations + 1 }
      : { exactly: expected.invocations },
  );
};

/**
 * Every single fault (reset, reset after the write, HTTP 500, delay, a proxy that dies) at every
 * write (claim, completion, release), for each utility, against one real server behind a
 * fault-injecting proxy. Each test delivers a message with the fault armed, clears the fault and
 * delivers it again, then checks the guarantees and its own model of what each delivery comes to.
 */
export const describeFaultScenarios = (
  start: () => Promise<PersistenceServer>,
  modes: FaultMode[],
) => {
  const writes: StoreWrite[] = ['claim', 'completion', 'release'];
  const cases = Object.keys(FAULT_SHAPES).flatMap((shape) =>
    writes.flatMap((write) => modes.map((mode) => [shape, write, mode] as const)),
  );

  describe.concurrent('a transient store error at completion', () => {
    it.each(['durableIdempotency()', 'withDurableIdempotency()'])(
      'is retried by the completion step in a later invocation, without running the body again (%s)',
      async (shape) => {
        await withServer(start, async (server) => {
          // Prepare: as many resets as the store client makes attempts (its own retries), so that
          // exactly the first attempt of the completion step fails.
          const observed = newObserved();
          const { store, proxy } = await server.newFaultyStore();
          const handler = FAULT_SHAPES[shape]!({ persistenceStore: store }, observed);
          proxy.arm({ on: 'completion', mode: 'reset', times: server.clientAttempts });

          // Act
          const requestsBefore = await server.requests();
          const first = await runDurable(handler, { payload: { Records: [sqsRecord('t')] } });
          const requests = (await server.requests()) - requestsBefore;
          const duplicate = await runDurable(handler, {
            payload: { Records: [sqsRecord('t', 'order-1', 2)] },
          });

          // Assess: claim, charge, wait | attempt 1 fails, wait 1 s | attempt 2 stores.
          expect(first.status).toBe('SUCCEEDED');
          expectInvocationCount(first, { exactly: 3 });
          expect(requests).toBe(2); // the claim and the stored result; the resets never arrived
          expect(Object.fromEntries(observed.charges)).toEqual({ t: 1 });
          expect(duplicate.result).toBe('charged t');
          expectInvocationCount(duplicate, { exactly: 1 });
          expect(observed.errors).toEqual([]);
        });
      },
    );
  });

  describe.concurrent('a store that dies after N requests', () => {
    // Which write meets the dead store depends on N and on how the client groups its requests (a
    // Redis client may pipeline the batch's claims in one write), so these tests check the
    // guarantees and bound the invocations; the exact cases are the per-write tests below.
    it.each([1, 2])('makeDurableBatchIdempotent(): dies after %i requests', async (after) => {
      await withServer(start, async (server) => {
        // Prepare
        const observed = newObserved();
        const { store, proxy } = await server.newFaultyStore();
        const handler = FAULT_SHAPES['makeDurableBatchIdempotent()']!(
          { persistenceStore: store, storeWriteAttempts: STORE_WRITE_ATTEMPTS },
          observed,
        );
        const eventFor = (delivery: number): SqsEvent => ({
          Records: [sqsRecord('a', 'order-a', delivery), sqsRecord('b', FAIL_FIRST, delivery)],
        });
        proxy.arm({ on: 'any', mode: 'die', after });

        // Act
        const { firstEvent, first, faulted, secondEvent, second } = await deliverTwice(
          server,
          proxy,
          handler,
          eventFor,
        );

        // Assess: at most claim | a's wait | a's 2 completion attempts | b's 2 release attempts.
        expect(faulted, 'the store died').toBe(1);
        expectGuarantees(observed, [
          { event: firstEvent, result: first },
          { event: secondEvent, result: second },
        ]);
        expect(first.status).toBe('FAILED');
        expect(first.error?.errorType).toMatch(/^DurableIdempotency\w+Error$/);
        expectInvocationCount(first, { atLeast: 1, atMost: 1 + 2 * STORE_WRITE_ATTEMPTS });
        expect(second.status).toBe('SUCCEEDED');
        expectInvocationCount(second, { atLeast: 1, atMost: 3 });
      });
    });
  });

  describe.concurrent('under store faults', () => {
    it.each(cases)('%s: %s write, %s', async (shape, write, mode) => {
      await withServer(start, async (server) => {
        // Prepare
        const batch = shape === 'makeDurableBatchIdempotent()';
        const observed = newObserved();
        const { store, proxy } = await server.newFaultyStore();
        const handler = FAULT_SHAPES[shape]!(
          { persistenceStore: store, storeWriteAttempts: STORE_WRITE_ATTEMPTS },
          observed,
        );
        const eventFor = (delivery: number): SqsEvent =>
          batch
            ? {
                Records: [
                  sqsRecord('a', 'order-a', delivery),
                  sqsRecord('b', FAIL_FIRST, delivery),
                ],
              }
            : { Records: [sqsRecord('m', write === 'release' ? FAIL_FIRST : 'order-m', delivery)] };
        const expected = (batch ? expectedBatch : expectedEntry)(write, mode, server);
        proxy.arm({
          on: write,
          mode,
          times: HARD_MODES.has(mode) || mode === 'delay' ? undefined : 1,
          delayMs: 200,
        });

        // Act
        const { firstEvent, first, firstRequests, faulted, secondEvent, second } =
          await deliverTwice(server, proxy, handler, eventFor);

        // Assess
        expect(faulted, 'the fault was injected').toBeGreaterThan(0);
        expectGuarantees(observed, [
          { event: firstEvent, result: first },
          { event: secondEvent, result: second },
        ]);
        expectDelivery(first, expected.first, 'first delivery');
        expectDelivery(second, expected.second, 'redelivery');
        expect(Object.fromEntries(observed.charges)).toEqual(expected.charges);
        if (expected.firstRequests !== undefined)
          expect(firstRequests).toBe(expected.firstRequests);
        if (first.status === 'FAILED' && expected.first.errorType?.startsWith('Durable')) {
          const [error] = observed.errors;
          expect(error).toMatchObject({ name: expected.first.errorType, operation: write });
          expect((error as Error).cause).toBeInstanceOf(Error);
        }
        // Nothing acknowledged twice: a message the first delivery acknowledged is answered again.
        for (const id of acknowledged(firstEvent, first)) {
          expect(acknowledged(secondEvent, second)).toContain(id);
        }
      });
    });
  });
};
