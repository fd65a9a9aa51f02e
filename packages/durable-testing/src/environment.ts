import { LocalDurableTestRunner } from '@aws/durable-execution-sdk-js-testing';
import { clearRunTimers } from './runTimers.js';

let setupPromise: Promise<void> | undefined;

/**
 * Starts the local checkpoint server once per process, with real time (never `skipTime`, whose fake
 * clock collapses waits into one invocation). `runDurable` calls this itself; call it in `beforeAll`
 * to pay the start-up outside the first test.
 * @example
 * ```ts
 * beforeAll(() => setupDurableHarness());
 * afterAll(() => teardownDurableHarness());
 * ```
 */
export const setupDurableHarness = (): Promise<void> => {
  setupPromise ??= LocalDurableTestRunner.setupTestEnvironment({ skipTime: false });
  return setupPromise;
};

/**
 * Stops the local checkpoint server and clears the timers the runs' handlers left armed (middy's
 * early-timeout timer of a suspended invocation), so a script that calls this exits by itself.
 * @example
 * ```ts
 * afterAll(() => teardownDurableHarness());
 * ```
 */
export const teardownDurableHarness = async (): Promise<void> => {
  clearRunTimers();
  if (setupPromise === undefined) return;
  await setupPromise;
  setupPromise = undefined;
  await LocalDurableTestRunner.teardownTestEnvironment();
};
