import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { TraceSegment } from './types/xray.js';

/**
 * Runs `fn` in a fresh X-Ray context whose active segment is `segment`, so that Powertools' helpers
 * (`annotateColdStart`, `addErrorAsMetadata`, …) write to it with all their configuration applied,
 * whatever user code set as active segment in the surrounding context.
 */
export const withActiveSegment = <T>(tracer: Tracer, segment: TraceSegment, fn: () => T): T => {
  const namespace = tracer.provider.getNamespace();
  return namespace.runAndReturn(() => {
    namespace.set('segment', segment);
    return fn();
  });
};

/**
 * Closes the subsegments under `segment` that are still open, deepest first. X-Ray sends a closed
 * subsegment only once all its children are closed; a subsegment that spans a suspension (opened
 * before a wait, never reached again) would otherwise keep the handler subsegment from being sent.
 */
export const closeOpenDescendants = (segment: TraceSegment): void => {
  for (const child of segment.subsegments ?? []) {
    closeOpenDescendants(child);
    if (!child.isClosed()) child.close();
  }
};
