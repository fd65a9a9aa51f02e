import type { MetricResolution, MetricUnit } from '@aws-lambda-powertools/metrics/types';
import type { PowertoolsWriter } from './publish.js';

/** One metric name and every value added to it, in order. */
export interface BufferedMetric {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly resolution: MetricResolution;
  readonly values: number[];
}

/** A `metrics.singleMetric()` document: its own instance's writer and the one metric it holds. */
export interface SingleMetricDocument {
  readonly writer: PowertoolsWriter;
  readonly buffer: MetricBuffer;
}

/**
 * Holds what the workflow added to a Powertools `Metrics` instance (metrics, dimensions, metadata)
 * until it is published, without Powertools' size limits: those apply per EMF document, and
 * {@link publishBuffer} splits the buffer into as many documents as it needs.
 */
export class MetricBuffer {
  readonly #metrics = new Map<string, BufferedMetric>();
  readonly #dimensions = new Map<string, string>();
  readonly #dimensionSets: Record<string, string>[] = [];
  readonly #metadata = new Map<string, string>();
  readonly #singles: SingleMetricDocument[] = [];
  #valueCount = 0;

  public addMetric(
    name: string,
    unit: MetricUnit,
    value: number,
    resolution: MetricResolution,
  ): void {
    const existing = this.#metrics.get(name);
    if (existing === undefined) {
      this.#metrics.set(name, { name, unit, resolution, values: [value] });
    } else {
      if (existing.unit !== unit) {
        // Same message as Powertools' MetricsStore, raised where the metric is added.
        throw new Error(
          `Metric "${name}" has already been added with unit "${existing.unit}", but we received unit "${unit}". Did you mean to use metric unit "${existing.unit}"?`,
        );
      }
      existing.values.push(value);
    }
    this.#valueCount++;
  }

  public addDimension(name: string, value: string): void {
    this.#dimensions.set(name, value);
  }

  public addDimensionSet(dimensions: Record<string, string>): void {
    this.#dimensionSets.push({ ...dimensions });
  }

  public addMetadata(key: string, value: string): void {
    this.#metadata.set(key, value);
  }

  /** Distinct custom dimension names added with `addDimension`. */
  public get dimensionCount(): number {
    return this.#dimensions.size;
  }

  /** Values buffered, across all names. */
  public get valueCount(): number {
    return this.#valueCount;
  }

  /** Keeps a `singleMetric()` document, published with this buffer (so exactly as often). */
  public addSingle(single: SingleMetricDocument): void {
    this.#singles.push(single);
  }

  /** The `singleMetric()` documents kept with this buffer. */
  public get singles(): readonly SingleMetricDocument[] {
    return this.#singles;
  }

  /**
   * What identifies the documents this buffer's metrics go into: its dimensions and metadata.
   * Buffers with the same signature can share documents.
   */
  public get signature(): string {
    return JSON.stringify([[...this.#dimensions], this.#dimensionSets, [...this.#metadata]]);
  }

  /** Adds `other`'s metric values and single-metric documents (same signature) to this buffer. */
  public absorb(other: MetricBuffer): void {
    for (const metric of other.metrics.values()) {
      for (const value of metric.values) {
        this.addMetric(metric.name, metric.unit, value, metric.resolution);
      }
    }
    for (const single of other.singles) this.#singles.push(single);
  }

  /** A copy with the same dimensions and metadata and no metrics. */
  public emptyCopy(): MetricBuffer {
    const copy = new MetricBuffer();
    for (const [name, value] of this.#dimensions) copy.addDimension(name, value);
    for (const set of this.#dimensionSets) copy.addDimensionSet(set);
    for (const [key, value] of this.#metadata) copy.addMetadata(key, value);
    return copy;
  }

  public get isEmpty(): boolean {
    return this.#metrics.size === 0 && this.#singles.length === 0;
  }

  public get metrics(): ReadonlyMap<string, BufferedMetric> {
    return this.#metrics;
  }

  public get dimensions(): ReadonlyMap<string, string> {
    return this.#dimensions;
  }

  public get dimensionSets(): readonly Record<string, string>[] {
    return this.#dimensionSets;
  }

  public get metadata(): ReadonlyMap<string, string> {
    return this.#metadata;
  }
}
