// Must come first (a side-effect import, which Biome never reorders): sets the Lambda environment
// (and starts the loopback X-Ray daemon stand-in) before Powertools Tracer and aws-xray-sdk-core load.
import '../../../packages/durable-tracer/tests/support/simulatedLambda.js';
// The Python page's Tracer example (using_tracer.py) as a TypeScript twin on the real local runner,
// with the real X-Ray SDK sending its documents to a UDP daemon stand-in on 127.0.0.1.
import {
  expectInvocationCount,
  messageOf,
  runDurable,
  teardownDurableHarness,
  type XrayDocument,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { daemon } from '../../../packages/durable-tracer/tests/support/simulatedLambda.js';
import { handler } from '../src/usingTracer.ts';

afterAll(async () => {
  await teardownDurableHarness();
  await daemon.stop();
});

/** Every (sub)segment in `documents`, those nested in a document included. */
const flatten = (documents: readonly XrayDocument[]): XrayDocument[] =>
  documents.flatMap((segment) => [segment, ...flatten(segment.subsegments ?? [])]);

describe('using_tracer: durableTracer + DurablePowertoolsPlugin', () => {
  it("sends one closed handler subsegment per invocation, all in the execution's one trace, correlated with the logs", async () => {
    // Prepare: invocations start as Lambda starts them: the execution's one X-Ray Root, a new Parent
    // (the invocation's Lambda segment) each time.

    // Act
    const result = await runDurable(handler, { payload: {}, trace: true });
    await daemon.settle();

    // Assess: two invocations in one trace, each with its handler subsegment, closed, under its own
    // Lambda segment.
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    const root = result.trace?.root;
    const documents = daemon.documents.filter((document) => document.trace_id === root);
    const all = flatten(documents);
    const handlers = all.filter((segment) => segment.name.startsWith('## '));
    const parents = result.invocations.map((invocation) => invocation.trace?.parent);
    expect(handlers.map((h) => h.parent_id).sort()).toEqual([...parents].sort());
    const inOrder = parents.map((parent) => handlers.find((h) => h.parent_id === parent));
    expect(inOrder.map((h) => h?.in_progress)).toEqual([undefined, undefined]);
    expect(inOrder.map((h) => h?.annotations?.invocation_status)).toEqual(['PENDING', 'SUCCEEDED']);
    const arns = new Set(handlers.map((h) => h.annotations?.execution_arn));
    expect(arns.size).toBe(1);

    // The step and the function it calls are traced once, under the first invocation's handler.
    const step = all.filter((segment) => segment.name === '### process_data');
    const processData = all.filter((segment) => segment.name === '### processData');
    expect(step).toHaveLength(1);
    expect(processData).toHaveLength(1);
    expect(step[0]?.parent_id).toBe(inOrder[0]?.id);
    expect(processData[0]?.parent_id).toBe(step[0]?.id);

    // The log record carries the same execution_arn, and the execution's trace id.
    const record = result.records.find((r) => messageOf(r) === 'Workflow completed');
    expect(record?.execution_arn).toBe([...arns][0]);
    expect(String(record?.xray_trace_id)).toBe(root);
  });
});
