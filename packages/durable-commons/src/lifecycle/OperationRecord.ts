import type { DurableContext, OperationInfo } from '@aws/durable-execution-sdk-js';
import type { LifecycleOperation, LifecycleOperationKind } from '../types/lifecycle.js';

/** The core's record of one operation frame; utilities see it as a {@link LifecycleOperation}. */
export class OperationRecord implements LifecycleOperation {
  public readonly kind: LifecycleOperationKind;
  public readonly id: string;
  public readonly name: string | undefined;
  public readonly type: string;
  public readonly subType: string | undefined;
  public readonly parentId: string | undefined;
  public readonly attempt: number | undefined;
  public readonly replaying: boolean;
  public readonly virtual: boolean;
  public readonly parent: OperationRecord | undefined;
  #context: DurableContext | undefined;

  public constructor(
    kind: LifecycleOperationKind,
    info: OperationInfo,
    parent: OperationRecord | undefined,
    replaying: boolean,
    virtual = false,
  ) {
    this.kind = kind;
    this.id = info.id;
    this.name = info.name;
    this.type = info.type;
    this.subType = info.subType;
    this.parentId = info.parentId;
    this.attempt = kind === 'attempt' ? info.attempt : undefined;
    this.parent = parent;
    this.replaying = replaying;
    this.virtual = virtual;
  }

  public get context(): DurableContext | undefined {
    return this.#context;
  }

  /** Links the child context object the frame's function received (see `bindDurableContext`). */
  public bindContext(context: DurableContext): void {
    this.#context ??= context;
  }
}
