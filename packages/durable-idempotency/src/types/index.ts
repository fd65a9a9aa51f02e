export type { DurableBatchEvent, DurableBatchResponse, DurableRecordHandler } from './batch.js';
export type { DurableIdempotencyOptions, OmittedResult } from './options.js';
