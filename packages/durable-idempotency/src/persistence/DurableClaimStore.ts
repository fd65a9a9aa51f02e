import {
  IdempotencyAlreadyInProgressError,
  type IdempotencyConfig,
  IdempotencyInconsistentStateError,
  IdempotencyPersistenceLayerError,
  IdempotencyRecordStatus,
} from '@aws-lambda-powertools/idempotency';
import type {
  BasePersistenceLayer,
  IdempotencyRecord,
} from '@aws-lambda-powertools/idempotency/persistence';
import { MAX_CLAIM_RETRIES, OWNER_KEY_PREFIX_SUFFIX } from '../constants.js';

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

/** What the owner record of a claim stores as its response. */
interface OwnerRecordData {
  executionArn: string;
}

const isNamed = (error: unknown, name: string): error is Error & { existingRecord?: unknown } =>
  error instanceof Error && error.name === name;

const existingRecordOf = (error: Error & { existingRecord?: unknown }) =>
  error.existingRecord as IdempotencyRecord | undefined;

/**
 * Claims, completes and releases idempotency keys for durable executions on one of Powertools'
 * persistence stores, reusing its key hashing, payload validation, JMESPath, local cache and expiry.
 *
 * The claim is Powertools' conditional `saveInProgress`, with an in-progress expiry of the execution's
 * deadline. Who holds it is recorded next to it, as a Powertools record of its own: the same data
 * hashed under the key prefix `<prefix>#owner`, whose stored result is the owner's execution ARN.
 * Switching the store's public `idempotencyKeyPrefix` around a call is synchronous (Powertools
 * derives the key before its first `await`), so no other call can observe the switch.
 */
export class DurableClaimStore {
  readonly #store: BasePersistenceLayer;
  readonly #throwOnNoIdempotencyKey: boolean;
  readonly #responseHook: IdempotencyConfig['responseHook'];
  readonly #claimPrefix: string;
  readonly #ownerPrefix: string;

  /**
   * @param store - the caller's Powertools persistence store
   * @param storeConfig - the configuration to give the store (see `storeConfigOf`)
   * @param throwOnNoIdempotencyKey - what the caller asked a missing key to do
   * @param keyPrefix - the caller's key prefix, if any
   */
  public constructor(
    store: BasePersistenceLayer,
    storeConfig: IdempotencyConfig,
    throwOnNoIdempotencyKey: boolean,
    keyPrefix?: string,
  ) {
    this.#store = store;
    this.#throwOnNoIdempotencyKey = throwOnNoIdempotencyKey;
    this.#responseHook = storeConfig.responseHook;
    store.configure({ config: storeConfig, keyPrefix });
    assertConfiguredWith(store, storeConfig);
    this.#claimPrefix = store.idempotencyKeyPrefix;
    this.#ownerPrefix = `${this.#claimPrefix}${OWNER_KEY_PREFIX_SUFFIX}`;
  }

  /**
   * Claims the key of `data` for the execution `executionArn` until `claimUntil` (epoch ms).
   *
   * @throws IdempotencyAlreadyInProgressError - another execution holds the key
   * @throws IdempotencyValidationError - the key was used with a different payload
   * @throws IdempotencyKeyError - no key in `data` and `throwOnNoIdempotencyKey` is on
   * @throws IdempotencyPersistenceLayerError - the store failed
   */
  public async claim(
    data: StoreValue,
    executionArn: string,
    claimUntil: number,
  ): Promise<ClaimOutcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        // Powertools ignores a remaining time of 0; a claim always lasts at least a second.
        const remainingMs = Math.max(1000, claimUntil - Date.now());
        await this.#keyed(this.#claimPrefix, () => this.#store.saveInProgress(data, remainingMs));
      } catch (error) {
        if (isNamed(error, 'IdempotencyKeyError')) return this.#unkeyed(error);
        if (!isNamed(error, 'IdempotencyItemAlreadyExistsError')) {
          throw new IdempotencyPersistenceLayerError(
            'Failed to save in progress record to idempotency store',
            { cause: error },
          );
        }
        const outcome = await this.#resolveExisting(data, existingRecordOf(error), executionArn);
        if (outcome !== 'retry') return outcome;
        if (attempt >= MAX_CLAIM_RETRIES) {
          throw new IdempotencyInconsistentStateError(
            'The idempotency record kept changing while this execution tried to claim it.',
          );
        }
        continue;
      }
      await this.#recordOwner(data, executionArn);
      return { status: 'claimed', resumed: false };
    }
  }

  /**
   * Stores `result` as the completed result of the key of `data` (COMPLETED, with Powertools' expiry).
   *
   * @throws IdempotencyPersistenceLayerError - the store failed
   */
  public async complete(data: StoreValue, result: unknown): Promise<void> {
    try {
      await this.#keyed(this.#claimPrefix, () =>
        this.#store.saveSuccess(data, result as StoreValue),
      );
    } catch (error) {
      if (isNamed(error, 'IdempotencyKeyError')) return;
      throw new IdempotencyPersistenceLayerError(
        'Failed to update success record to idempotency store',
        { cause: error },
      );
    }
  }

  /**
   * Releases the claim on the key of `data` (and its owner record), so that a redelivery can run.
   *
   * @throws IdempotencyPersistenceLayerError - the store failed
   */
  public async release(data: StoreValue): Promise<void> {
    try {
      await Promise.all([
        this.#keyed(this.#claimPrefix, () => this.#store.deleteRecord(data)),
        this.#keyed(this.#ownerPrefix, () => this.#store.deleteRecord(data)),
      ]);
    } catch (error) {
      if (isNamed(error, 'IdempotencyKeyError')) return;
      throw new IdempotencyPersistenceLayerError('Failed to delete record from idempotency store', {
        cause: error,
      });
    }
  }

  /** Decides what an existing record means for the execution `executionArn`. */
  async #resolveExisting(
    data: StoreValue,
    existing: IdempotencyRecord | undefined,
    executionArn: string,
  ): Promise<ClaimOutcome | 'retry'> {
    let record: IdempotencyRecord;
    try {
      // Validates the payload (IdempotencyValidationError) and fills the local cache, as Powertools.
      record =
        existing === undefined
          ? await this.#keyed(this.#claimPrefix, () => this.#store.getRecord(data))
          : this.#store.processExistingRecord(existing, data);
    } catch (error) {
      if (isNamed(error, 'IdempotencyItemNotFoundError')) return 'retry';
      if (isNamed(error, 'IdempotencyValidationError')) throw error;
      throw new IdempotencyPersistenceLayerError('Failed to get record from idempotency store', {
        cause: error,
      });
    }
    const status = record.getStatus();
    if (status === IdempotencyRecordStatus.EXPIRED) return 'retry';
    if (status === IdempotencyRecordStatus.COMPLETED) {
      const response = record.getResponse();
      return {
        status: 'completed',
        response: this.#responseHook ? this.#responseHook(response, record) : response,
      };
    }
    const owner = await this.#readOwner(data);
    if (owner === executionArn) return { status: 'claimed', resumed: true };
    throw new IdempotencyAlreadyInProgressError(
      `There is already an execution in progress with idempotency key: ${record.idempotencyKey}` +
        `${owner === undefined ? '' : ` (execution ${owner})`}. This delivery fails so that its ` +
        'event source retries it later; by then the result is stored or the claim released.',
      record,
    );
  }

  /** Records `executionArn` as the holder of the claim; releases the claim if it cannot. */
  async #recordOwner(data: StoreValue, executionArn: string): Promise<void> {
    const owner: OwnerRecordData = { executionArn };
    try {
      await this.#keyed(this.#ownerPrefix, () => this.#store.saveSuccess(data, { ...owner }));
    } catch (error) {
      await this.release(data).catch(() => undefined);
      throw new IdempotencyPersistenceLayerError(
        'Failed to record which execution holds the in-progress idempotency record',
        { cause: error },
      );
    }
  }

  /** The execution ARN recorded as holder of the claim on the key of `data`, if any. */
  async #readOwner(data: StoreValue): Promise<string | undefined> {
    let record: IdempotencyRecord;
    try {
      record = await this.#keyed(this.#ownerPrefix, () => this.#store.getRecord(data));
    } catch (error) {
      if (isNamed(error, 'IdempotencyItemNotFoundError')) return undefined;
      // The claim record's payload was validated already. `CachePersistenceLayer` does not store
      // the payload hash with a completed record, so the owner record of a cache fails validation.
      const validated = isNamed(error, 'IdempotencyValidationError')
        ? existingRecordOf(error)
        : undefined;
      if (validated === undefined) {
        throw new IdempotencyPersistenceLayerError(
          'Failed to get the owner of the in-progress idempotency record',
          { cause: error },
        );
      }
      record = validated;
    }
    if (record.getStatus() !== IdempotencyRecordStatus.COMPLETED) return undefined;
    const response = record.getResponse() as Partial<OwnerRecordData> | null | undefined;
    return typeof response?.executionArn === 'string' ? response.executionArn : undefined;
  }

  #unkeyed(error: Error): ClaimOutcome {
    if (this.#throwOnNoIdempotencyKey) throw error;
    return { status: 'unkeyed' };
  }

  /** Runs a store call with the store's key prefix set to `prefix` while it derives the key. */
  #keyed<T>(prefix: string, call: () => Promise<T>): Promise<T> {
    const previous = this.#store.idempotencyKeyPrefix;
    this.#store.idempotencyKeyPrefix = prefix;
    try {
      return call();
    } finally {
      this.#store.idempotencyKeyPrefix = previous;
    }
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
    throw new IdempotencyPersistenceLayerError(
      `The persistence store is already configured with eventKeyJmesPath '${configured}' by another ` +
        'idempotent function or middleware, and Powertools configures a store only once. Give the ' +
        'durable idempotency utility its own persistence store instance.',
    );
  }
};
