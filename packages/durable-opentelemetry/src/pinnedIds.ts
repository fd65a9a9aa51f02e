/**
 * The ids the next span the tracer provider creates must get. OpenTelemetry's API has no way to
 * choose a span's ids; the SDK takes them from its `IdGenerator`, synchronously inside
 * `tracer.startSpan`. {@link withPinnedIds} sets them just around that call and
 * {@link DurableIdGenerator} hands them out, so nothing outlives the synchronous call.
 */
export interface PinnedIds {
  traceId?: string;
  spanId?: string;
}

// On a registered symbol: the plugin the SDK loads from DURABLE_EXECUTION_PLUGINS and the generator
// the user gives the provider may come from two copies of this package (ESM and CJS, or bundled).
const SLOT = Symbol.for('@durable-powertools/opentelemetry.pinnedIds');
const registry = globalThis as { [SLOT]?: PinnedIds | undefined };

/** Runs `start` (a synchronous `tracer.startSpan`) with `ids` pinned, and unpins them. */
export const withPinnedIds = <T>(ids: PinnedIds, start: () => T): T => {
  const previous = registry[SLOT];
  registry[SLOT] = { ...ids };
  try {
    return start();
  } finally {
    registry[SLOT] = previous;
  }
};

/** Takes the pinned trace id, if any (each pinned id is handed out once). */
export const takePinnedTraceId = (): string | undefined => {
  const slot = registry[SLOT];
  const id = slot?.traceId;
  if (slot !== undefined) slot.traceId = undefined;
  return id;
};

/** Takes the pinned span id, if any. */
export const takePinnedSpanId = (): string | undefined => {
  const slot = registry[SLOT];
  const id = slot?.spanId;
  if (slot !== undefined) slot.spanId = undefined;
  return id;
};
