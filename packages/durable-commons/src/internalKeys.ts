/**
 * Builds the namespaced `request.internal` key under which a durable-powertools middleware keeps its
 * per-request state, so that middlewares never collide with each other or with user middlewares.
 *
 * @param utility - the utility's short name, e.g. `logger`
 * @param name - what is stored, e.g. `invocation`
 *
 * @example
 * ```ts
 * const INVOCATION_KEY = internalKey('metrics', 'invocation'); // 'durable-powertools.metrics.invocation'
 * request.internal[INVOCATION_KEY] = describeInvocation(request.context);
 * ```
 */
export const internalKey = (utility: string, name: string): string =>
  `durable-powertools.${utility}.${name}`;
