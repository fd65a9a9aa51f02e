import { Tracer } from '@aws-lambda-powertools/tracer';
import type { LifecycleInvocation } from '@durable-powertools/commons';

/** How invocations are traced: the Tracer and the options of the plugin or middleware. */
export interface TracerRegistration {
  readonly tracer: Tracer;
  readonly captureResponse: boolean;
  readonly traceOperations: boolean;
}

interface Registry {
  /** Settings a `DurableTracerPlugin` instance carries for the handler it is registered with. */
  readonly byPlugin: WeakMap<object, TracerRegistration>;
  /** Set by the `durableTracer()` middleware where it is constructed: for the one plugin line. */
  fallback: TracerRegistration | undefined;
}

const REGISTRY_KEY = Symbol.for('@durable-powertools/tracer.registry.v1');
const slots = globalThis as Record<symbol, Registry | undefined>;
slots[REGISTRY_KEY] ??= { byPlugin: new WeakMap(), fallback: undefined };
const registry: Registry = slots[REGISTRY_KEY];

/** Settings carried by one plugin instance (`new DurableTracerPlugin({ tracer })`). */
export const registerForPlugin = (plugin: object, registration: TracerRegistration): void => {
  registry.byPlugin.set(plugin, registration);
};

/** Settings of the `durableTracer()` middleware, used when the plugin carries none. */
export const registerFallback = (registration: TracerRegistration): void => {
  registry.fallback = registration;
};

/** How `invocation` is traced, or `undefined` when nothing registered a Tracer. */
export const registrationFor = (invocation: LifecycleInvocation): TracerRegistration | undefined =>
  registry.byPlugin.get(invocation.plugin) ?? registry.fallback;

/** A Tracer of the plugin's own: it must not patch http/https/fetch a second time. */
export const defaultTracer = (): Tracer => new Tracer({ captureHTTPsRequests: false });
