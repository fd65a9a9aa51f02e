import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import {
  expectInvocationCount,
  runDurable,
  setupDurableHarness,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Lambda Managed Instances: the runtime sets AWS_LAMBDA_MAX_CONCURRENCY and keeps each invocation's
// trace header in the invoke store, never in the process-wide _X_AMZN_TRACE_ID.
process.env.AWS_LAMBDA_MAX_CONCURRENCY = '20';
delete process.env._X_AMZN_TRACE_ID;

interface Seen {
  store: string | undefined;
  env: string | undefined;
}

const invokeStoreTraceId = (): string | undefined =>
  (
    globalThis as { awslambda?: { InvokeStore?: { getXRayTraceId(): string | undefined } } }
  ).awslambda?.InvokeStore?.getXRayTraceId();

/** Three invocations; each records the header it sees at its start and after its awaits. */
const threeInvocations = (seen: Seen[]) =>
  withDurableExecution(async (_event: unknown, context: DurableContext) => {
    seen.push({ store: invokeStoreTraceId(), env: process.env._X_AMZN_TRACE_ID });
    await context.step('first', async () => 1);
    await context.wait({ seconds: 1 });
    await context.step('second', async () => 2);
    await context.wait({ seconds: 1 });
    await context.step('third', async () => 3);
    seen.push({ store: invokeStoreTraceId(), env: process.env._X_AMZN_TRACE_ID });
    return 'done';
  });

const rootOf = (header: string | undefined): string | undefined =>
  /Root=([^;]+)/.exec(header ?? '')?.[1];

beforeAll(() => setupDurableHarness());
afterAll(() => teardownDurableHarness());

describe('trace option under multi-concurrency (AWS_LAMBDA_MAX_CONCURRENCY)', () => {
  it('keeps 20 concurrent executions in their own traces through the invoke store', async () => {
    // Prepare
    const seenPerRun = Array.from({ length: 20 }, () => [] as Seen[]);

    // Act
    const results = await Promise.all(
      seenPerRun.map((seen) => runDurable(threeInvocations(seen), { payload: {}, trace: true })),
    );

    // Assess
    const roots = results.map((result) => result.trace?.root);
    expect(new Set(roots).size).toBe(20);
    results.forEach((result, run) => {
      expectInvocationCount(result, { exactly: 3 });
      const seen = seenPerRun[run] ?? [];
      expect(seen).toHaveLength(4); // 3 starts + the end of the last invocation
      for (const { store, env } of seen) {
        expect(rootOf(store)).toBe(roots[run]);
        expect(env).toBeUndefined();
      }
      const headers = result.invocations.map((invocation) => invocation.trace?.header);
      expect(seen.slice(0, 3).map(({ store }) => store)).toEqual(headers);
      expect(seen[3]?.store).toBe(headers[2]);
    });
  });
});
