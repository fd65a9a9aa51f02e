import { MetricResolution, MetricUnit } from '@aws-lambda-powertools/metrics';
import type {
  MetricResolution as MetricResolutionType,
  MetricUnit as MetricUnitType,
} from '@aws-lambda-powertools/metrics/types';

const UNITS: ReadonlySet<unknown> = new Set(Object.values(MetricUnit));
const RESOLUTIONS: ReadonlySet<unknown> = new Set(Object.values(MetricResolution));
const MIN_NAME_LENGTH = 1;
const MAX_NAME_LENGTH = 255;
/** Powertools' limit: 29 custom dimensions, the 30th EMF slot is the `service` dimension. */
export const MAX_CUSTOM_DIMENSIONS = 29;

/**
 * Checks a metric the way Powertools' `storeMetric` does, with the same errors, so a bad metric
 * fails where it is added and not later, at completion.
 */
export const validateMetric = (
  name: unknown,
  unit: unknown,
  value: unknown,
  resolution: unknown,
): void => {
  if (typeof name !== 'string') throw new Error(`${String(name)} is not a valid string`);
  if (name.length < MIN_NAME_LENGTH || name.length > MAX_NAME_LENGTH) {
    throw new RangeError(
      `The metric name should be between ${MIN_NAME_LENGTH} and ${MAX_NAME_LENGTH} characters`,
    );
  }
  if (typeof value !== 'number') throw new RangeError(`${String(value)} is not a valid number`);
  if (!UNITS.has(unit)) {
    throw new RangeError(
      `Invalid metric unit '${String(unit)}', expected either option: ${[...UNITS].join(',')}`,
    );
  }
  if (!RESOLUTIONS.has(resolution)) {
    throw new RangeError(
      `Invalid metric resolution '${String(resolution)}', expected either option: ${[...RESOLUTIONS].join(',')}`,
    );
  }
};

/** Whether a dimension name and value are what Powertools accepts (non-empty strings). */
export const isValidDimension = (name: unknown, value: unknown): boolean =>
  typeof name === 'string' && name !== '' && typeof value === 'string' && value !== '';

export type { MetricResolutionType, MetricUnitType };
