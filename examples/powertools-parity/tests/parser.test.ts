// The Python page's Parser example (using_parser.py) as a TypeScript twin: Powertools Parser's middy
// middleware with a Zod schema, on the real local runner.
import {
  expectInvocationCount,
  messageOf,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { withPluginFromEnvironment } from '../../../tests/support/plugin.ts';
import { createHandler } from '../src/usingParser.ts';
import { expectMessagesPerInvocation, recordWith } from './support.ts';

// The chain built with DURABLE_EXECUTION_PLUGINS set, as in the deployed function.
const handler = withPluginFromEnvironment(createHandler);

afterAll(() => teardownDurableHarness());

describe('using_parser: parser({ schema }) on the durable middy chain', () => {
  it('hands the workflow the parsed event on every invocation and logs once', async () => {
    // Act
    const result = await runDurable(handler, { payload: { order_id: 'o-7', amount: 12.5 } });

    // Assess: the event is parsed again by the replay, which then finishes the workflow.
    expect(result.status).toBe('SUCCEEDED');
    expect(result.result).toBe('processed-o-7');
    expectInvocationCount(result, { exactly: 2 });
    expectMessagesPerInvocation(result, [['Processing order'], []]);
    expect(recordWith(result, 'Processing order')).toMatchObject({ order_id: 'o-7' });
  });

  it('fails an invalid event with a ParseError before any step runs', async () => {
    // Act
    const result = await runDurable(handler, { payload: { order_id: 'o-8', amount: 'twelve' } });

    // Assess
    expect(result.status).toBe('FAILED');
    expectInvocationCount(result, { exactly: 1 });
    expect(result.error?.errorType).toBe('ParseError');
    expect(result.error?.errorMessage).toBe('Failed to parse schema');
    expect(result.operations).toHaveLength(0);
    expect(result.records.map(messageOf)).not.toContain('Processing order');
  });
});
