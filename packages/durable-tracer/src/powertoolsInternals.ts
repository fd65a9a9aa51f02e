import { getXrayTraceDataFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { warnOnce } from '@durable-powertools/commons';

// Every read or write of a member that Powertools Tracer (or the aws-xray-sdk-core it wraps) does not
// document goes through this module, guarded: when a member is missing, a one-time warning names what
// degrades, and tracing degrades instead of failing the invocation. tests/unit/powertoolsInternals.test.ts
// checks every member against the installed packages.

/** An X-Ray segment or subsegment, as Powertools Tracer hands it out (`tracer.getSegment()`). */
export type TraceSegment = NonNullable<ReturnType<Tracer['getSegment']>>;

/** An X-Ray subsegment: what `addNewSubsegment` opens. */
export type TraceSubsegment = ReturnType<TraceSegment['addNewSubsegment']>;

const DRIFT = 'DURABLE_POWERTOOLS_POWERTOOLS_DRIFT';

/**
 * The fields of aws-xray-sdk-core's Lambda facade segment (`env/aws_lambda.js`, `facadeSegment`)
 * this package reads or sets, with the type each must have.
 */
export const FACADE_FIELDS = {
  facade: 'boolean',
  trace_id: 'string',
  id: 'string',
  counter: 'number',
  resolveLambdaTraceData: 'function',
  addNewSubsegment: 'function',
} as const;

/** The members of the X-Ray context namespace (`tracer.provider.getNamespace()`) this package calls. */
export const NAMESPACE_METHODS = ['runAndReturn', 'set', 'get'] as const;

type Fields = Record<string | symbol, unknown>;

/** The facade fields `segment` lacks or has with another type. */
export const missingFacadeFields = (segment: unknown): string[] =>
  Object.entries(FACADE_FIELDS)
    .filter(([field, type]) => typeof (segment as Fields | undefined)?.[field] !== type)
    .map(([field]) => field);

const ORIGINAL = Symbol('@durable-powertools/tracer.facade');

/** The process's facade segment `segment` is or belongs to (a leftover active subsegment's root). */
const facadeOf = (segment: TraceSegment): Fields | undefined => {
  const candidates = [segment, (segment as unknown as Fields).segment] as (Fields | undefined)[];
  const found = candidates.find((candidate) => candidate?.facade === true);
  return (found?.[ORIGINAL] as Fields | undefined) ?? found;
};

/**
 * The Lambda segment the invocation running now gets its handler subsegment under.
 *
 * In Lambda, aws-xray-sdk-core keeps ONE facade segment per process and rewrites its `trace_id`,
 * `id` (the header's `Parent`: the id of the invocation's Lambda segment) and sampling whenever the
 * current header changes; a subsegment reads them from that facade when it is sent. So an
 * invocation whose subsegments are sent after another invocation started (Lambda Managed Instances,
 * where invocations overlap in one process) would land in the other invocation's trace. This returns
 * an object of the invocation's own instead: the facade's behaviour (it inherits from it), with the
 * `Root`, `Parent` and `Sampled` of this invocation's header (read as Powertools reads it: the
 * invoke store first, then `_X_AMZN_TRACE_ID`), as `LambdaUtils.populateTraceData` would set them.
 *
 * Without a header, or when the facade's shape is not the expected one, it returns the shared
 * segment, as Powertools' `captureLambdaHandler` uses it.
 */
export const invocationLambdaSegment = (tracer: Tracer): TraceSegment | undefined => {
  const shared = tracer.provider.getSegment(); // without Powertools' warning when there is none
  const header = getXrayTraceDataFromEnv();
  if (shared === undefined || header?.Root === undefined) return shared;
  const facade = facadeOf(shared);
  const missing = missingFacadeFields(facade);
  if (facade === undefined || missing.length > 0) {
    warnOnce(
      'tracer:facade',
      `@durable-powertools/tracer: the X-Ray Lambda facade segment lacks ${missing.join(', ')} ` +
        '(aws-xray-sdk-core changed): handler subsegments go under the shared facade, so invocations ' +
        'that overlap in one process (Lambda Managed Instances) may be sent with another invocation’s trace id.',
      DRIFT,
    );
    return shared;
  }
  const own = Object.create(facade) as Fields;
  Object.assign(own, {
    [ORIGINAL]: facade,
    trace_id: header.Root,
    id: header.Parent ?? facade.id,
    notTraced: header.Sampled !== '1',
    noOp: header.Parent === undefined && header.Sampled === undefined,
    counter: 1, // as the facade's: its subsegments are sent as soon as they close
    subsegments: undefined,
    resolveLambdaTraceData: () => undefined, // fixed for the invocation: never re-read the header
  });
  return own as unknown as TraceSegment;
};

/** X-Ray context namespaces found to have every method `withActiveSegment` uses. */
const checkedNamespaces = new WeakSet<object>();

/**
 * Runs `fn` in an X-Ray context whose active segment is `segment` (a fresh one unless it already is), so that Powertools' helpers
 * (`annotateColdStart`, `addErrorAsMetadata`, …) and the X-Ray SDK's own instrumentation write to it,
 * whatever user code set as active segment in the surrounding context.
 */
export const withActiveSegment = <T>(tracer: Tracer, segment: TraceSegment, fn: () => T): T => {
  const namespace = tracer.provider.getNamespace() as unknown as Fields;
  const missing = checkedNamespaces.has(namespace)
    ? []
    : NAMESPACE_METHODS.filter((method) => typeof namespace?.[method] !== 'function');
  if (missing.length === 0) checkedNamespaces.add(namespace);
  else {
    warnOnce(
      'tracer:namespace',
      `@durable-powertools/tracer: the X-Ray context namespace lacks ${missing.join(', ')} ` +
        '(aws-xray-sdk-core changed): subsegments and annotations go to the segment active around them.',
      DRIFT,
    );
    return fn();
  }
  const { runAndReturn, set, get } = namespace as {
    runAndReturn: <R>(fn: () => R) => R;
    set: (key: string, value: unknown) => void;
    get: (key: string) => unknown;
  };
  // Already the active segment of the current context (closing the handler subsegment from inside
  // the context it was opened in): a fresh context would change nothing and costs an async hook.
  if (get.call(namespace, 'segment') === segment) return fn();
  return runAndReturn.call(namespace, () => {
    set.call(namespace, 'segment', segment);
    return fn();
  }) as T;
};

/**
 * Closes the subsegments under `segment` that are still open, deepest first. X-Ray sends a closed
 * subsegment only once all its children are closed; a subsegment that spans a suspension (opened
 * before a wait, never reached again) would otherwise keep the handler subsegment from being sent.
 */
export const closeOpenDescendants = (segment: TraceSegment): void => {
  const children = (segment as unknown as Fields).subsegments;
  if (children !== undefined && !Array.isArray(children)) {
    warnOnce(
      'tracer:subsegments',
      '@durable-powertools/tracer: an X-Ray segment’s `subsegments` is not an array (aws-xray-sdk-core ' +
        'changed): subsegments left open by a suspension are not closed, and their handler subsegment is not sent.',
      DRIFT,
    );
    return;
  }
  for (const child of (children ?? []) as TraceSubsegment[]) {
    closeOpenDescendants(child);
    if (!child.isClosed()) child.close();
  }
};
