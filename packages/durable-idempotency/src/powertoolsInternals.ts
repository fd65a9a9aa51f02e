import type {
  BasePersistenceLayer,
  IdempotencyRecord,
} from '@aws-lambda-powertools/idempotency/persistence';
import { warnOnce } from '@durable-powertools/commons';
import { DurableIdempotencyError } from './errors.js';

/** What Powertools' stores accept as data to hash and as a result to store. */
export type StoreValue = Parameters<BasePersistenceLayer['saveSuccess']>[1];

/**
 * The ONE module that uses members of Powertools' `BasePersistenceLayer` beyond its public API
 * (TS-protected or private, public at runtime; tested with `@aws-lambda-powertools/idempotency`
 * 2.35), each with what degrades without it. Every use is guarded: a member that is gone is reported
 * once per process (`DURABLE_POWERTOOLS_POWERTOOLS_DRIFT`) and the public API stands in.
 * `tests/unit/powertoolsInternals.test.ts` fails when one changes.
 */
export const POWERTOOLS_STORE_MEMBERS = {
  getHashedIdempotencyKey: 'events cannot be keyed: every claim fails (the workflow does not run)',
  _putRecord:
    "claims are written with saveInProgress(): a Lambda retry of an execution's first invocation " +
    'is rejected as in progress instead of going on as the owner',
  payloadValidationEnabled:
    "claims are written without their owner: a Lambda retry of an execution's first invocation " +
    'is rejected as in progress instead of going on as the owner',
  _getRecord: 'an existing record is read with getRecord()',
  getHashedPayload: 'payloadValidationJmesPath is not enforced',
  getExpiryTimestamp: 'the record expiry is computed from getExpiresAfterSeconds()',
  getFromCache: 'the local cache (useLocalCache) is not read: duplicates read the store',
  saveToCache: 'the local cache (useLocalCache) is not filled: duplicates read the store',
  eventKeyJmesPath:
    'a store configured first by another utility, with another key, is not detected',
} as const;

/** One of {@link POWERTOOLS_STORE_MEMBERS}. */
export type PowertoolsStoreMember = keyof typeof POWERTOOLS_STORE_MEMBERS;

type Members = Partial<Record<PowertoolsStoreMember, unknown>>;

const members = (store: BasePersistenceLayer): Members => store as unknown as Members;

const drifted = (member: PowertoolsStoreMember): undefined => {
  warnOnce(
    `idempotency-store:${member}`,
    `durable-powertools: Powertools' persistence layer no longer has ${member}, which ` +
      '@durable-powertools/idempotency was tested with (@aws-lambda-powertools/idempotency 2.35), so ' +
      `${POWERTOOLS_STORE_MEMBERS[member]}. Install a tested version (see the peer dependency range).`,
    'DURABLE_POWERTOOLS_POWERTOOLS_DRIFT',
  );
  return undefined;
};

/** `store[member]` as a function bound to `store`, or `undefined` (and the warning) if it is gone. */
const method = <F extends (...args: never[]) => unknown>(
  store: BasePersistenceLayer,
  member: PowertoolsStoreMember,
): F | undefined => {
  const value = members(store)[member];
  return typeof value === 'function' ? (value.bind(store) as F) : drifted(member);
};

/** The members of {@link POWERTOOLS_STORE_MEMBERS} a configured `store` lacks (the drift test). */
export const missingStoreMembers = (store: BasePersistenceLayer): PowertoolsStoreMember[] =>
  (Object.keys(POWERTOOLS_STORE_MEMBERS) as PowertoolsStoreMember[]).filter((member) => {
    const value = members(store)[member];
    if (member === 'payloadValidationEnabled') return typeof value !== 'boolean';
    if (member === 'eventKeyJmesPath') return !(member in store);
    return typeof value !== 'function';
  });

/**
 * The hashed idempotency key of `data` (Powertools' prefix, JMESPath and hash).
 *
 * @throws IdempotencyKeyError - no key in `data` (the store is configured to throw)
 */
export const hashedKeyOf = (store: BasePersistenceLayer, data: StoreValue): string => {
  const hash = method<(data: StoreValue) => string>(store, 'getHashedIdempotencyKey');
  if (hash === undefined) {
    throw new DurableIdempotencyError(
      `The installed Powertools persistence layer cannot key events: ${POWERTOOLS_STORE_MEMBERS.getHashedIdempotencyKey}.`,
    );
  }
  return hash(data);
};

/** The hashed payload of `data` under `payloadValidationJmesPath`, or `undefined` if it cannot be had. */
export const hashedPayloadOf = (
  store: BasePersistenceLayer,
  data: StoreValue,
): string | undefined => method<(data: StoreValue) => string>(store, 'getHashedPayload')?.(data);

/** Powertools' expiry of a record written now, in epoch seconds. */
export const expiryTimestampOf = (store: BasePersistenceLayer): number =>
  method<() => number>(store, 'getExpiryTimestamp')?.() ??
  Math.round(Date.now() / 1000 + store.getExpiresAfterSeconds());

/** The record of `key` in the store's local cache (only with `useLocalCache`). */
export const fromCache = (
  store: BasePersistenceLayer,
  key: string,
): IdempotencyRecord | undefined =>
  method<(key: string) => IdempotencyRecord | undefined>(store, 'getFromCache')?.(key);

/** Keeps `record` in the store's local cache (only with `useLocalCache`; not INPROGRESS ones). */
export const toCache = (store: BasePersistenceLayer, record: IdempotencyRecord): void => {
  method<(record: IdempotencyRecord) => void>(store, 'saveToCache')?.(record);
};

/**
 * Writes the claim `record` (its validation attribute holding the owner) with the store's own
 * conditional put. The stores write that attribute only with validation on, and read the flag before
 * their first `await`, so it is switched around the call synchronously. Without those members, the
 * claim is written by `saveInProgress`, which stores the payload hash and no owner.
 *
 * @throws IdempotencyItemAlreadyExistsError - the key holds a live record
 */
export const putClaim = async (
  store: BasePersistenceLayer,
  record: IdempotencyRecord,
  data: StoreValue,
): Promise<void> => {
  const fields = members(store);
  const put = method<(record: IdempotencyRecord) => Promise<void>>(store, '_putRecord');
  const validation = fields.payloadValidationEnabled;
  if (put === undefined || typeof validation !== 'boolean') {
    if (put !== undefined) drifted('payloadValidationEnabled');
    const inProgressMs = (record.inProgressExpiryTimestamp ?? Date.now()) - Date.now();
    return store.saveInProgress(data, Math.max(inProgressMs, 1000));
  }
  let written: Promise<void>;
  fields.payloadValidationEnabled = true;
  try {
    written = put(record);
  } finally {
    fields.payloadValidationEnabled = validation;
  }
  return written;
};

/**
 * Reads the record of `key` (of `data`) from the store, without validating its payload hash (which
 * holds the claim's owner).
 *
 * @throws IdempotencyItemNotFoundError - there is none
 */
export const readRecord = async (
  store: BasePersistenceLayer,
  key: string,
  data: StoreValue,
): Promise<IdempotencyRecord> => {
  const get = method<(key: string) => Promise<IdempotencyRecord>>(store, '_getRecord');
  if (get !== undefined) return get(key);
  try {
    return await store.getRecord(data);
  } catch (error) {
    const existing = (error as { existingRecord?: IdempotencyRecord }).existingRecord;
    if ((error as Error).name === 'IdempotencyValidationError' && existing) return existing;
    throw error;
  }
};

/** The key expression the store was configured with (`undefined` if unreadable). */
export const configuredKeyPathOf = (store: BasePersistenceLayer): unknown =>
  'eventKeyJmesPath' in store ? members(store).eventKeyJmesPath : drifted('eventKeyJmesPath');
