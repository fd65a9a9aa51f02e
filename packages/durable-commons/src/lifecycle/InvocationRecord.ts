import type { DurableContext, OperationInfo } from '@aws/durable-execution-sdk-js';
import type { InvocationEnd, LifecycleInvocation } from '../types/lifecycle.js';
import { OperationRecord } from './OperationRecord.js';

/** What an {@link InvocationRecord} is created from (the SDK's `InvocationInfo`). */
export interface InvocationRecordInit {
  readonly executionArn: string;
  readonly requestId: string;
  readonly index: number;
  readonly isFirstInvocation: boolean;
  readonly executionStartTimestamp: Date | undefined;
  readonly operations: Readonly<Record<string, OperationInfo>>;
  readonly updatedOperations: Readonly<Record<string, OperationInfo>>;
  /** The plugin instance that drives this invocation (another registered copy stays passive). */
  readonly owner: object;
}

/** The core's record of one invocation; utilities see it as a {@link LifecycleInvocation}. */
export class InvocationRecord implements LifecycleInvocation {
  public readonly executionArn: string;
  public readonly requestId: string;
  public readonly index: number;
  public readonly isFirstInvocation: boolean;
  public readonly startedAt = Date.now();
  public readonly executionStartTimestamp: Date | undefined;
  public readonly operations: Readonly<Record<string, OperationInfo>>;
  public readonly updatedOperations: Readonly<Record<string, OperationInfo>>;
  public readonly owner: object;
  #end: InvocationEnd | undefined;
  #rootContext: DurableContext | undefined;
  readonly #slots = new Map<symbol, unknown>();
  readonly #replayed = new Map<string, OperationRecord>();
  readonly #checkpointedHere = new Set<string>();
  #hasFinishedChildren: boolean | undefined;

  public constructor(init: InvocationRecordInit) {
    this.executionArn = init.executionArn;
    this.requestId = init.requestId;
    this.index = init.index;
    this.isFirstInvocation = init.isFirstInvocation;
    this.executionStartTimestamp = init.executionStartTimestamp;
    this.operations = init.operations;
    this.updatedOperations = init.updatedOperations;
    this.owner = init.owner;
  }

  public get plugin(): object {
    return this.owner;
  }

  public get end(): InvocationEnd | undefined {
    return this.#end;
  }

  public get rootContext(): DurableContext | undefined {
    return this.#rootContext;
  }

  public slot<T>(key: symbol, create: () => T): T {
    if (this.#slots.has(key)) return this.#slots.get(key) as T;
    const value = create();
    this.#slots.set(key, value);
    return value;
  }

  /** Records the SDK's end report; `false` if one was already recorded. */
  public finish(end: InvocationEnd): boolean {
    if (this.#end !== undefined) return false;
    this.#end = end;
    return true;
  }

  public bindRoot(context: DurableContext): void {
    this.#rootContext = context;
  }

  /**
   * The frame of a finished child context the SDK re-runs without `wrapChildContextFn` (to rebuild
   * a result too large to checkpoint): always replaying.
   */
  public replayedOperation(id: string): OperationRecord {
    let operation = this.#replayed.get(id);
    if (operation === undefined) {
      const info = this.operations[id];
      operation = new OperationRecord(
        'childContext',
        {
          id,
          name: info?.name,
          type: info?.type ?? 'CONTEXT',
          subType: info?.subType,
          parentId: info?.parentId,
          isReplay: true,
        },
        undefined,
        true,
      );
      this.#replayed.set(id, operation);
    }
    return operation;
  }

  /**
   * Whether the history holds a finished child context: only then can the SDK re-run one without a
   * plugin hook (to rebuild a result too large to checkpoint).
   */
  public get hasFinishedChildren(): boolean {
    this.#hasFinishedChildren ??= Object.values(this.operations).some(
      (operation) => operation.type === 'CONTEXT' && operation.status === 'SUCCEEDED',
    );
    return this.#hasFinishedChildren;
  }

  /** Notes a child context the SDK checkpointed as started in this invocation. */
  public noteCheckpointed(id: string): void {
    this.#checkpointedHere.add(id);
  }

  /**
   * Whether child context `id` is virtual (FLAT): it is neither in the checkpoint history nor
   * checkpointed as started in this invocation.
   */
  public isVirtual(id: string): boolean {
    return !(id in this.operations) && !this.#checkpointedHere.has(id);
  }

  /** Whether the operation `id` had finished (succeeded or failed) before this invocation began. */
  public finishedBefore(id: string | undefined): boolean {
    if (id === undefined) return false;
    const status = this.operations[id]?.status;
    return status === 'SUCCEEDED' || status === 'FAILED';
  }
}
