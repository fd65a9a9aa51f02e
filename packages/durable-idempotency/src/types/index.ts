export type { DurableBatchEvent, DurableBatchResponse, DurableRecordHandler } from './batch.js';
export type { DurableIdempotencyOptions } from './options.js';
