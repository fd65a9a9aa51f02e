import type { Tracer } from '@aws-lambda-powertools/tracer';

/** An X-Ray segment or subsegment, as Powertools Tracer hands it out (`tracer.getSegment()`). */
export type TraceSegment = NonNullable<ReturnType<Tracer['getSegment']>>;

/** An X-Ray subsegment: what `addNewSubsegment` opens under a (facade) segment. */
export type TraceSubsegment = ReturnType<TraceSegment['addNewSubsegment']>;
