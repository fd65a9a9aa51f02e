// The Python page's Parameters example (using_parameters.py) and its "Parameter freshness" note, as
// TypeScript twins on the real local runner. The parameter store is a local stand-in for the AWS
// Parameters and Secrets Lambda Extension (see parametersExtension.ts); the provider, its cache and
// the durable runtime are real.
import { WaitingOperationStatus } from '@aws/durable-execution-sdk-js-testing';
import { GetParameterError } from '@aws-lambda-powertools/parameters';
import {
  expectInvocationCount,
  runDurable,
  teardownDurableHarness,
} from '@durable-powertools/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParametersExtensionProvider } from '../src/parametersExtensionProvider.ts';
import { createBodyFetchHandler, createStepFetchHandler } from '../src/usingParameters.ts';
import { ParametersExtension } from './parametersExtension.ts';

const NAME = '/orders/api-key';
const TOKEN = 'session-token';
let extension: ParametersExtension;

beforeAll(async () => {
  extension = await ParametersExtension.start(TOKEN);
});
afterAll(async () => {
  await teardownDurableHarness();
  await extension.stop();
});

/** Runs `handler` with the key `key1-…` at the start, rotated to `key2-…` while the execution waits. */
const runWithRotation = async (handler: Parameters<typeof runDurable>[0]) => {
  extension.values.set(NAME, 'key1-secret');
  extension.requests.clear();
  return runDurable(handler, {
    payload: {},
    drive: async (runner) => {
      await runner.getOperation('call_api').waitForData(WaitingOperationStatus.COMPLETED);
      extension.values.set(NAME, 'key2-secret');
    },
  });
};

describe('using_parameters: fetched in the workflow body', () => {
  it('serves the replay from the provider cache: the key rotated during the wait is not seen', async () => {
    // Prepare: a fresh provider, i.e. a fresh execution environment (empty cache).
    const handler = createBodyFetchHandler(
      new ParametersExtensionProvider(extension.endpoint, TOKEN),
    );

    // Act
    const result = await runWithRotation(handler);

    // Assess: the body fetched on both invocations, but the second one within the cache age.
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(result.result).toEqual(['called-with-key1...', 'called-with-key1...']);
    expect(extension.requests.get(NAME)).toBe(1);
  });
});

describe('parameter freshness: fetched inside the steps that use it', () => {
  it('sees the rotated key in the step after the wait, and replays fetch nothing', async () => {
    // Prepare
    const handler = createStepFetchHandler(
      new ParametersExtensionProvider(extension.endpoint, TOKEN),
    );

    // Act
    const result = await runWithRotation(handler);

    // Assess: one fetch per step run (two steps, each run once), none by the replayed body.
    expect(result.status).toBe('SUCCEEDED');
    expectInvocationCount(result, { exactly: 2 });
    expect(result.result).toEqual(['called-with-key1...', 'called-with-key2...']);
    expect(extension.requests.get(NAME)).toBe(2);
  });

  it('rejects with a GetParameterError that names the parameter when the token is wrong', async () => {
    // Prepare
    extension.values.set(NAME, 'key1-secret');
    const provider = new ParametersExtensionProvider(extension.endpoint, 'wrong-token');

    // Act
    const fetching = provider.get(NAME);

    // Assess (outside a workflow: inside a step the SDK would retry it with its default backoff)
    await expect(fetching).rejects.toBeInstanceOf(GetParameterError);
    await expect(fetching).rejects.toThrow(`HTTP 401 for parameter "${NAME}"`);
  });
});
