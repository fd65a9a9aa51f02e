/**
 * What a utility reports about one bad option: the option's path (`logger`, `builtInMetrics.duration`),
 * a description of what was given, and what is expected.
 */
export interface InvalidOptionDetails {
  /** The entry point that was given the option, as users call it: `durableLogger()`. */
  readonly utility: string;
  /** Path of the option in the options object, or `options` for the object itself. */
  readonly option: string;
  /** The value that was given. */
  readonly received: unknown;
  /** What the option must be, in words: `a Powertools Logger instance`. */
  readonly expected: string;
  /** The whole message: utility, option, what was given, what is expected, and the fix if any. */
  readonly message: string;
}

/** Builds the package's own error for one bad option. */
export type InvalidOptionErrorFactory = (details: InvalidOptionDetails) => Error;

const MAX_STRING_SHOWN = 40;

const editDistance = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      row[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
};

/** The known name closest to `name`, when it is close enough to be a likely typo. */
const closestName = (name: string, known: readonly string[]): string | undefined => {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (best === undefined || distance < best.distance) best = { name: candidate, distance };
  }
  if (best === undefined) return undefined;
  const shared = name.toLowerCase().includes(best.name.toLowerCase().slice(0, 5));
  return best.distance <= Math.max(2, Math.floor(best.name.length / 3)) || shared
    ? best.name
    : undefined;
};

/**
 * Describes a value for an error message without printing it whole (it may be a large object or hold
 * secrets): its type, a class name, or the keys of a plain object.
 *
 * @example
 * ```ts
 * describeValue(new Logger()); // 'a Logger instance'
 * describeValue({}); // 'an empty object'
 * describeValue({ logger: 1 }); // 'an object with the key(s) logger'
 * ```
 */
export const describeValue = (value: unknown): string => {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown =
      value.length > MAX_STRING_SHOWN ? `${value.slice(0, MAX_STRING_SHOWN)}...` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'function') {
    return value.name === '' ? 'a function' : `the function ${value.name}`;
  }
  if (typeof value !== 'object') return `the ${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return `an array of ${value.length} item(s)`;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string' && name !== '') return `a ${name} instance`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty object';
  return `an object with the key(s) ${keys.join(', ')}`;
};

/** Whether `value` is an object with every one of `methods` as a function. */
export const hasMethods = (value: unknown, methods: readonly string[]): boolean =>
  typeof value === 'object' &&
  value !== null &&
  methods.every((method) => typeof (value as Record<string, unknown>)[method] === 'function');

/**
 * Checks a utility's options where they are given (when the middleware, decorator or plugin is
 * created), so a mistake fails at construction with a message that names the option, what was
 * given and what is expected, instead of as a `TypeError` deep in an invocation. Each package passes
 * its own error class.
 *
 * @example
 * ```ts
 * const check = new OptionChecks('durableLogger()', (details) => new DurableLoggerOptionError(details));
 * const options = check.object(input, 'an options object such as { logger }');
 * check.boolean(options, 'logEvent');
 * ```
 */
export class OptionChecks {
  readonly #utility: string;
  readonly #fail: InvalidOptionErrorFactory;

  public constructor(utility: string, fail: InvalidOptionErrorFactory) {
    this.#utility = utility;
    this.#fail = fail;
  }

  /** Throws the package's error for `option`. */
  public reject(option: string, received: unknown, expected: string, fix?: string): never {
    const message =
      `${this.#utility}: option \`${option}\` must be ${expected}, but it was ${describeValue(received)}.` +
      (fix === undefined ? '' : ` ${fix}`);
    throw this.#fail({ utility: this.#utility, option, received, expected, message });
  }

  /** `value` as an options object, or the package's error naming `option`. */
  public object(
    value: unknown,
    expected: string,
    option = 'options',
    fix?: string,
  ): Readonly<Record<string, unknown>> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.reject(option, value, expected, fix);
    }
    return value as Readonly<Record<string, unknown>>;
  }

  /**
   * Rejects keys of `options` that are not in `known` (a typo would otherwise be ignored), naming
   * the closest known name. Call it before any other check, so that a misspelt option is reported
   * as unknown and not as a missing one.
   */
  public knownKeys(
    options: Readonly<Record<string, unknown>>,
    known: readonly string[],
    prefix = '',
    fix?: (key: string) => string | undefined,
  ): void {
    for (const key of Object.keys(options)) {
      if (known.includes(key) || options[key] === undefined) continue;
      const closest = closestName(key, known);
      const hint =
        fix?.(key) ??
        (closest === undefined ? 'Remove it.' : `Did you mean \`${prefix}${closest}\`?`);
      const expected = `one of the known options: ${known.map((name) => prefix + name).join(', ')}`;
      throw this.#fail({
        utility: this.#utility,
        option: `${prefix}${key}`,
        received: options[key],
        expected,
        message:
          `${this.#utility}: unknown option \`${prefix}${key}\` (${describeValue(options[key])}). ` +
          `${hint} Known options: ${known.map((name) => prefix + name).join(', ')}.`,
      });
    }
  }

  /** Rejects `options[key]` unless it is a boolean or undefined. */
  public boolean(options: Readonly<Record<string, unknown>>, key: string, prefix = ''): void {
    const value = options[key];
    if (value !== undefined && typeof value !== 'boolean') {
      this.reject(`${prefix}${key}`, value, 'true, false or left out');
    }
  }

  /** Rejects `options[key]` unless it is a non-empty string or undefined. */
  public string(options: Readonly<Record<string, unknown>>, key: string): void {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      this.reject(key, value, 'a non-empty string or left out');
    }
  }

  /**
   * Rejects `options[key]` unless it has all of `methods` (a duck-typed check: `instanceof` fails
   * when two copies of a Powertools package are installed).
   */
  public instance(
    options: Readonly<Record<string, unknown>>,
    key: string,
    expected: string,
    methods: readonly string[],
    fix: string,
    optional = false,
  ): void {
    const value = options[key];
    if (optional && value === undefined) return;
    if (!hasMethods(value, methods)) this.reject(key, value, expected, fix);
  }
}
