import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { DurablePowertoolsPlugin } from '@durable-powertools/opentelemetry';
import { type DurableRunResult, runDurable } from '@durable-powertools/testing';
import { vi } from 'vitest';

/**
 * Runs reserve, a 1 s wait (the invocation ends there), charge under the plugin, and returns what
 * `console.warn` received meanwhile (silenced), in order. Invocations: 2.
 */
export const runReserveWaitChargeCollectingWarnings = async (): Promise<{
  result: DurableRunResult<string>;
  warnings: string[];
}> => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    const handler = withDurableExecution(
      async (_event: unknown, context: DurableContext) => {
        await context.step('reserve', async () => 'reserved');
        await context.wait({ seconds: 1 });
        return context.step('charge', async () => 'charged');
      },
      { plugins: [new DurablePowertoolsPlugin()] },
    );
    const result = await runDurable<string>(handler, { payload: {} });
    return { result, warnings: warn.mock.calls.map((call) => String(call[0])) };
  } finally {
    warn.mockRestore();
  }
};
