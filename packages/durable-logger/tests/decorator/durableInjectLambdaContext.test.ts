import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { Logger } from '@aws-lambda-powertools/logger';
import { DurablePowertoolsPlugin } from '@durable-powertools/commons';
import {
  expectEachMessageOnce,
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { durableInjectLambdaContext } from '../../src/index.js';
import { expectOneExecutionArn, recordWith } from '../support.js';

/** The suite's one plugin, which the logger needs. */
const PLUGINS = { plugins: [new DurablePowertoolsPlugin()] };

afterAll(() => teardownDurableHarness());

/** A LambdaInterface-style class, as Powertools users write one, with a replaying workflow. */
const lambdaClass = (logger: Logger) => {
  class Lambda {
    readonly #greeting = 'started';

    @durableInjectLambdaContext({ logger, logEvent: true })
    public async handler(event: { orderId: string }, context: DurableContext): Promise<string> {
      logger.info(this.#greeting, { orderId: event.orderId });
      await context.step('charge', async () => logger.info('charging'));
      await context.wait({ seconds: 1 });
      context.logger.warn('waited');
      logger.info('finished');
      return `done ${event.orderId}`;
    }
  }
  return new Lambda();
};

describe('durableInjectLambdaContext()', () => {
  it('writes each line of a decorated handler once across replays, with the durable keys', async () => {
    // Prepare
    const logger = new Logger({ serviceName: 'orders' });
    const lambda = lambdaClass(logger);
    const handler = withDurableExecution(lambda.handler.bind(lambda), PLUGINS);

    // Act
    const result = await runDurable(handler, { payload: { orderId: '42' } });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.result).toBe('done 42');
    expectInvocationCount(result, { exactly: 2 });
    const messages = ['Lambda invocation event', 'started', 'charging', 'waited', 'finished'];
    expectEachMessageOnce(result, messages);
    expect(result.records).toHaveLength(messages.length);
    expectOneExecutionArn(result);
    expect(recordWith(result, 'started').orderId).toBe('42');
    expect(recordWith(result, 'charging')).toMatchObject({ operation_name: 'charge', attempt: 1 });
    // The line after the wait was written by the second invocation, the others by the first.
    expect(result.invocations[1]?.records.map((record) => record.message)).toEqual([
      'waited',
      'finished',
    ]);
  });

  it("unlike Powertools' own injectLambdaContext, which repeats the body's lines on replay", async () => {
    // Prepare: the same class with Powertools' decorator (the baseline this package fixes)
    const logger = new Logger({ serviceName: 'orders' });
    class Lambda {
      public async handler(_event: unknown, context: DurableContext): Promise<string> {
        logger.info('started');
        await context.wait({ seconds: 1 });
        return 'done';
      }
    }
    // What `@logger.injectLambdaContext()` compiles to under experimentalDecorators (its only form).
    const descriptor = Object.getOwnPropertyDescriptor(Lambda.prototype, 'handler')!;
    logger.injectLambdaContext()(Lambda.prototype as never, 'handler', descriptor);
    Object.defineProperty(Lambda.prototype, 'handler', descriptor);
    const lambda = new Lambda();

    // Act
    const result = await runDurable(withDurableExecution(lambda.handler.bind(lambda), PLUGINS), {
      payload: {},
    });

    // Assess
    expectInvocationCount(result, { exactly: 2 });
    const started = result.records.filter((record) => record.message === 'started');
    expect(started).toHaveLength(2);
    expect(started[0]?.execution_arn).toBeUndefined();
  });
});
