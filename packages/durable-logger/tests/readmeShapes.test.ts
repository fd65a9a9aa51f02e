import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  DurablePowertoolsPlugin,
  durableInjectLambdaContext,
  durableLogger,
  executionModeDurablePowertools,
  withDurableLogger,
} from '../src/index.js';

// The README's handler shapes, type-checked by `tsc` over the tests (this file) and built here.

const workflow = async (event: { orderId: string }, context: DurableContext) => {
  context.logger.info('order %s received', event.orderId);
  return 'done';
};

describe("the README's shapes", () => {
  it('type-check and build handlers, each exposing its Powertools Logger', () => {
    // Act
    const logging = durableLogger();
    const inside = withDurableExecution(middy(workflow).use(logging), {
      plugins: [new DurablePowertoolsPlugin()],
    });
    const durableMode = middy(workflow, { executionMode: executionModeDurablePowertools }).use(
      durableLogger(new Logger(), { logEvent: true }),
    );
    const wrapped = withDurableLogger(workflow, { logEvent: true });
    const plain = withDurableExecution(wrapped, { plugins: [new DurablePowertoolsPlugin()] });
    const decorator = durableInjectLambdaContext();

    // Assess
    for (const handler of [inside, durableMode, plain]) expect(typeof handler).toBe('function');
    expectTypeOf(logging.logger).toEqualTypeOf<Logger>();
    expectTypeOf(wrapped.logger).toEqualTypeOf<Logger>();
    expectTypeOf(decorator.logger).toEqualTypeOf<Logger>();
    expect(decorator.logger).toBeInstanceOf(Logger);
  });
});
