import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  AttemptEndInfo,
  AttemptInfo,
  DurableExecutionInvocationOutput,
  DurableInstrumentationPlugin,
  InvocationEndInfo,
  InvocationInfo,
  OperationEndInfo,
  OperationInfo,
} from '@aws/durable-execution-sdk-js';
import { DurablePowertoolsPlugin, type DurableSubscriber, subscribe } from '../src/index.js';

/**
 * The factory shape the SDK's open change proposes for Lambda Managed Instances: one plugin
 * instance per invocation. `onInvocationStart` creates a fresh `DurablePowertoolsPlugin` and every
 * other hook of that invocation is delegated to it (invocation hooks by execution ARN, operation
 * hooks through the async context of the invocation).
 */
export class PerInvocationPlugin implements DurableInstrumentationPlugin {
  /** How many `DurablePowertoolsPlugin` instances this adapter created. */
  public created = 0;
  readonly #byExecution = new Map<string, DurablePowertoolsPlugin>();
  readonly #current = new AsyncLocalStorage<DurablePowertoolsPlugin>();

  public async onInvocationStart(info: InvocationInfo): Promise<void> {
    const instance = new DurablePowertoolsPlugin();
    this.created++;
    this.#byExecution.set(info.executionArn, instance);
    await instance.onInvocationStart(info);
  }

  public wrapInvocation(
    info: InvocationInfo,
    fn: () => Promise<DurableExecutionInvocationOutput>,
  ): Promise<DurableExecutionInvocationOutput> {
    const instance = this.#byExecution.get(info.executionArn);
    if (instance === undefined) return fn();
    return this.#current.run(instance, () => instance.wrapInvocation(info, fn));
  }

  public async onInvocationEnd(info: InvocationEndInfo): Promise<void> {
    const instance = this.#byExecution.get(info.executionArn);
    this.#byExecution.delete(info.executionArn);
    await instance?.onInvocationEnd(info);
  }

  public async onOperationStart(info: OperationInfo): Promise<void> {
    await this.#current.getStore()?.onOperationStart(info);
  }

  public async onOperationEnd(info: OperationEndInfo): Promise<void> {
    await this.#current.getStore()?.onOperationEnd(info);
  }

  public async onOperationAttemptStart(_info: AttemptInfo): Promise<void> {
    // DurablePowertoolsPlugin does not implement it: nothing to delegate.
  }

  public async onOperationAttemptEnd(_info: AttemptEndInfo): Promise<void> {
    // DurablePowertoolsPlugin does not implement it: nothing to delegate.
  }

  public wrapChildContextFn(info: OperationInfo, fn: () => unknown): unknown {
    const instance = this.#current.getStore();
    return instance === undefined ? fn() : instance.wrapChildContextFn(info, fn);
  }

  public wrapOperationAttemptFn(info: AttemptInfo, fn: () => unknown): unknown {
    const instance = this.#current.getStore();
    return instance === undefined ? fn() : instance.wrapOperationAttemptFn(info, fn);
  }

  public enrichLogContext(): Record<string, string | number | boolean> | undefined {
    return this.#current.getStore()?.enrichLogContext();
  }
}

/** An unrelated instrumentation plugin that implements every hook and does nothing. */
export class NoopPlugin implements DurableInstrumentationPlugin {
  public async onInvocationStart(): Promise<void> {}
  public wrapInvocation(
    _info: InvocationInfo,
    fn: () => Promise<DurableExecutionInvocationOutput>,
  ): Promise<DurableExecutionInvocationOutput> {
    return fn();
  }
  public async onInvocationEnd(): Promise<void> {}
  public async onOperationStart(): Promise<void> {}
  public async onOperationEnd(): Promise<void> {}
  public async onOperationAttemptStart(): Promise<void> {}
  public async onOperationAttemptEnd(): Promise<void> {}
  public async onOperationChange(): Promise<void> {}
  public wrapChildContextFn(_info: OperationInfo, fn: () => unknown): unknown {
    return fn();
  }
  public wrapOperationAttemptFn(_info: AttemptInfo, fn: () => unknown): unknown {
    return fn();
  }
  public enrichLogContext(): undefined {
    return undefined;
  }
}

/** The plugin lists the SDK may be given, by name: output must not depend on which one. */
export const pluginShapes: Record<string, () => DurableInstrumentationPlugin[]> = {
  'one instance': () => [new DurablePowertoolsPlugin()],
  'a fresh instance per invocation': () => [new PerInvocationPlugin()],
  'two instances': () => [new DurablePowertoolsPlugin(), new DurablePowertoolsPlugin()],
  'no-op plugin first': () => [new NoopPlugin(), new DurablePowertoolsPlugin()],
  'no-op plugin last': () => [new DurablePowertoolsPlugin(), new NoopPlugin()],
  'instance, no-op, instance': () => [
    new DurablePowertoolsPlugin(),
    new NoopPlugin(),
    new DurablePowertoolsPlugin(),
  ],
  'two instances, then no-op': () => [
    new DurablePowertoolsPlugin(),
    new DurablePowertoolsPlugin(),
    new NoopPlugin(),
  ],
  'no-op, then two instances': () => [
    new NoopPlugin(),
    new DurablePowertoolsPlugin(),
    new DurablePowertoolsPlugin(),
  ],
  'per-invocation adapter, then an instance': () => [
    new PerInvocationPlugin(),
    new DurablePowertoolsPlugin(),
  ],
  'an instance, then the per-invocation adapter': () => [
    new DurablePowertoolsPlugin(),
    new PerInvocationPlugin(),
  ],
};

/**
 * Subscribes `hooks` for one test, keeping only what concerns the executions whose ARN the test
 * adds to `arns` (tests of one file may run at once); `events()` lists what was pushed.
 */
export const recordFor = (
  arns: Set<string>,
  hooks: (push: (arn: string, text: string) => void) => Omit<DurableSubscriber, 'name'>,
): { events: () => string[]; unsubscribe: () => void } => {
  const seen: { arn: string; text: string }[] = [];
  const push = (arn: string, text: string): void => {
    seen.push({ arn, text });
  };
  const unsubscribe = subscribe({ name: 'test-recorder', ...hooks(push) });
  return {
    events: () => seen.filter(({ arn }) => arns.has(arn)).map(({ text }) => text),
    unsubscribe,
  };
};

/** The lifecycle as the recorder of most tests sees it: invocations, child contexts, attempts. */
export const recordLifecycle = (arns: Set<string>) =>
  recordFor(arns, (push) => ({
    onInvocationStart: (invocation) => push(invocation.executionArn, `start ${invocation.index}`),
    onInvocationEnd: (invocation, end) =>
      push(invocation.executionArn, `end ${invocation.index} ${end.status}`),
    onChildContextStart: (operation, invocation) =>
      push(invocation.executionArn, `child ${operation.name}`),
    onChildContextEnd: (operation, invocation) =>
      push(invocation.executionArn, `child-end ${operation.name}`),
    onOperationAttemptStart: (operation, invocation) =>
      push(invocation.executionArn, `attempt ${operation.name} ${operation.attempt}`),
  }));
