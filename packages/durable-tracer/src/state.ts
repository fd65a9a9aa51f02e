import type { Tracer } from '@aws-lambda-powertools/tracer';
import { defineSlot, type InvocationEnd } from '@durable-powertools/commons';
import type { TracerSettings } from './options.js';
import type { TraceSubsegment } from './powertoolsInternals.js';

/**
 * What one invocation's tracing knows: created by the subscriber around the invocation, read and
 * adjusted by the middleware, kept in the core's per-invocation slot.
 */
export interface InvocationScope {
  /** `undefined` when tracing is disabled or there is no segment to attach to. */
  readonly handlerSubsegment: TraceSubsegment | undefined;
  /** The Tracer whose settings apply to the response and error metadata (the middleware's, if any). */
  tracer: Tracer;
  /** Set by the middleware; wins over the registered settings. */
  captureResponse: boolean | undefined;
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
 * every invocation in the process: the handler subsegment opens in the core's `wrapInvocation`,
 * before any middleware runs. Keyed on a registered symbol so that an ESM and a CJS copy share it.
 */
const SETTINGS_KEY = Symbol.for('@durable-powertools/tracer.settings.v2');
const globals = globalThis as Record<symbol, { settings: TracerSettings | undefined } | undefined>;
globals[SETTINGS_KEY] ??= { settings: undefined };
const registry = globals[SETTINGS_KEY];

/** Registers `settings` for every invocation (the latest registration wins). */
export const registerSettings = (settings: TracerSettings): void => {
  registry.settings = settings;
};

/** The registered settings, if any entry point was built. */
export const registeredSettings = (): TracerSettings | undefined => registry.settings;
