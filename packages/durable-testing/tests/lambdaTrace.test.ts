import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import {
  expectInvocationCount,
  runDurable,
  setupDurableHarness,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

delete process.env.AWS_LAMBDA_MAX_CONCURRENCY;
delete process.env._X_AMZN_TRACE_ID;

/** step / wait / step / wait / step: three invocations; each records the header it started with. */
const threeInvocations = (seen: (string | undefined)[]) =>
  withDurableExecution(async (_event: unknown, context: DurableContext) => {
    seen.push(process.env._X_AMZN_TRACE_ID);
    await context.step('first', async () => 1);
    await context.wait({ seconds: 1 });
    await context.step('second', async () => 2);
    await context.wait({ seconds: 1 });
    return context.step('third', async () => 3);
  });

/** The parts of an X-Ray header, parsed by the test itself. */
const fieldsOf = (header: string | undefined): Record<string, string> =>
  Object.fromEntries((header ?? '').split(';').map((part) => part.split('=') as [string, string]));

beforeAll(() => setupDurableHarness());
afterAll(() => teardownDurableHarness());

describe('trace option: invocations started as the Lambda runtime starts them', () => {
  it('gives every invocation the execution Root and Sampled, and a Parent of its own', async () => {
    // Prepare
    const seen: (string | undefined)[] = [];

    // Act
    const result = await runDurable(threeInvocations(seen), { payload: {}, trace: true });

    // Assess
    expectInvocationCount(result, { exactly: 3 });
    expect(seen).toHaveLength(3);
    const fields = seen.map(fieldsOf);
    const roots = new Set(fields.map((field) => field.Root));
    expect(roots.size).toBe(1);
    expect([...roots][0]).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(fields.map((field) => field.Sampled)).toEqual(['1', '1', '1']);
    const parents = fields.map((field) => field.Parent);
    expect(new Set(parents).size).toBe(3);
    for (const parent of parents) expect(parent).toMatch(/^[0-9a-f]{16}$/);
    expect(result.trace).toEqual({
      root: fields[0]?.Root,
      sampled: true,
      header: `Root=${fields[0]?.Root};Sampled=1`,
    });
    expect(result.invocations.map((invocation) => invocation.trace?.parent)).toEqual(parents);
    expect(result.invocations.map((invocation) => invocation.trace?.header)).toEqual(seen);
    expect(process.env._X_AMZN_TRACE_ID).toBeUndefined(); // restored after the run
  });

  it('carries Sampled=0 and a given Root', async () => {
    // Prepare
    const seen: (string | undefined)[] = [];
    const root = '1-6740a1b2-0123456789abcdef01234567';

    // Act
    const result = await runDurable(threeInvocations(seen), {
      payload: {},
      trace: { sampled: false, root },
    });

    // Assess
    expectInvocationCount(result, { exactly: 3 });
    expect(seen.map((header) => fieldsOf(header).Root)).toEqual([root, root, root]);
    expect(seen.map((header) => fieldsOf(header).Sampled)).toEqual(['0', '0', '0']);
    expect(result.trace?.header).toBe(`Root=${root};Sampled=0`);
  });

  it('sets no header without the option', async () => {
    // Prepare
    const seen: (string | undefined)[] = [];

    // Act
    const result = await runDurable(threeInvocations(seen), { payload: {} });

    // Assess
    expectInvocationCount(result, { exactly: 3 });
    expect(seen).toEqual([undefined, undefined, undefined]);
    expect(result.trace).toBeUndefined();
    expect(result.invocations.map((invocation) => invocation.trace)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
