import type { BufferedMetric, MetricBuffer, PowertoolsWriter } from './buffer.js';

/** EMF allows 100 metrics per document and 100 values per metric. */
export const EMF_MAX_METRICS = 100;
export const EMF_MAX_VALUES = 100;

/**
 * A writer that can publish whole EMF documents: {@link PowertoolsWriter}, plus, when the installed
 * Powertools allows it (see `powertoolsInternals.ts`), `publishValues`, which publishes the stored
 * metrics with each one's values replaced by the given list (up to EMF's 100 per metric).
 */
export interface DocumentWriter extends PowertoolsWriter {
  publishValues?(values: ReadonlyMap<string, readonly number[]>): void;
}

/** A slice of one metric's values that goes into one document. */
type DocumentEntry = { metric: BufferedMetric; from: number; to: number };

/**
 * Splits metrics into EMF documents of at most `maxNames` names and `maxValues` values per name, in
 * as few documents as those limits allow.
 */
export const planDocuments = (
  metrics: readonly BufferedMetric[],
  maxValues = EMF_MAX_VALUES,
  maxNames = EMF_MAX_METRICS,
): DocumentEntry[][] => {
  const documents: DocumentEntry[][] = [];
  let pending = metrics.map((metric) => ({ metric, next: 0 }));
  while (pending.length > 0) {
    const document: DocumentEntry[] = [];
    for (const cursor of pending.slice(0, maxNames)) {
      const to = Math.min(cursor.next + maxValues, cursor.metric.values.length);
      document.push({ metric: cursor.metric, from: cursor.next, to });
      cursor.next = to;
    }
    documents.push(document);
    pending = pending.filter((cursor) => cursor.next < cursor.metric.values.length);
  }
  return documents;
};

type Metadata = Readonly<Record<string, string>>;

const addContext = (writer: PowertoolsWriter, buffer: MetricBuffer, metadata: Metadata): void => {
  for (const [name, value] of buffer.dimensions) writer.addDimension(name, value);
  for (const dimensionSet of buffer.dimensionSets) writer.addDimensions(dimensionSet);
  for (const [key, value] of buffer.metadata) writer.addMetadata(key, value);
  for (const [key, value] of Object.entries(metadata)) writer.addMetadata(key, value);
};

/**
 * Publishes `buffer` (plus `extraMetrics`) through Powertools, one EMF document per planned chunk,
 * each with the buffer's dimensions and metadata and `metadata`. With `publishValues` a document holds
 * EMF's 100 values per metric (one per name through `addMetric`, the rest set on Powertools'
 * serialization); without it 99 per name and 99 names, as Powertools publishes on its own (clearing
 * dimensions and metadata) at a metric's 100th value or a value stored after 100 names.
 *
 * @returns how many documents were written
 */
export const publishBuffer = (
  writer: DocumentWriter,
  buffer: MetricBuffer,
  metadata: Metadata,
  extraMetrics: readonly BufferedMetric[] = [],
): number => {
  const metrics = [...buffer.metrics.values(), ...extraMetrics];
  const whole = writer.publishValues !== undefined;
  const less = whole ? 0 : 1;
  const documents = planDocuments(metrics, EMF_MAX_VALUES - less, EMF_MAX_METRICS - less);
  for (const document of documents) {
    addContext(writer, buffer, metadata);
    const values = new Map<string, readonly number[]>();
    for (const { metric, from, to } of document) {
      const slice = metric.values.slice(from, to);
      for (const value of whole ? slice.slice(0, 1) : slice) {
        writer.addMetric(metric.name, metric.unit, value, metric.resolution);
      }
      values.set(metric.name, slice);
    }
    if (writer.publishValues === undefined) writer.publishStoredMetrics();
    else writer.publishValues(values);
  }
  for (const single of buffer.singles) {
    // A single-metric instance publishes at once, when its metric is added: context first.
    addContext(single.writer, single.buffer, metadata);
    for (const { name, unit, resolution, values } of single.buffer.metrics.values()) {
      for (const value of values) single.writer.addMetric(name, unit, value, resolution);
    }
  }
  return documents.length + buffer.singles.length;
};
