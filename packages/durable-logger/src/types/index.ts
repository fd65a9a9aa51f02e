export type { DurableLoggerOptions, DurableLoggerSettings } from './options.js';
