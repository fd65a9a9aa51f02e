import type { DurableContext, OperationInfo } from '@aws/durable-execution-sdk-js';
import { warnOnce } from './state.js';

/** The SDK's replay mode of a context (`durableExecutionMode`, TS-private). */
export type DurableExecutionMode = 'ExecutionMode' | 'ReplayMode' | 'ReplaySucceededContext';

/**
 * The ONE module that reads fields of the SDK's `DurableContextImpl` which its types mark private or
 * `@internal` (tested with `@aws/durable-execution-sdk-js` 2.4.x). They are the documented fallback
 * for what the SDK's public plugin API does not say: whether the root context (or a resumed child)
 * is replaying at this line, the checkpoint history behind a context, and the active operation when
 * no `DurablePowertoolsPlugin` frame is known. Every read is guarded; a field that is missing or of
 * an unexpected shape is reported once per process with a warning naming what degrades, and the
 * read answers `undefined`. `tests/unit/sdkInternals.test.ts` fails when a field changes.
 */
interface ContextInternals {
  durableExecutionMode?: unknown;
  _stepPrefix?: unknown;
  _stepCounter?: unknown;
  _executionContext?: {
    _stepData?: unknown;
    getStepData?: unknown;
  };
  getDurableLoggingContext?: unknown;
}

/** What degrades when each private field can no longer be read. */
export const SDK_PRIVATE_FIELDS = {
  durableExecutionMode:
    'replayed log lines of the workflow body are written again and replay-aware checks answer "not replaying"',
  _stepCounter:
    'log lines a resumed child context repeats before its last recorded operation are written again',
  _stepPrefix:
    'log lines a resumed child context repeats before its last recorded operation are written again',
  '_executionContext._stepData':
    'idempotency without DurablePowertoolsPlugin claims keys from the invocation start, not the execution start',
  '_executionContext.getStepData':
    'log lines a resumed child context repeats before its last recorded operation are written again',
  getDurableLoggingContext:
    'lines of a summarised child context the SDK re-runs to rebuild its result are written again',
} as const;

/** One of {@link SDK_PRIVATE_FIELDS}. */
export type SdkPrivateField = keyof typeof SDK_PRIVATE_FIELDS;

const drifted = (field: SdkPrivateField): undefined => {
  warnOnce(
    `sdk-field:${field}`,
    `durable-powertools: the durable context no longer has the SDK field ${field} this suite was ` +
      `tested with (@aws/durable-execution-sdk-js 2.4.x), so ${SDK_PRIVATE_FIELDS[field]}. ` +
      'Install a tested SDK version (see the peer dependency range).',
    'DURABLE_POWERTOOLS_SDK_DRIFT',
  );
  return undefined;
};

const internals = (context: DurableContext): ContextInternals => context as ContextInternals;

const EXECUTION_MODES: ReadonlySet<unknown> = new Set([
  'ExecutionMode',
  'ReplayMode',
  'ReplaySucceededContext',
]);

/** `durableExecutionMode` of `context`, or `undefined` (and the warning) if it is gone. */
export const readExecutionMode = (context: DurableContext): DurableExecutionMode | undefined => {
  const mode = internals(context).durableExecutionMode;
  return EXECUTION_MODES.has(mode)
    ? (mode as DurableExecutionMode)
    : drifted('durableExecutionMode');
};

/** One operation of the checkpoint history, as the SDK keeps it. */
export interface SdkHistoryOperation {
  readonly Type?: unknown;
  readonly Status?: unknown;
  readonly StartTimestamp?: unknown;
  readonly StepDetails?: { readonly Attempt?: unknown };
}

/** The checkpoint history behind `context` (`_executionContext._stepData`), by hashed id. */
export const readStepData = (
  context: DurableContext,
): Readonly<Record<string, SdkHistoryOperation>> | undefined => {
  const stepData = internals(context)._executionContext?._stepData;
  if (typeof stepData !== 'object' || stepData === null) {
    return drifted('_executionContext._stepData');
  }
  return stepData as Record<string, SdkHistoryOperation>;
};

/**
 * Whether the next operation `context` will start is already in the checkpoint history (an earlier
 * invocation already ran the code `context` runs now), or `undefined` if the SDK's cursor is gone.
 */
export const readNextOperationRecorded = (context: DurableContext): boolean | undefined => {
  const { _stepPrefix: prefix, _stepCounter: counter, _executionContext } = internals(context);
  if (typeof counter !== 'number') return drifted('_stepCounter');
  if (prefix !== undefined && typeof prefix !== 'string') return drifted('_stepPrefix');
  const getStepData = _executionContext?.getStepData;
  if (typeof getStepData !== 'function') return drifted('_executionContext.getStepData');
  const next = prefix === undefined ? `${counter + 1}` : `${prefix}-${counter + 1}`;
  return getStepData.call(_executionContext, next) !== undefined;
};

/** The cursor {@link readNextOperationRecorded} depends on, to cache its answer per context. */
export const readCursor = (context: DurableContext): unknown => internals(context)._stepCounter;

/** The operation the SDK says is running (`getDurableLoggingContext().getDurableLogData()`). */
export const readActiveOperation = (
  context: DurableContext,
): { operationId: string; operationName?: string; attempt?: number } | undefined => {
  const getLoggingContext = internals(context).getDurableLoggingContext;
  if (typeof getLoggingContext !== 'function') return drifted('getDurableLoggingContext');
  const data = (
    getLoggingContext.call(context) as
      | { getDurableLogData?: () => Record<string, unknown> }
      | undefined
  )?.getDurableLogData?.();
  if (data === undefined || typeof data.operationId !== 'string') return undefined;
  return {
    operationId: data.operationId,
    ...(typeof data.operationName === 'string' ? { operationName: data.operationName } : {}),
    ...(typeof data.attempt === 'number' ? { attempt: data.attempt } : {}),
  };
};

/**
 * The private fields a real durable context lacks (empty when the SDK matches what this suite was
 * tested with). Used by the drift test; cheap enough to call in a health check.
 */
export const missingSdkFields = (context: DurableContext): SdkPrivateField[] => {
  const context_ = internals(context);
  const missing: SdkPrivateField[] = [];
  if (!EXECUTION_MODES.has(context_.durableExecutionMode)) missing.push('durableExecutionMode');
  if (typeof context_._stepCounter !== 'number') missing.push('_stepCounter');
  if (!('_stepPrefix' in context_)) missing.push('_stepPrefix');
  if (typeof context_._executionContext?._stepData !== 'object') {
    missing.push('_executionContext._stepData');
  }
  if (typeof context_._executionContext?.getStepData !== 'function') {
    missing.push('_executionContext.getStepData');
  }
  if (typeof context_.getDurableLoggingContext !== 'function') {
    missing.push('getDurableLoggingContext');
  }
  return missing;
};

/**
 * When the execution started, from the SDK's copy of the checkpoint history (the `EXECUTION`
 * operation), for code that runs without the plugin's `executionStartTimestamp`.
 */
export const readExecutionStart = (context: DurableContext): Date | undefined => {
  const stepData = readStepData(context);
  if (stepData === undefined) return undefined;
  for (const operation of Object.values(stepData)) {
    if (operation.Type !== 'EXECUTION') continue;
    const start = operation.StartTimestamp;
    if (start instanceof Date) return start;
    if (typeof start === 'number' || typeof start === 'string') {
      const date = new Date(typeof start === 'number' && start < 1e12 ? start * 1000 : start);
      return Number.isNaN(date.getTime()) ? undefined : date;
    }
  }
  return undefined;
};

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'STOPPED']);
const RESUMABLE = new Set(['WAIT', 'CALLBACK', 'CHAINED_INVOKE']);

/**
 * What the checkpoint history an invocation starts with tells, in one pass over it:
 * - `index`, the 1-based number of the invocation: one plus every resumption the history records (a
 *   finished wait, callback or chained invoke; a step attempt that was followed by a retry). Exact
 *   for workflows that suspend on one thing at a time; concurrent branches that resume together
 *   count once each, so it can overestimate.
 * - `hasFinishedChildren`: a child context succeeded, so the SDK may re-run one without a plugin hook.
 */
export const summarizeHistory = (
  operations: Readonly<Record<string, OperationInfo>>,
): { index: number; hasFinishedChildren: boolean } => {
  let resumptions = 0;
  let hasFinishedChildren = false;
  // `for...in` over the SDK's map: `Object.values` copies it first, at twice the cost (3,000 operations).
  for (const id in operations) {
    const { type = '', status = '', attempt } = operations[id] as OperationInfo;
    if (RESUMABLE.has(type)) {
      if (TERMINAL.has(status)) resumptions++;
    } else if (type === 'STEP' && typeof attempt === 'number' && attempt >= 1) {
      // A step that is done has finished `attempt` attempts, the last one not followed by a retry.
      resumptions += TERMINAL.has(status) ? attempt - 1 : attempt;
    } else if (type === 'CONTEXT' && status === 'SUCCEEDED') {
      hasFinishedChildren = true;
    }
  }
  return { index: 1 + resumptions, hasFinishedChildren };
};
