// Twin of the Python page's "Parameters" example (using_parameters.py) and of its "Parameter
// freshness" note (fetch inside the step that needs the latest value).
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import type { BaseProvider } from '@aws-lambda-powertools/parameters/base';
import { ParametersExtensionProvider } from './parametersExtensionProvider.ts';

/** Python: `call_api(api_key)`, which shows the key's first four characters. */
const callApi = (apiKey: string): string => `called-with-${apiKey.slice(0, 4)}...`;

/**
 * As on the Python page: the key is fetched in the workflow body, which runs again on every
 * invocation. Within the provider's cache age a replay in the same execution environment gets the
 * cached value, so a key rotated during the wait is not seen.
 */
export const createBodyFetchHandler = (provider: BaseProvider) =>
  withDurableExecution(async (_event: unknown, context: DurableContext): Promise<string[]> => {
    // Parameters may come from cache if replay hits the same execution environment within the TTL
    // (Powertools' default cache age is 5 s; 60 s here makes that certain for the 1 s wait below).
    const apiKey = String(await provider.get('/orders/api-key', { maxAge: 60 }));
    const first = await context.step('call_api', async () => callApi(apiKey));
    await context.wait({ seconds: 1 }); // not in the Python example: ends the first invocation
    const second = await context.step('call_api_again', async () => callApi(apiKey));
    return [first, second];
  });

/**
 * The freshness advice: fetch inside the step that uses the value, bypassing the cache. A step runs
 * once and its result is checkpointed, so replays neither fetch again nor see a different value.
 */
export const createStepFetchHandler = (provider: BaseProvider) =>
  withDurableExecution(async (_event: unknown, context: DurableContext): Promise<string[]> => {
    const fresh = async () => String(await provider.get('/orders/api-key', { forceFetch: true }));
    const first = await context.step('call_api', async () => callApi(await fresh()));
    await context.wait({ seconds: 1 });
    const second = await context.step('call_api_again', async () => callApi(await fresh()));
    return [first, second];
  });

/** As deployed, with the AWS Parameters and Secrets Lambda Extension layer on the function. */
export const handler = createStepFetchHandler(new ParametersExtensionProvider());
