import {
  IdempotencyAlreadyInProgressError,
  type IdempotencyConfig,
  IdempotencyRecordStatus,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import {
  type BasePersistenceLayer,
  IdempotencyRecord,
} from '@aws-lambda-powertools/idempotency/persistence';
import { CLAIM_ATTEMPTS, CLAIM_RETRY_DELAY_MS } from '../constants.js';
import {
  DurableIdempotencyClaimError,
  DurableIdempotencyConfigurationError,
  messageOf,
} from '../errors.js';
import type { OmittedResult } from '../types/options.js';
import { type ClaimOwner, decodeOwner, encodeOwner } from './owner.js';

/** What Powertools' stores accept as data to hash and as a result to store. */
export type StoreValue = Parameters<BasePersistenceLayer['saveSuccess']>[1];

/** What a claim attempt decided for the execution that made it. */
export type ClaimOutcome =
  /** The execution holds the claim: it took it now, or an earlier attempt of its own did. */
  | { status: 'claimed'; resumed: boolean }
  /** Another execution completed this key: its stored result stands in for this execution's. */
  | { status: 'completed'; response: unknown }
  /** The data holds no idempotency key: processed without idempotency, as Powertools does. */
  | { status: 'unkeyed' };

/** How a completion was stored: the result itself, or its {@link OmittedResult}. */
export type CompletionOutcome = 'stored' | 'omitted';

/**
 * The members of Powertools' `BasePersistenceLayer` this class calls beyond its public API (they are
 * TS-protected, public at runtime; `resolveOptions` checks they exist).
 */
interface StoreInternals {
  payloadValidationEnabled: boolean;
  eventKeyJmesPath?: string;
  getHashedIdempotencyKey(data: StoreValue): string;
  getHashedPayload(data: StoreValue): string;
  getExpiryTimestamp(): number;
  isPayloadValidationEnabled(): boolean;
  getFromCache(idempotencyKey: string): IdempotencyRecord | undefined;
  saveToCache(record: IdempotencyRecord): void;
  _putRecord(record: IdempotencyRecord): Promise<void>;
  _getRecord(idempotencyKey: string): Promise<IdempotencyRecord>;
}

/** Options of a {@link DurableClaimStore}. */
export interface ClaimStoreOptions {
  /** What the caller asked a missing key to do. */
  throwOnNoIdempotencyKey: boolean;
  /** Whether the source-aware default key applies (the caller gave no `eventKeyJmesPath`). */
  defaultKey: boolean;
  keyPrefix?: string;
  maxStoredResultBytes: number;
  /** Which utility it serves, for messages. */
  utility: string;
}

const isNamed = (error: unknown, name: string): error is Error & { existingRecord?: unknown } =>
  error instanceof Error && error.name === name;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** DynamoDB's refusal of an item over 400 KB (a `ValidationException` naming the size). */
const isTooLarge = (error: unknown): boolean =>
  error instanceof Error && /item size.*exceeded the maximum|too large/i.test(error.message);

const byteLengthOf = (value: unknown): number => {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '');
  } catch {
    return 0; // not JSON: the store's own serialisation reports it
  }
};

/**
 * Claims, completes and releases idempotency keys for durable executions on one of Powertools'
 * persistence stores, reusing its key hashing, payload validation, JMESPath, local cache and expiry.
 *
 * The claim is one conditional write: Powertools' INPROGRESS record, with the execution's deadline as
 * in-progress expiry and the owner's execution ARN in the record's validation attribute, next to
 * the payload hash (see `owner.ts`). There is no half-claimed state, and a Lambda retry of the owner's
 * first invocation reads itself as the owner.
 */
export class DurableClaimStore {
  readonly #store: BasePersistenceLayer;
  readonly #internals: StoreInternals;
  readonly #options: ClaimStoreOptions;
  readonly #responseHook: IdempotencyConfig['responseHook'];
  readonly #validatesPayload: boolean;
  readonly #eventKeyJmesPath: string;

  /**
   * @param store - the caller's Powertools persistence store
   * @param storeConfig - the configuration to give the store (see `storeConfigOf`)
   * @param options - what the caller asked for
   */
  public constructor(
    store: BasePersistenceLayer,
    storeConfig: IdempotencyConfig,
    options: ClaimStoreOptions,
  ) {
    this.#store = store;
    this.#internals = store as unknown as StoreInternals;
    this.#options = options;
    this.#responseHook = storeConfig.responseHook;
    store.configure({ config: storeConfig, keyPrefix: options.keyPrefix });
    assertConfiguredWith(store, storeConfig);
    this.#validatesPayload = this.#internals.isPayloadValidationEnabled();
    this.#eventKeyJmesPath = storeConfig.eventKeyJmesPath;
  }

  /**
   * The hashed idempotency key of `data` (no request), or `undefined` when it has none; then it warns
   * in Powertools' words, or throws Powertools' `IdempotencyKeyError` with `throwOnNoIdempotencyKey`.
   */
  public keyOf(data: StoreValue): string | undefined {
    try {
      return this.#internals.getHashedIdempotencyKey(data);
    } catch (error) {
      if (!isNamed(error, 'IdempotencyKeyError')) throw error;
      if (this.#options.throwOnNoIdempotencyKey) throw error;
      console.warn(this.#noKeyWarning());
      return undefined;
    }
  }

  /** Whether `data` has an idempotency key, silently (a replay: the first invocation warned). */
  public hasKey(data: StoreValue): boolean {
    try {
      this.#internals.getHashedIdempotencyKey(data);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Claims the key of `data` for the execution `executionArn` until `claimUntil` (epoch ms), in one
   * conditional write. A store error is retried in the invocation; a retry that finds its own claim
   * goes on as the owner.
   *
   * @throws IdempotencyAlreadyInProgressError - another execution holds the key
   * @throws IdempotencyValidationError - the key was used with a different payload
   * @throws IdempotencyKeyError - no key in `data` and `throwOnNoIdempotencyKey` is on
   * @throws DurableIdempotencyClaimError - the store failed past the attempts (cause attached)
   */
  public async claim(
    data: StoreValue,
    executionArn: string,
    claimUntil: number,
  ): Promise<ClaimOutcome> {
    const key = this.keyOf(data);
    if (key === undefined) return { status: 'unkeyed' };
    const payloadHash = this.#validatesPayload ? this.#internals.getHashedPayload(data) : undefined;
    const cached = this.#internals.getFromCache(key);
    if (cached !== undefined) {
      const outcome = this.#resolveExisting(cached, executionArn, payloadHash);
      if (outcome !== 'retry') return outcome;
    }
    let storeError: unknown;
    for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
      if (attempt > 1 && storeError !== undefined) {
        await sleep(CLAIM_RETRY_DELAY_MS * 2 ** (attempt - 2));
      }
      try {
        await this.#putClaim(key, { executionArn, payloadHash }, claimUntil);
        return { status: 'claimed', resumed: false };
      } catch (error) {
        if (!isNamed(error, 'IdempotencyItemAlreadyExistsError')) {
          storeError = error;
          continue;
        }
        storeError = undefined;
        let existing = error.existingRecord as IdempotencyRecord | undefined;
        if (existing === undefined) {
          try {
            existing = await this.#internals._getRecord(key);
          } catch (readError) {
            // Gone between the write and the read: claim again at once.
            if (!isNamed(readError, 'IdempotencyItemNotFoundError')) storeError = readError;
            continue;
          }
        }
        const outcome = this.#resolveExisting(existing, executionArn, payloadHash);
        if (outcome !== 'retry') return outcome;
      }
    }
    throw new DurableIdempotencyClaimError(
      `${this.#options.utility} could not claim idempotency key ${key} (claim): ` +
        `${storeError === undefined ? 'the record kept changing under the claim' : messageOf(storeError)}. ` +
        'The workflow did not run; this delivery fails so that the event source delivers it again.',
      { cause: storeError },
    );
  }

  /**
   * Stores `result` as the completed result of the key of `data` (COMPLETED, with Powertools'
   * expiry). A result over `maxStoredResultBytes`, or one the store refuses as too large, is stored
   * as its {@link OmittedResult}.
   *
   * @throws the store's error - the caller's checkpointed step retries it
   */
  public async complete(data: StoreValue, result: unknown): Promise<CompletionOutcome> {
    const bytes = byteLengthOf(result);
    const omitted: OmittedResult = {
      durableIdempotency: 'result-omitted',
      reason: 'too-large',
      bytes,
    };
    if (bytes > this.#options.maxStoredResultBytes) {
      await this.#store.saveSuccess(data, omitted as unknown as StoreValue);
      return 'omitted';
    }
    try {
      await this.#store.saveSuccess(data, result as StoreValue);
      return 'stored';
    } catch (error) {
      if (!isTooLarge(error)) throw error;
      await this.#store.saveSuccess(data, omitted as unknown as StoreValue);
      return 'omitted';
    }
  }

  /**
   * Releases the claim on the key of `data`, so that a redelivery can run.
   *
   * @throws the store's error - the caller's checkpointed step retries it
   */
  public async release(data: StoreValue): Promise<void> {
    await this.#store.deleteRecord(data);
  }

  /** Writes the INPROGRESS record with its owner, through the store's own conditional put. */
  async #putClaim(key: string, owner: ClaimOwner, claimUntil: number): Promise<void> {
    const record = new IdempotencyRecord({
      idempotencyKey: key,
      status: IdempotencyRecordStatus.INPROGRESS,
      expiryTimestamp: this.#internals.getExpiryTimestamp(),
      // Powertools ignores a remaining time of 0; a claim always lasts at least a second.
      inProgressExpiryTimestamp: Math.max(claimUntil, Date.now() + 1000),
      payloadHash: encodeOwner(owner),
    });
    // The stores write the validation attribute only with validation on, and read that flag before
    // their first `await`: switching it around the call is synchronous, no other call observes it.
    const validation = this.#internals.payloadValidationEnabled;
    this.#internals.payloadValidationEnabled = true;
    try {
      return this.#internals._putRecord(record);
    } finally {
      this.#internals.payloadValidationEnabled = validation;
    }
  }

  /** Decides what an existing record means for the execution `executionArn`. */
  #resolveExisting(
    record: IdempotencyRecord,
    executionArn: string,
    payloadHash: string | undefined,
  ): ClaimOutcome | 'retry' {
    const stored = decodeOwner(record.payloadHash);
    if (this.#validatesPayload && stored.payloadHash !== payloadHash) {
      throw new IdempotencyValidationError(
        'Payload does not match stored record for this event key',
        record,
      );
    }
    const status = record.getStatus();
    if (status === IdempotencyRecordStatus.EXPIRED) return 'retry';
    if (status === IdempotencyRecordStatus.COMPLETED) {
      this.#internals.saveToCache(record);
      const response = record.getResponse();
      return {
        status: 'completed',
        response: this.#responseHook ? this.#responseHook(response, record) : response,
      };
    }
    if (stored.executionArn === executionArn) return { status: 'claimed', resumed: true };
    if ((record.inProgressExpiryTimestamp ?? 0) < Date.now()) return 'retry';
    throw new IdempotencyAlreadyInProgressError(
      `There is already an execution in progress with idempotency key: ${record.idempotencyKey}` +
        `${stored.executionArn === undefined ? '' : ` (execution ${stored.executionArn})`}. This ` +
        'delivery fails so that its event source retries it later; by then the result is stored ' +
        'or the claim released.',
      record,
    );
  }

  #noKeyWarning(): string {
    // Powertools' own words, so that log filters written for Powertools keep matching.
    const warning = `No value found for idempotency_key. jmespath: ${this.#eventKeyJmesPath}`;
    if (!this.#options.defaultKey) return warning;
    return (
      `${warning}. ${this.#options.utility}: the event is not an SQS, Kinesis or DynamoDB Streams ` +
      'batch, so the default key finds nothing and it runs without idempotency. Set ' +
      'config.eventKeyJmesPath (new IdempotencyConfig({ eventKeyJmesPath })) to the field that ' +
      'identifies the event.'
    );
  }
}

/**
 * Powertools configures a store once and ignores later configurations: a store already configured by
 * another utility would hash keys with that utility's settings. Reads the store's (TS-private)
 * snapshot of the key expression; if Powertools stops exposing it at runtime, the check is skipped.
 */
const assertConfiguredWith = (store: BasePersistenceLayer, config: IdempotencyConfig): void => {
  const configured = (store as unknown as { eventKeyJmesPath?: unknown }).eventKeyJmesPath;
  if (typeof configured === 'string' && configured !== config.eventKeyJmesPath) {
    throw new DurableIdempotencyConfigurationError(
      'persistenceStore',
      `persistenceStore is already configured with eventKeyJmesPath '${configured}' by another ` +
        'idempotent function or middleware, and Powertools configures a store only once. Give the ' +
        'durable idempotency utility its own persistence store instance.',
    );
  }
};
