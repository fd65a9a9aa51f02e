import type {
  DurableContext,
  DurableExecutionInvocationInput,
  DurableLambdaHandler,
} from '@aws/durable-execution-sdk-js';
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import type { Context } from 'aws-lambda';

/** One thing a record handler did, and in which invocation of the execution. */
export interface Entry {
  invocation: number;
  what: string;
}

/**
 * What a run's handlers did, by invocation: the test's model of one execution is compared with it.
 * `handler()` counts invocations itself, so entries say where each side effect happened.
 */
export class Journal {
  public readonly entries: Entry[] = [];
  #invocation = 0;

  /** Records `what` in the current invocation. */
  public note(what: string): void {
    this.entries.push({ invocation: this.#invocation, what });
  }

  /** How many times `what` was noted. */
  public count(what: string): number {
    return this.entries.filter((entry) => entry.what === what).length;
  }

  /** The invocations in which `what` was noted. */
  public invocationsOf(what: string): number[] {
    return this.entries.filter((entry) => entry.what === what).map((entry) => entry.invocation);
  }

  /** `workflow` as a durable handler whose invocations this journal counts. */
  public handler(
    // biome-ignore lint/suspicious/noExplicitAny: test workflows take whatever event their scenario sends
    workflow: (event: any, context: DurableContext) => Promise<unknown>,
    durable: (handler: typeof workflow) => DurableLambdaHandler = withDurableExecution,
  ): DurableLambdaHandler {
    const handler = durable(workflow);
    return ((input: DurableExecutionInvocationInput, context: Context) => {
      this.#invocation++;
      return handler(input, context);
    }) as DurableLambdaHandler;
  }
}
