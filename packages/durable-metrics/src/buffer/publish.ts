import type {
  Dimensions,
  MetricResolution,
  MetricUnit,
} from '@aws-lambda-powertools/metrics/types';
import type { BufferedMetric, MetricBuffer } from './MetricBuffer.js';

/**
 * The Powertools `Metrics` methods a buffer is published through: the instance's own, unpatched
 * methods, so the EMF is exactly what Powertools writes (namespace, default dimensions, disabled
 * flag, its console).
 */
export interface PowertoolsWriter {
  addMetric(name: string, unit: MetricUnit, value: number, resolution?: MetricResolution): unknown;
  addDimension(name: string, value: string): unknown;
  addDimensions(dimensions: Dimensions): unknown;
  addMetadata(key: string, value: string): unknown;
  publishStoredMetrics(): unknown;
  singleMetric(): unknown;
}

/** EMF allows 100 metrics per document. */
export const MAX_METRICS_PER_DOCUMENT = 100;
/**
 * EMF allows 100 values per metric, but Powertools publishes (and clears dimensions and metadata)
 * the moment a metric reaches its 100th value, mid-document. Stopping one short keeps each
 * document whole, with its dimensions and metadata.
 */
export const MAX_VALUES_PER_METRIC = 99;

/** A slice of one metric's values that goes into one document. */
export interface DocumentEntry {
  readonly metric: BufferedMetric;
  readonly from: number;
  readonly to: number;
}

/**
 * Splits metrics into EMF documents of at most {@link MAX_METRICS_PER_DOCUMENT} names and
 * {@link MAX_VALUES_PER_METRIC} values per name, in as few documents as those limits allow.
 *
 * @example
 * ```ts
 * planDocuments([{ name: 'a', unit: 'Count', resolution: 60, values: new Array(250).fill(1) }]).length; // 3
 * ```
 */
export const planDocuments = (metrics: readonly BufferedMetric[]): DocumentEntry[][] => {
  const documents: DocumentEntry[][] = [];
  let pending = metrics.map((metric) => ({ metric, next: 0 }));
  while (pending.length > 0) {
    const document: DocumentEntry[] = [];
    for (const cursor of pending.slice(0, MAX_METRICS_PER_DOCUMENT)) {
      const to = Math.min(cursor.next + MAX_VALUES_PER_METRIC, cursor.metric.values.length);
      document.push({ metric: cursor.metric, from: cursor.next, to });
      cursor.next = to;
    }
    documents.push(document);
    pending = pending.filter((cursor) => cursor.next < cursor.metric.values.length);
  }
  return documents;
};

/**
 * Publishes `buffer` (plus `extraMetrics`) through Powertools, one EMF document per planned chunk,
 * each carrying the buffer's dimensions and metadata and `metadata` (which wins on a clash).
 *
 * @returns how many documents were written
 */
export const publishBuffer = (
  writer: PowertoolsWriter,
  buffer: MetricBuffer,
  metadata: Readonly<Record<string, string>>,
  extraMetrics: readonly BufferedMetric[] = [],
): number => {
  const metrics = [...buffer.metrics.values(), ...extraMetrics];
  const documents = metrics.length === 0 ? [] : planDocuments(metrics);
  for (const document of documents) {
    for (const [name, value] of buffer.dimensions) writer.addDimension(name, value);
    for (const dimensionSet of buffer.dimensionSets) writer.addDimensions(dimensionSet);
    for (const [key, value] of buffer.metadata) writer.addMetadata(key, value);
    for (const [key, value] of Object.entries(metadata)) writer.addMetadata(key, value);
    for (const { metric, from, to } of document) {
      for (let index = from; index < to; index++) {
        writer.addMetric(
          metric.name,
          metric.unit,
          metric.values[index] as number,
          metric.resolution,
        );
      }
    }
    writer.publishStoredMetrics();
  }
  for (const single of buffer.singles) publishSingle(single.writer, single.buffer, metadata);
  return documents.length + buffer.singles.length;
};

/**
 * Publishes a `singleMetric()` document through its own instance: dimensions and metadata first,
 * then the metric, which a single-metric instance publishes at once.
 */
const publishSingle = (
  writer: PowertoolsWriter,
  buffer: MetricBuffer,
  metadata: Readonly<Record<string, string>>,
): void => {
  for (const [name, value] of buffer.dimensions) writer.addDimension(name, value);
  for (const dimensionSet of buffer.dimensionSets) writer.addDimensions(dimensionSet);
  for (const [key, value] of buffer.metadata) writer.addMetadata(key, value);
  for (const [key, value] of Object.entries(metadata)) writer.addMetadata(key, value);
  for (const metric of buffer.metrics.values()) {
    for (const value of metric.values) {
      writer.addMetric(metric.name, metric.unit, value, metric.resolution);
    }
  }
};
