import type { DurableContext } from '@aws/durable-execution-sdk-js';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyRecordStatus,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import {
  type BasePersistenceLayer,
  IdempotencyRecord,
} from '@aws-lambda-powertools/idempotency/persistence';
import {
  DurableIdempotencyClaimError,
  DurableIdempotencyReleaseError,
  DurableIdempotencyResultNotStoredError,
  messageOf,
} from '../errors.js';
import {
  DEFAULT_EVENT_KEY_JMESPATH,
  optionChecks,
  type ResolvedOptions,
  resolveOptions,
} from '../options.js';
import {
  configuredKeyPathOf,
  expiryTimestampOf,
  fromCache,
  hashedKeyOf,
  hashedPayloadOf,
  putClaim,
  readRecord,
  type StoreValue,
  toCache,
} from '../powertoolsInternals.js';

/**
 * What is stored, and returned to duplicates, in place of a result larger than
 * `maxStoredResultBytes` (or one the store refuses as too large).
 *
 * @example
 * ```ts
 * const omitted: OmittedResult = { durableIdempotency: 'result-omitted', reason: 'too-large', bytes: 512000 };
 * ```
 */
export interface OmittedResult {
  durableIdempotency: 'result-omitted';
  reason: 'too-large';
  /** Size of the result's JSON form, in bytes. */
  bytes: number;
}

/** What a claim attempt decided for the execution that made it. */
export type ClaimOutcome =
  /** The execution holds the claim: it took it now, or an earlier attempt of its own did. */
  | { status: 'claimed' }
  /** Another execution completed this key: its stored result stands in for this execution's. */
  | { status: 'completed'; response: unknown }
  /** The data holds no idempotency key: processed without idempotency, as Powertools does. */
  | { status: 'unkeyed' };

/** What running the workflow (or a record) under a claim came to. */
export type RunOutcome = { ok: true; result: unknown } | { ok: false; error: unknown };

/** A run under a claim that ended; `label` names it in step names and messages (a record's id). */
export interface EndedRun {
  data: StoreValue;
  outcome: RunOutcome;
  label?: string;
}

/** Who holds a claim, and the payload hash Powertools would have stored in its place. */
interface ClaimOwner {
  executionArn?: string;
  payloadHash?: string;
}

/** Times a claim write is attempted in the invocation, and the delay before the second attempt. */
const CLAIM_ATTEMPTS = 3;
const CLAIM_RETRY_DELAY_MS = 200;
/** The mark of a claim's validation attribute: `durable-owner:` and the owner's JSON. */
const OWNER_MARK = 'durable-owner:';

const decodeOwner = (stored: string | undefined): ClaimOwner => {
  if (stored === undefined || !stored.startsWith(OWNER_MARK)) return { payloadHash: stored };
  try {
    const parsed = JSON.parse(stored.slice(OWNER_MARK.length)) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    return { executionArn: text(parsed.executionArn), payloadHash: text(parsed.payloadHash) };
  } catch {
    return {};
  }
};

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

/** Whether `data` is an SQS, Kinesis or DynamoDB Streams batch (the default key finds its ids). */
const isSourceBatch = (data: unknown): boolean => {
  const records = (data as { Records?: unknown } | null)?.Records;
  return (
    Array.isArray(records) &&
    records.some((record: { messageId?: unknown; eventID?: unknown } | null) =>
      [record?.messageId, record?.eventID].some((id) => id !== undefined && id !== null),
    )
  );
};

/**
 * Claims, completes and releases idempotency keys for durable executions on one of Powertools'
 * persistence stores, reusing its key hashing, payload validation, JMESPath, local cache and expiry.
 *
 * The claim is one conditional write: Powertools' INPROGRESS record, with the execution's deadline as
 * in-progress expiry and the owner's execution ARN in the record's validation attribute, next to
 * the payload hash (`durable-owner:{...}`; a base64 hash never starts with the mark). There is no
 * half-claimed state, and a Lambda retry of the owner's first invocation reads itself as the owner.
 */
export class DurableClaimStore {
  /** The options of the utility it serves, checked, with their defaults. */
  public readonly options: ResolvedOptions;
  readonly #store: BasePersistenceLayer;
  readonly #validatesPayload: boolean;
  #warnedWholeEvent = false;

  /** Checks the options of `utility` ({@link resolveOptions}) and configures their store. */
  public constructor(...args: Parameters<typeof resolveOptions>) {
    const options = resolveOptions(...args);
    const { persistenceStore: store, storeConfig: config, keyPrefix } = options;
    this.#store = store;
    this.options = options;
    store.configure({ config, keyPrefix });
    // Powertools configures a store once and ignores later configurations: a store configured by
    // another utility would hash keys with that utility's settings.
    const configured = configuredKeyPathOf(store);
    if (typeof configured === 'string' && configured !== config.eventKeyJmesPath) {
      optionChecks(options.utility).reject(
        'persistenceStore',
        store,
        `a persistence store of its own (this one is already configured with eventKeyJmesPath '${configured}')`,
        'Powertools configures a store only once: give the durable idempotency utility its own instance.',
      );
    }
    this.#validatesPayload = store.isPayloadValidationEnabled();
  }

  /**
   * The hashed idempotency key of `data`, or `undefined` when it has none; then it warns in
   * Powertools' words, or throws Powertools' `IdempotencyKeyError` with `throwOnNoIdempotencyKey`.
   * `quiet` (a replay: the first invocation warned) neither warns nor throws.
   */
  public keyOf(data: StoreValue, quiet = false): string | undefined {
    try {
      const key = hashedKeyOf(this.#store, data);
      const { defaultKey, storeConfig } = this.options;
      const wholeEventDefault =
        defaultKey && storeConfig.eventKeyJmesPath === DEFAULT_EVENT_KEY_JMESPATH;
      if (wholeEventDefault && !quiet && !this.#warnedWholeEvent && !isSourceBatch(data)) {
        this.#warnedWholeEvent = true;
        console.warn(
          `${this.options.utility}: the event is not an SQS, Kinesis or DynamoDB Streams batch, so ` +
            'it is keyed by the whole event, as Powertools does: a redelivery with any field changed ' +
            '(a request id, a timestamp) runs again. Set config.eventKeyJmesPath ' +
            '(new IdempotencyConfig({ eventKeyJmesPath })) to the field that identifies the event.',
        );
      }
      return key;
    } catch (error) {
      if (quiet) return undefined;
      if (!isNamed(error, 'IdempotencyKeyError') || this.options.throwOnNoIdempotencyKey) {
        throw error;
      }
      // Powertools' own words, so that log filters written for Powertools keep matching.
      console.warn(
        `No value found for idempotency_key. jmespath: ${this.options.storeConfig.eventKeyJmesPath}`,
      );
      return undefined;
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
    const payloadHash = this.#validatesPayload ? hashedPayloadOf(this.#store, data) : undefined;
    const cached = fromCache(this.#store, key);
    if (cached !== undefined) {
      const outcome = this.#resolveExisting(cached, executionArn, payloadHash);
      if (outcome !== 'retry') return outcome;
    }
    const owner: ClaimOwner = { executionArn, payloadHash };
    let storeError: unknown;
    for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
      if (attempt > 1 && storeError !== undefined) {
        await sleep(CLAIM_RETRY_DELAY_MS * 2 ** (attempt - 2));
      }
      try {
        const record = new IdempotencyRecord({
          idempotencyKey: key,
          status: IdempotencyRecordStatus.INPROGRESS,
          expiryTimestamp: expiryTimestampOf(this.#store),
          // Powertools ignores a remaining time of 0; a claim always lasts at least a second.
          inProgressExpiryTimestamp: Math.max(claimUntil, Date.now() + 1000),
          payloadHash: `${OWNER_MARK}${JSON.stringify(owner)}`,
        });
        await putClaim(this.#store, record, data);
        return { status: 'claimed' };
      } catch (error) {
        if (!isNamed(error, 'IdempotencyItemAlreadyExistsError')) {
          storeError = error;
          continue;
        }
        storeError = undefined;
        let existing = error.existingRecord as IdempotencyRecord | undefined;
        if (existing === undefined) {
          try {
            existing = await readRecord(this.#store, key, data);
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
      `${this.options.utility} could not claim idempotency key ${key} (claim): ` +
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
  public async complete(data: StoreValue, result: unknown): Promise<'stored' | 'omitted'> {
    const bytes = byteLengthOf(result);
    if (bytes <= this.options.maxStoredResultBytes) {
      try {
        await this.#store.saveSuccess(data, result as StoreValue);
        return 'stored';
      } catch (error) {
        if (!isTooLarge(error)) throw error;
      }
    }
    const omitted: OmittedResult = {
      durableIdempotency: 'result-omitted',
      reason: 'too-large',
      bytes,
    };
    await this.#store.saveSuccess(data, { ...omitted });
    return 'omitted';
  }

  /**
   * Releases the claim on the key of `data`, so that a redelivery can run.
   *
   * @throws the store's error - the caller's checkpointed step retries it
   */
  public async release(data: StoreValue): Promise<void> {
    await this.#store.deleteRecord(data);
  }

  /**
   * Ends the claims of `runs` once they ran, one checkpointed step each attempted
   * `storeWriteAttempts` times, 1 s, 2 s, 4 s, ... apart (each wait ends the invocation, so a retry
   * never runs the workflow's finished steps again): stores the result of a run that succeeded (its
   * claim is never released after that), releases the claim of one that failed.
   *
   * @throws DurableIdempotencyResultNotStoredError - a result not stored past the attempts (claim kept)
   * @throws DurableIdempotencyReleaseError - a claim not released past the attempts
   */
  public async finish(
    context: DurableContext,
    runs: readonly EndedRun[],
    claimUntil: number,
  ): Promise<void> {
    const attempts = this.options.storeWriteAttempts;
    const failed: Array<EndedRun & { cause: unknown }> = [];
    for (const run of runs) {
      const { data, outcome, label } = run;
      const name = `idempotency: ${outcome.ok ? 'store result' : 'release claim'}`;
      let storeError: unknown;
      try {
        const write = async () => {
          try {
            if (outcome.ok) return await this.complete(data, outcome.result);
            return await this.release(data).then(() => null);
          } catch (error) {
            storeError = error;
            throw error;
          }
        };
        await context.step(label === undefined ? name : `${name} ${label}`, write, {
          retryStrategy: (_error, made) =>
            made >= attempts
              ? { shouldRetry: false }
              : { shouldRetry: true, delay: { seconds: 2 ** (made - 1) } },
        });
      } catch (error) {
        failed.push({ ...run, cause: storeError ?? error }); // the SDK's record of an earlier attempt
      }
    }
    const notStored = failed.filter((run) => run.outcome.ok);
    const reported = notStored.length > 0 ? notStored : failed; // a result not stored comes first
    const [first] = reported;
    if (first === undefined) return;
    const labels = reported.map((run) => run.label).join(', ');
    const who = first.label === undefined ? 'The workflow' : `Records ${labels}`;
    const why = `${attempts} attempts): ${messageOf(first.cause)}. `;
    const until = `until ${new Date(claimUntil).toISOString()}, and run after that.`;
    if (first.outcome.ok) {
      throw new DurableIdempotencyResultNotStoredError(
        `${who} succeeded but the result was not stored in the idempotency store (completion, ` +
          `${why}The claim is kept: redeliveries are rejected ${until}`,
        { cause: first.cause },
      );
    }
    throw new DurableIdempotencyReleaseError(
      `${who} failed (${messageOf(first.outcome.error)}) and the claim could not be released ` +
        `(release, ${why}Redeliveries are rejected ${until}`,
      first.outcome.error,
      { cause: first.cause },
    );
  }

  /** Decides what an existing record means for the execution `executionArn`. */
  #resolveExisting(
    record: IdempotencyRecord,
    executionArn: string,
    payloadHash: string | undefined,
  ): ClaimOutcome | 'retry' {
    const stored = decodeOwner(record.payloadHash);
    // Without Powertools' payload hashing (drift) there is no hash to compare: not enforced.
    if (this.#validatesPayload && payloadHash !== undefined && stored.payloadHash !== payloadHash) {
      throw new IdempotencyValidationError(
        'Payload does not match stored record for this event key',
        record,
      );
    }
    const status = record.getStatus();
    if (status === IdempotencyRecordStatus.EXPIRED) return 'retry';
    if (status === IdempotencyRecordStatus.COMPLETED) {
      toCache(this.#store, record);
      const response = record.getResponse();
      const hook = this.options.storeConfig.responseHook;
      return { status: 'completed', response: hook ? hook(response, record) : response };
    }
    if (stored.executionArn === executionArn) return { status: 'claimed' };
    if ((record.inProgressExpiryTimestamp ?? 0) < Date.now()) return 'retry';
    throw new IdempotencyAlreadyInProgressError(
      `There is already an execution in progress with idempotency key: ${record.idempotencyKey}` +
        `${stored.executionArn === undefined ? '' : ` (execution ${stored.executionArn})`}. This ` +
        'delivery fails so that its event source retries it later; by then the result is stored ' +
        'or the claim released.',
      record,
    );
  }
}
