import type { OperationInfo } from '@aws/durable-execution-sdk-js';
import { describe, expect, it } from 'vitest';
import { isFirstObservation } from '../../src/subscriber.js';

// The SDK's local runner never fills in UpdatedOperationIds, so the replay suites only reach the
// history fallback; these cases pin down the other paths with the plugin API's own data shapes.
const at = (iso: string): Date => new Date(`2026-11-20T10:${iso}Z`);
const wait = (overrides: Partial<OperationInfo> = {}): OperationInfo => ({
  id: 'w',
  name: 'cool down',
  type: 'WAIT',
  status: 'SUCCEEDED',
  startTimestamp: at('00:00'),
  isReplay: true,
  ...overrides,
});
const step = (id: string, start: string, parentId?: string): OperationInfo => ({
  id,
  type: 'STEP',
  status: 'SUCCEEDED',
  startTimestamp: at(start),
  isReplay: false,
  ...(parentId === undefined ? {} : { parentId }),
});

describe('isFirstObservation', () => {
  it('trusts the SDK when it says the completion is new', () => {
    // Act / Assess
    expect(
      isFirstObservation(wait({ isReplay: false }), { operations: {}, updatedOperations: {} }),
    ).toBe(true);
  });

  it('trusts the SDK when the service listed updated operations and this one was not among them', () => {
    // Prepare: nothing ran after the wait, but the input named other updated operations.
    const history = { operations: { w: wait() }, updatedOperations: { x: step('x', '00:09') } };

    // Act / Assess
    expect(isFirstObservation(wait(), history)).toBe(false);
  });

  it('without updated operations: new while no operation of its context started after it', () => {
    // Prepare: a step of the same (root) context before the wait; one of another context after it.
    const history = {
      operations: { a: step('a', '00:00'), w: wait(), x: step('x', '00:05', 'other-child') },
      updatedOperations: {},
    };

    // Act / Assess
    expect(isFirstObservation(wait(), history)).toBe(true);
  });

  it('without updated operations: replayed once its context ran past it', () => {
    // Prepare: the step after the wait was recorded by an earlier invocation.
    const history = { operations: { w: wait(), b: step('b', '00:02') }, updatedOperations: {} };

    // Act / Assess
    expect(isFirstObservation(wait(), history)).toBe(false);
  });

  it('compares with the end time when the history records it', () => {
    // Prepare: a step of the same context started while the wait was running (concurrently).
    const history = { operations: { w: wait(), c: step('c', '00:01') }, updatedOperations: {} };

    // Act / Assess
    expect(isFirstObservation(wait({ endTimestamp: at('00:03') }), history)).toBe(true);
    expect(isFirstObservation(wait(), history)).toBe(false);
  });
});
