// Must come first: aws-xray-sdk-core enters its Lambda mode (the facade segment) only if LAMBDA_TASK_ROOT
// is set when it loads.
import '../support/simulatedLambda.js';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  closeOpenDescendants,
  FACADE_FIELDS,
  invocationLambdaSegment,
  missingFacadeFields,
  NAMESPACE_METHODS,
  withActiveSegment,
} from '../../src/powertoolsInternals.js';
import { daemon } from '../support/simulatedLambda.js';

const ROOT = '1-6740a1b2-0123456789abcdef01234567';
const PARENT = '53995c3f42cd8ad8';
const tracer = new Tracer({ captureHTTPsRequests: false });

afterEach(() => {
  delete process.env._X_AMZN_TRACE_ID;
  vi.restoreAllMocks();
});
afterAll(() => daemon.stop());

describe('the installed Powertools Tracer and aws-xray-sdk-core have every member this package uses', () => {
  it('the Lambda facade segment has every field, with its type', () => {
    // Prepare
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=1`;

    // Act
    const facade = tracer.getSegment();

    // Assess
    expect(Object.keys(FACADE_FIELDS).length).toBeGreaterThan(0);
    expect(missingFacadeFields(facade)).toEqual([]);
  });

  it('the X-Ray context namespace has every method', () => {
    // Act
    const namespace = tracer.provider.getNamespace() as unknown as Record<string, unknown>;

    // Assess
    for (const method of NAMESPACE_METHODS) expect(typeof namespace[method]).toBe('function');
  });

  it('a segment keeps its children in `subsegments`', () => {
    // Prepare
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=0`;
    const parent = tracer.getSegment()?.addNewSubsegment('parent');
    const child = parent?.addNewSubsegment('child');
    const children = [...(parent as unknown as { subsegments: unknown[] }).subsegments];

    // Act
    if (parent !== undefined) closeOpenDescendants(parent);

    // Assess
    expect(children).toEqual([child]);
    expect(child?.isClosed()).toBe(true);
  });
});

describe('invocationLambdaSegment', () => {
  it('gives the invocation a Lambda segment of its own, with the header’s Root, Parent and Sampled', () => {
    // Prepare
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=0`;

    // Act
    const own = invocationLambdaSegment(tracer) as unknown as Record<string, unknown>;
    process.env._X_AMZN_TRACE_ID = `Root=1-6740a1b2-fedcba9876543210fedcba98;Parent=${'1'.repeat(16)};Sampled=1`;
    const shared = tracer.getSegment() as unknown as Record<string, unknown>;

    // Assess: the shared facade follows the new header, the invocation's segment does not
    expect([own.trace_id, own.id, own.notTraced]).toEqual([ROOT, PARENT, true]);
    expect(shared.trace_id).not.toBe(ROOT);
  });

  it('warns once and degrades to the shared segment when the facade lacks a field', () => {
    // Prepare
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=1`;
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const notAFacade = { facade: true, trace_id: ROOT }; // no id, counter, resolveLambdaTraceData, ...
    const drifted = { provider: { getSegment: () => notAFacade } } as unknown as Tracer;

    // Act
    const first = invocationLambdaSegment(drifted);
    const second = invocationLambdaSegment(drifted);

    // Assess
    expect([first, second]).toEqual([notAFacade, notAFacade]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('lacks id, counter, resolveLambdaTraceData');
    expect(warn.mock.calls[0]?.[1]).toMatchObject({ code: 'DURABLE_POWERTOOLS_POWERTOOLS_DRIFT' });
  });
});

describe('withActiveSegment', () => {
  it('warns once and runs the function in the surrounding context when the namespace lacks a method', () => {
    // Prepare
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const drifted = { provider: { getNamespace: () => ({}) } } as unknown as Tracer;
    const segment = {} as never;

    // Act
    const results = [
      withActiveSegment(drifted, segment, () => 1),
      withActiveSegment(drifted, segment, () => 2),
    ];

    // Assess
    expect(results).toEqual([1, 2]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('lacks runAndReturn, set');
  });
});

describe('closeOpenDescendants', () => {
  it('warns once and closes nothing when `subsegments` is not an array', () => {
    // Prepare
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const drifted = { subsegments: 'not an array' } as never;

    // Act
    closeOpenDescendants(drifted);
    closeOpenDescendants(drifted);

    // Assess
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('`subsegments` is not an array');
  });
});
