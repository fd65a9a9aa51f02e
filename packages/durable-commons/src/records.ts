import type { DurableContext, OperationInfo } from '@aws/durable-execution-sdk-js';
import type {
  DurableInvocation,
  DurableOperation,
  DurableOperationKind,
  InvocationEnd,
} from './types.js';

/** What an {@link InvocationRecord} is created from (the SDK's `InvocationInfo`). */
export type InvocationRecordInit = Omit<DurableInvocation, 'startedAt' | 'end' | 'rootContext'> & {
  /** Whether the history holds a finished child context (the SDK may re-run one without a hook). */
  readonly hasFinishedChildren: boolean;
};

/** The core's record of one operation frame; utilities see it as a {@link DurableOperation}. */
export class OperationRecord implements DurableOperation {
  public readonly kind: DurableOperationKind;
  public readonly parent: OperationRecord | undefined;
  public readonly replaying: boolean;
  public readonly virtual: boolean;
  public readonly id: string;
  public readonly name: string | undefined;
  public readonly type: string;
  public readonly subType: string | undefined;
  public readonly parentId: string | undefined;
  public readonly attempt: number | undefined;
  #context: DurableContext | undefined;

  public constructor(
    kind: DurableOperationKind,
    info: OperationInfo,
    parent: OperationRecord | undefined,
    replaying: boolean,
    virtual = false,
  ) {
    this.kind = kind;
    this.parent = parent;
    this.replaying = replaying;
    this.virtual = virtual;
    this.id = info.id;
    this.name = info.name;
    this.type = info.type;
    this.subType = info.subType;
    this.parentId = info.parentId;
    this.attempt = kind === 'attempt' ? info.attempt : undefined;
  }

  public get context(): DurableContext | undefined {
    return this.#context;
  }

  /** Links the child context object the frame's function received; `false` if already linked. */
  public bindContext(context: DurableContext): boolean {
    if (this.#context !== undefined) return false;
    this.#context = context;
    return true;
  }
}

/**
 * The core's record of one invocation; utilities see it as a {@link DurableInvocation}. It knows
 * which registered plugin instance drives it (`drives`), so that several instances, or one fresh
 * instance per invocation, give the same output; no plugin instance carries state or settings.
 */
export class InvocationRecord implements DurableInvocation {
  public readonly executionArn: string;
  public readonly requestId: string;
  public readonly index: number;
  public readonly isFirstInvocation: boolean;
  public readonly startedAt = Date.now();
  public readonly executionStartTimestamp: Date | undefined;
  public readonly operations: Readonly<Record<string, OperationInfo>>;
  public readonly updatedOperations: Readonly<Record<string, OperationInfo>>;
  /** Whether the history holds a finished child context: only then can the SDK re-run one without a hook. */
  readonly hasFinishedChildren: boolean;
  readonly slots = new Map<symbol, unknown>();
  readonly #driver: object;
  #end: InvocationEnd | undefined;
  #rootContext: DurableContext | undefined;
  readonly #replayed = new Map<string, OperationRecord>();
  readonly #checkpointedHere = new Set<string>();

  public constructor(init: InvocationRecordInit, driver: object) {
    this.executionArn = init.executionArn;
    this.requestId = init.requestId;
    this.index = init.index;
    this.isFirstInvocation = init.isFirstInvocation;
    this.executionStartTimestamp = init.executionStartTimestamp;
    this.operations = init.operations;
    this.updatedOperations = init.updatedOperations;
    this.hasFinishedChildren = init.hasFinishedChildren;
    this.#driver = driver;
  }

  /** Whether `plugin` is the registered instance that drives this invocation. */
  public drivenBy(plugin: object): boolean {
    return this.#driver === plugin;
  }

  public get end(): InvocationEnd | undefined {
    return this.#end;
  }

  public get rootContext(): DurableContext | undefined {
    return this.#rootContext;
  }

  /** Records the SDK's end report; `false` if one was already recorded. */
  public finish(end: InvocationEnd): boolean {
    if (this.#end !== undefined) return false;
    this.#end = end;
    return true;
  }

  /** Links the root context; `false` if it was already linked. */
  public bindRoot(context: DurableContext): boolean {
    if (this.#rootContext === context) return false;
    this.#rootContext = context;
    return true;
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

  /** Notes a child context the SDK checkpointed as started in this invocation. */
  public noteCheckpointed(id: string): void {
    this.#checkpointedHere.add(id);
  }

  /**
   * Whether child context `id` is virtual (FLAT): neither in the checkpoint history nor
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
