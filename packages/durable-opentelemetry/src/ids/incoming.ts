/**
 * The trace context an invocation arrived with, as Lambda hands it over: the execution's trace id
 * (the same `Root` on every invocation of a durable execution), the id of this invocation's own
 * Lambda segment (`Parent`, new per invocation) and the sampling decision (`undefined`: none given).
 */
export interface IncomingContext {
  readonly traceId: string;
  readonly parentSpanId: string | undefined;
  readonly sampled: boolean | undefined;
}

/** What this package reads of the runtime's invoke store (`@aws/lambda-invoke-store`). */
interface InvokeStoreView {
  hasContext?(): boolean;
  getXRayTraceId?(): string | undefined;
  getTraceparent?(): string | undefined;
}

/** A well-formed id of `length` hex digits, not all zero (an all-zero id is invalid). */
const validId = (id: string | undefined, length: number): id is string =>
  id !== undefined && id.length === length && /^[0-9a-f]+$/.test(id) && !/^0+$/.test(id);

/**
 * Parses an X-Ray trace header, `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1`:
 * the `Root` as a 32-digit trace id, a valid `Parent` as the parent span id, `Sampled=1`/`0` as the
 * decision (anything else: undecided). `undefined` without a valid `Root`.
 */
export const parseXRayHeader = (header: string | undefined): IncomingContext | undefined => {
  const fields = new Map<string, string>();
  for (const part of header?.split(';') ?? []) {
    const at = part.indexOf('=');
    const value = part.slice(at + 1).trim();
    if (at > 0) fields.set(part.slice(0, at).trim(), value.toLowerCase());
  }
  const traceId = fields.get('Root')?.replace(/^1-/, '').replaceAll('-', '');
  if (!validId(traceId, 32)) return undefined;
  const parent = fields.get('Parent');
  const sampled = fields.get('Sampled');
  return {
    traceId,
    parentSpanId: validId(parent, 16) ? parent : undefined,
    sampled: sampled === '1' ? true : sampled === '0' ? false : undefined,
  };
};

/** Parses a W3C `traceparent`, `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`. */
export const parseTraceparent = (value: string | undefined): IncomingContext | undefined => {
  const match = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(
    value?.trim() ?? '',
  );
  if (match === null || match[1] === 'ff' || !validId(match[2], 32) || !validId(match[3], 16)) {
    return undefined;
  }
  return {
    traceId: match[2],
    parentSpanId: match[3],
    sampled: (Number.parseInt(match[4] as string, 16) & 1) === 1,
  };
};

/**
 * The context the invocation running now arrived with. The X-Ray header comes from the invoke store
 * (`globalThis.awslambda.InvokeStore`, the only per-invocation carrier on Lambda Managed Instances,
 * where invocations run concurrently), else from `_X_AMZN_TRACE_ID`; in multi-concurrency mode
 * (`AWS_LAMBDA_MAX_CONCURRENCY`) the process-wide variable is never read, as it may belong to another
 * invocation. Without a valid X-Ray `Root`, the W3C `traceparent` the runtime put in the invoke store.
 */
export const incomingContext = (): IncomingContext | undefined => {
  const store = (globalThis as { awslambda?: { InvokeStore?: InvokeStoreView } }).awslambda
    ?.InvokeStore;
  const local = store?.hasContext?.() === true ? store : undefined;
  const multiConcurrent = process.env.AWS_LAMBDA_MAX_CONCURRENCY !== undefined;
  const header =
    local?.getXRayTraceId?.() ?? (multiConcurrent ? undefined : process.env._X_AMZN_TRACE_ID);
  return parseXRayHeader(header) ?? parseTraceparent(local?.getTraceparent?.());
};
