import { describe, expect, it } from 'vitest';
import { toPowertoolsArguments } from '../../src/state.js';

describe('toPowertoolsArguments (console-style context.logger calls)', () => {
  it('formats placeholders and several arguments as util.format does', () => {
    // Act / Assess: the expected messages are what Node's console.log prints for these arguments
    expect(toPowertoolsArguments(['User %s (ID: %d)', 'TestUser', 12345])).toEqual([
      'User TestUser (ID: 12345)',
      [],
    ]);
    expect(toPowertoolsArguments(['params:', 'p1', 'p2', 42, true])).toEqual([
      'params: p1 p2 42 true',
      [],
    ]);
    expect(toPowertoolsArguments(['%j', { a: 1 }])).toEqual(['{"a":1}', []]);
    expect(toPowertoolsArguments([42])).toEqual([42, []]);
  });

  it('keeps an Error whole for Powertools, and its message as the record message when alone', () => {
    // Prepare
    const error = new Error('card declined');

    // Act
    const alone = toPowertoolsArguments([error]);
    const withMessage = toPowertoolsArguments(['charge failed for %s', 'o-1', error]);

    // Assess
    expect(alone).toEqual(['card declined', [error]]);
    expect(withMessage).toEqual(['charge failed for o-1', [error]]);
  });

  it('keeps every Error of a call: the first as error, the others in extra_errors', () => {
    // Prepare
    const first = new Error('card declined');
    const second = new TypeError('stock missing');

    // Act
    const converted = toPowertoolsArguments(['Multiple errors:', first, second, 'extra']);

    // Assess
    expect(converted).toEqual(['Multiple errors: extra', [first, { extra_errors: [second] }]]);
  });

  it("passes Powertools' own shapes through: a log item, a message with attribute objects", () => {
    // Prepare
    const item = { message: 'charged', orderId: 'o-1' };

    // Act / Assess
    expect(toPowertoolsArguments([item])).toEqual([item, []]);
    expect(toPowertoolsArguments(['charged', { orderId: 'o-1' }])).toEqual([
      'charged',
      [{ orderId: 'o-1' }],
    ]);
    expect(toPowertoolsArguments([])).toEqual(['', []]);
  });
});
