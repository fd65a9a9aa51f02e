export type { DurableOpenTelemetryOptions } from './options.js';
