import { Logger } from '@aws-lambda-powertools/logger';

/** What `createChild` is on `Logger.prototype`. */
type CreateChild = (this: Logger, options?: object) => Logger;

interface ChildRegistry {
  /** The logger each child was created from. */
  readonly parents: WeakMap<Logger, Logger>;
  /** The children created from each logger (weakly held: a dropped child is forgotten). */
  readonly children: WeakMap<Logger, Set<WeakRef<Logger>>>;
  /** Called with each new child, so that a child of a routed logger is routed at once. */
  onChild: ((child: Logger, parent: Logger) => void) | undefined;
}

const REGISTRY_KEY = Symbol.for('@durable-powertools/logger.children.v1');
const slots = globalThis as Record<symbol, ChildRegistry | undefined>;
slots[REGISTRY_KEY] ??= { parents: new WeakMap(), children: new WeakMap(), onChild: undefined };
const registry: ChildRegistry = slots[REGISTRY_KEY];

const PATCHED = Symbol.for('@durable-powertools/logger.createChild.v1');
const prototype = Logger.prototype as unknown as Record<PropertyKey, unknown> & {
  createChild: CreateChild;
};

/**
 * `Logger.prototype.createChild` as Powertools defines it, before this package records parents.
 * Recording happens when this package is first imported, so children created at module load
 * (before any middleware, decorator or attach call exists) are linked to their parent too.
 */
export const originalCreateChild: CreateChild =
  (prototype[PATCHED] as CreateChild | undefined) ?? prototype.createChild;

if (prototype[PATCHED] === undefined) {
  prototype[PATCHED] = originalCreateChild;
  // Only records the link; the child is exactly what Powertools creates.
  prototype.createChild = function recordedCreateChild(this: Logger, options?: object): Logger {
    const child = originalCreateChild.call(this, options);
    registry.parents.set(child, this);
    let children = registry.children.get(this);
    if (children === undefined) {
      children = new Set();
      registry.children.set(this, children);
    }
    children.add(new WeakRef(child));
    registry.onChild?.(child, this);
    return child;
  };
}

/** The logger at the top of `logger`'s `createChild` chain (itself if it is not a child). */
export const rootLoggerOf = (logger: Logger): Logger => {
  let current = logger;
  for (let parent = registry.parents.get(current); parent !== undefined; ) {
    current = parent;
    parent = registry.parents.get(current);
  }
  return current;
};

/** Every live logger created with `createChild` from `logger`, their children included. */
export const descendantsOf = (logger: Logger): Logger[] => {
  const found: Logger[] = [];
  const visit = (parent: Logger): void => {
    const children = registry.children.get(parent);
    if (children === undefined) return;
    for (const reference of children) {
      const child = reference.deref();
      if (child === undefined) {
        children.delete(reference);
        continue;
      }
      found.push(child);
      visit(child);
    }
  };
  visit(logger);
  return found;
};

/** Registers what to do with each child created from now on (routing it like its parent). */
export const onChildCreated = (handler: (child: Logger, parent: Logger) => void): void => {
  registry.onChild = handler;
};
