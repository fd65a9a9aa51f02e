import type { Tracer } from '@aws-lambda-powertools/tracer';
import { type DurableOperation, defineSlot, type InvocationEnd } from '@durable-powertools/commons';
import type { TracerSettings } from './options.js';
import type { TraceSubsegment } from './powertoolsInternals.js';

/** One invocation's tracing: created by the subscriber, adjusted by the middleware. */
export interface InvocationScope {
  /** `undefined` when tracing is disabled or there is no segment to attach to. */
  readonly handlerSubsegment: TraceSubsegment | undefined;
  /** The `### <name>` subsegment of each live child context of the invocation, by its core frame. */
  readonly subsegments: WeakMap<DurableOperation, TraceSubsegment>;
  /** When each virtual (FLAT) item started, in seconds: its subsegment opens with live work inside it. */
  readonly deferred: WeakMap<DurableOperation, number>;
  /** The Tracer whose settings apply to the response and error metadata (the middleware's, if any). */
  tracer: Tracer;
  /** The registered setting, overwritten by the middleware's. */
  captureResponse: boolean;
  /** What the SDK reported when the invocation ended (result or error of the execution). */
  end: InvocationEnd | undefined;
}

/** The tracing scope of each invocation. */
export const invocationScopes = defineSlot<{ scope: InvocationScope | undefined }>(
  '@durable-powertools/tracer.invocationScope.v2',
  () => ({ scope: undefined }),
);

/**
 * The settings registered where `durableTracer(...)` (or the decorator, the wrapper) was built, for
 * every invocation in the process (the latest registration wins): the handler subsegment opens in
 * the core's `wrapInvocation`, before any middleware runs. Keyed on a registered symbol so that an
 * ESM and a CJS copy share it.
 */
const globals = globalThis as Record<symbol, { settings?: TracerSettings }>;
const SETTINGS_KEY = Symbol.for('@durable-powertools/tracer.settings.v2');
globals[SETTINGS_KEY] ??= {};
export const registry = globals[SETTINGS_KEY];
