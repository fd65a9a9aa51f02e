import { MetricResolution, type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type {
  MetricResolution as MetricResolutionType,
  MetricUnit as MetricUnitType,
} from '@aws-lambda-powertools/metrics/types';

/**
 * The Powertools `Metrics` methods a buffer is published through: the instance's own, unpatched
 * methods, so the EMF is what Powertools writes (namespace, default dimensions, disabled flag).
 */
export type PowertoolsWriter = Pick<Metrics, (typeof WRITER_METHODS)[number]>;
export const WRITER_METHODS = [
  'addMetric',
  'addDimension',
  'addDimensions',
  'addMetadata',
  'publishStoredMetrics',
  'singleMetric',
] as const;

/** One metric name and every value added to it, in order. */
export interface BufferedMetric {
  readonly name: string;
  readonly unit: MetricUnitType;
  readonly resolution: MetricResolutionType;
  readonly values: number[];
}

const UNITS: ReadonlySet<unknown> = new Set(Object.values(MetricUnit));
const RESOLUTIONS: ReadonlySet<unknown> = new Set(Object.values(MetricResolution));
const MAX_NAME_LENGTH = 255;
/** Powertools' limit: 29 custom dimensions, the 30th EMF slot is the `service` dimension. */
export const MAX_CUSTOM_DIMENSIONS = 29;

/**
 * Checks a metric the way Powertools' `storeMetric` does, with the same errors, so a bad metric
 * fails where it is added and not later, at completion.
 */
export function validateMetric(name: unknown, unit: unknown, value: unknown, resolution: unknown) {
  if (typeof name !== 'string') throw new Error(`${String(name)} is not a valid string`);
  if (name.length < 1 || name.length > MAX_NAME_LENGTH) {
    throw new RangeError(`The metric name should be between 1 and ${MAX_NAME_LENGTH} characters`);
  }
  if (typeof value !== 'number') throw new RangeError(`${String(value)} is not a valid number`);
  if (!UNITS.has(unit)) throw invalid('unit', unit, UNITS);
  if (!RESOLUTIONS.has(resolution)) throw invalid('resolution', resolution, RESOLUTIONS);
}

const invalid = (what: string, given: unknown, options: ReadonlySet<unknown>) =>
  new RangeError(
    `Invalid metric ${what} '${String(given)}', expected either option: ${[...options].join(',')}`,
  );

/** Whether a dimension name and value are what Powertools accepts (non-empty strings). */
export const isValidDimension = (name: unknown, value: unknown): boolean =>
  typeof name === 'string' && name !== '' && typeof value === 'string' && value !== '';

/**
 * Holds what the workflow added to a Powertools `Metrics` instance (metrics, dimensions, metadata)
 * until it is published, without Powertools' size limits: those apply per EMF document, and
 * `publishBuffer` splits the buffer into as many documents as it needs.
 */
export class MetricBuffer {
  readonly metrics = new Map<string, BufferedMetric>();
  readonly dimensions = new Map<string, string>();
  readonly dimensionSets: Record<string, string>[] = [];
  readonly metadata = new Map<string, string>();
  /** `singleMetric()` documents (their own instance's writer, the one metric each holds), published
   * with this buffer (so exactly as often). */
  readonly singles: { writer: PowertoolsWriter; buffer: MetricBuffer }[] = [];

  public addMetric(
    name: string,
    unit: MetricUnitType,
    value: number,
    resolution: MetricResolutionType,
  ): void {
    const existing = this.metrics.get(name);
    if (existing !== undefined && existing.unit !== unit) {
      // Same message as Powertools' MetricsStore, raised where the metric is added.
      throw new Error(
        `Metric "${name}" has already been added with unit "${existing.unit}", but we received unit "${unit}". Did you mean to use metric unit "${existing.unit}"?`,
      );
    }
    if (existing === undefined) this.metrics.set(name, { name, unit, resolution, values: [value] });
    else existing.values.push(value);
  }

  /**
   * What identifies the documents this buffer's metrics go into: its dimensions and metadata.
   * Buffers with the same signature can share documents.
   */
  public get signature(): string {
    return JSON.stringify([[...this.dimensions], this.dimensionSets, [...this.metadata]]);
  }

  /** Adds `other`'s metric values and single-metric documents (same signature) to this buffer. */
  public absorb(other: MetricBuffer): void {
    for (const { name, unit, resolution, values } of other.metrics.values()) {
      for (const value of values) this.addMetric(name, unit, value, resolution);
    }
    this.singles.push(...other.singles);
  }

  /** A copy with the same dimensions and metadata and no metrics. */
  public emptyCopy(): MetricBuffer {
    const copy = new MetricBuffer();
    for (const [name, value] of this.dimensions) copy.dimensions.set(name, value);
    copy.dimensionSets.push(...this.dimensionSets);
    for (const [key, value] of this.metadata) copy.metadata.set(key, value);
    return copy;
  }

  public get isEmpty(): boolean {
    return this.metrics.size === 0 && this.singles.length === 0;
  }
}
