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
import {
  documentsOf,
  handlerSubsegmentsOf,
} from '../../../packages/durable-tracer/tests/support/segments.js';
import {
  daemon,
  simulateLambdaTracing,
} from '../../../packages/durable-tracer/tests/support/simulatedLambda.js';
import { handler } from '../src/usingTracer.ts';

afterAll(async () => {
  await teardownDurableHarness();
  await daemon.stop();
});

/** Every (sub)segment in `documents`, those nested in a document included. */
const flatten = (documents: readonly XrayDocument[]): XrayDocument[] =>
  documents.flatMap((segment) => [segment, ...flatten(segment.subsegments ?? [])]);

describe('using_tracer: durableTracer + DurablePowertoolsPlugin', () => {
  it('sends one closed handler subsegment per invocation, correlated with the logs by execution_arn', async () => {
    // Prepare: Lambda gives every invocation a trace of its own; the wrapper records their ids.
    const traceIds: string[] = [];

    // Act
    const result = await runDurable(simulateLambdaTracing(handler, traceIds), { payload: {} });
    await daemon.settle();

    // Assess: two invocations, so two traces, each with its handler subsegment, closed.
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(traceIds).toHaveLength(2);
    const handlers = handlerSubsegmentsOf(daemon, traceIds);
    expect(handlers.map((h) => h.trace_id)).toEqual(traceIds);
    expect(handlers.map((h) => h.in_progress)).toEqual([undefined, undefined]);
    expect(handlers.map((h) => h.annotations?.invocation_status)).toEqual(['PENDING', 'SUCCEEDED']);
    const arns = new Set(handlers.map((h) => h.annotations?.execution_arn));
    expect(arns.size).toBe(1);

    // The step and the function it calls are traced once, in the first invocation's trace.
    const all = flatten(documentsOf(daemon, traceIds));
    const step = all.filter((segment) => segment.name === '### process_data');
    const processData = all.filter((segment) => segment.name === '### processData');
    expect(step.map((segment) => segment.trace_id)).toEqual([traceIds[0]]);
    expect(processData.map((segment) => segment.trace_id)).toEqual([traceIds[0]]);
    expect(processData[0]?.parent_id).toBe(step[0]?.id);

    // The log record carries the same execution_arn, and the trace id of the invocation that wrote it.
    const record = result.records.find((r) => messageOf(r) === 'Workflow completed');
    expect(record?.execution_arn).toBe([...arns][0]);
    expect(String(record?.xray_trace_id)).toBe(traceIds[1]);
  });
});
