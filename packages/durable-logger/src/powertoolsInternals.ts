import { Console } from 'node:console';
import { Logger, LogLevelThreshold } from '@aws-lambda-powertools/logger';
import { warnOnce } from '@durable-powertools/commons';

/**
 * The ONE module that reads or writes members of Powertools' `Logger` which its types mark private
 * or protected (tested with `@aws-lambda-powertools/logger` 2.36). Each use is guarded: a member that
 * is missing or of an unexpected type is reported once per process (`DURABLE_POWERTOOLS_POWERTOOLS_DRIFT`)
 * with what degrades, and the feature degrades instead of throwing. `tests/unit/powertoolsInternals.test.ts`
 * fails when one changes.
 */
export const POWERTOOLS_MEMBERS = {
  'Logger.prototype.createChild':
    'loggers made with createChild() are not linked to their parent: their direct calls repeat on replay',
  createLogger:
    'logBufferOptions is not read: buffered lines are left to Powertools, which does not know about replays',
  createAndPopulateLogItem: 'logBufferOptions is not applied across replays',
  printLog: 'logBufferOptions is not applied across replays',
  console:
    'with POWERTOOLS_DEV under AWS_LAMBDA_LOG_FORMAT=JSON, records go through the global console (a record inside a record)',
  logIndentation:
    'with POWERTOOLS_DEV under AWS_LAMBDA_LOG_FORMAT=JSON, records span several lines',
} as const;

/** One of {@link POWERTOOLS_MEMBERS}. */
export type PowertoolsMember = keyof typeof POWERTOOLS_MEMBERS;

const drifted = (member: PowertoolsMember): undefined => {
  warnOnce(
    `logger:${member}`,
    `durable-powertools: Powertools' Logger no longer has the member ${member} this package was tested ` +
      `with (@aws-lambda-powertools/logger 2.36), so ${POWERTOOLS_MEMBERS[member]}. Install a tested ` +
      'version (see the peer dependency range).',
    'DURABLE_POWERTOOLS_POWERTOOLS_DRIFT',
  );
  return undefined;
};

/** The private and protected members, as plain runtime fields. */
type LoggerInternals = Partial<
  Record<Exclude<PowertoolsMember, 'Logger.prototype.createChild'>, unknown>
>;

const internals = (logger: Logger): LoggerInternals => logger as unknown as LoggerInternals;
type Method = (...args: unknown[]) => unknown;

/** The members a `new Logger()` lacks (empty on a tested Powertools version). */
export const missingPowertoolsMembers = (logger: Logger = new Logger()): PowertoolsMember[] => {
  const own = internals(logger);
  const missing: PowertoolsMember[] = [];
  if (typeof Logger.prototype.createChild !== 'function') {
    missing.push('Logger.prototype.createChild');
  }
  for (const method of ['createLogger', 'createAndPopulateLogItem', 'printLog'] as const) {
    if (typeof own[method] !== 'function') missing.push(method);
  }
  if (typeof (own.console as Console | undefined)?.log !== 'function') missing.push('console');
  if (typeof own.logIndentation !== 'number') missing.push('logIndentation');
  return missing;
};

type CreateChild = (this: Logger, options?: object) => Logger;

interface ChildRegistry {
  readonly parents: WeakMap<Logger, Logger>;
  readonly children: WeakMap<Logger, Set<WeakRef<Logger>>>;
  onChild: ((child: Logger, parent: Logger) => void) | undefined;
}

// Registered symbols: an ESM and a CJS copy of this package share one registry and one patch.
const REGISTRY = Symbol.for('@durable-powertools/logger.children.v1');
const PATCHED = Symbol.for('@durable-powertools/logger.createChild.v1');
const shared = globalThis as Record<symbol, ChildRegistry | undefined>;
shared[REGISTRY] ??= { parents: new WeakMap(), children: new WeakMap(), onChild: undefined };
const registry: ChildRegistry = shared[REGISTRY];

const prototype = Logger.prototype as unknown as Record<PropertyKey, unknown>;
/** `createChild` as Powertools defines it, before this package records parents. */
const originalCreateChild = (prototype[PATCHED] ?? prototype.createChild) as
  | CreateChild
  | undefined;

// Done when the package is first imported, so children created at module load are linked too.
// Only records the link: the child is exactly what Powertools returns.
if (typeof originalCreateChild !== 'function') {
  drifted('Logger.prototype.createChild');
} else if (prototype[PATCHED] === undefined) {
  prototype[PATCHED] = originalCreateChild;
  prototype.createChild = function recordedCreateChild(this: Logger, options?: object): Logger {
    const child = originalCreateChild.call(this, options);
    registry.parents.set(child, this);
    const children = registry.children.get(this) ?? new Set();
    registry.children.set(this, children.add(new WeakRef(child)));
    registry.onChild?.(child, this);
    return child;
  };
}

/** The logger at the top of `logger`'s `createChild` chain (itself if it is not a child). */
export const rootLoggerOf = (logger: Logger): Logger => {
  const parent = registry.parents.get(logger);
  return parent === undefined ? logger : rootLoggerOf(parent);
};

/** Every live logger created with `createChild` from `logger`, their children included. */
export const descendantsOf = (logger: Logger): Logger[] => {
  const found: Logger[] = [];
  const visit = (parent: Logger): void => {
    for (const reference of registry.children.get(parent) ?? []) {
      const child = reference.deref();
      if (child === undefined) {
        registry.children.get(parent)?.delete(reference);
        continue;
      }
      found.push(child);
      visit(child);
    }
  };
  visit(logger);
  return found;
};

/** Registers what to do with each child created from now on (routing it like its parent). */
export const onChildCreated = (handler: (child: Logger, parent: Logger) => void): void => {
  registry.onChild = handler;
};

/** What a logger's `logBufferOptions` came to (Powertools keeps it in a private field). */
export interface BufferConfig {
  /** Records at this level or below are buffered (a `LogLevelThreshold` number). */
  readonly atVerbosity: number;
  readonly flushOnErrorLog: boolean;
}

type BufferOptions = {
  logBufferOptions?: { bufferAtVerbosity?: string; flushOnErrorLog?: boolean };
};
const configs = new WeakMap<Logger, BufferConfig | null>();
const CAPTURED = Symbol('captured');

/**
 * The buffering configuration of `logger`, or `undefined` when it does not buffer (or a member this
 * needs drifted). Powertools keeps it private, but `createChild` hands it to the protected
 * `createLogger` as `logBufferOptions`: that call is intercepted (no child is created). Once per logger.
 */
export const bufferConfigOf = (logger: Logger): BufferConfig | undefined => {
  const known = configs.get(logger);
  if (known !== undefined) return known ?? undefined;
  const own = internals(logger);
  const usable =
    typeof originalCreateChild === 'function' &&
    (typeof own.createLogger === 'function' || drifted('createLogger')) &&
    (typeof own.createAndPopulateLogItem === 'function' || drifted('createAndPopulateLogItem')) &&
    (typeof own.printLog === 'function' || drifted('printLog'));
  let options: BufferOptions | undefined;
  if (usable) {
    const descriptor = Object.getOwnPropertyDescriptor(logger, 'createLogger');
    own.createLogger = (given: BufferOptions): never => {
      options = given;
      throw CAPTURED;
    };
    try {
      originalCreateChild.call(logger);
    } catch (error) {
      if (error !== CAPTURED) throw error;
    } finally {
      if (descriptor === undefined) delete own.createLogger;
      else Object.defineProperty(logger, 'createLogger', descriptor);
    }
    if (options === undefined) drifted('createLogger');
  }
  const buffer = options?.logBufferOptions;
  const level = buffer?.bufferAtVerbosity?.toUpperCase() as keyof typeof LogLevelThreshold;
  const config =
    buffer === undefined
      ? null
      : {
          atVerbosity: LogLevelThreshold[level] ?? LogLevelThreshold.DEBUG,
          flushOnErrorLog: buffer.flushOnErrorLog !== false,
        };
  configs.set(logger, config);
  return config ?? undefined;
};

/** Powertools' log item for a record, built now (timestamp and keys); checked by {@link bufferConfigOf}. */
export const buildLogItem = (logger: Logger, level: number, input: unknown, extra: unknown[]) =>
  (internals(logger).createAndPopulateLogItem as Method).call(logger, level, input, extra);

/** Prints a log item built with {@link buildLogItem}. */
export const printLogItem = (logger: Logger, level: number, item: unknown): void =>
  void (internals(logger).printLog as Method).call(logger, level, item);

/**
 * Under Lambda's JSON log format (`AWS_LAMBDA_LOG_FORMAT=JSON`, required by durable functions),
 * makes `logger` print each record as one compact JSON line on the process streams. With
 * `POWERTOOLS_DEV` set, Powertools prints through the global `console`, which the Lambda runtime
 * patches to wrap each call in its own JSON record, and indents over several lines: the record would
 * end up as a string inside another record's `message` (aws-durable-execution-sdk-js#470).
 */
export const printAsLambdaJsonLines = (logger: Logger): void => {
  if (process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() !== 'JSON') return;
  const own = internals(logger);
  if (typeof (own.console as Console | undefined)?.log !== 'function') drifted('console');
  else if (own.console === globalThis.console) {
    const ownConsole = new Console({ stdout: process.stdout, stderr: process.stderr });
    // As Powertools' own console: `trace` prints like `log`, without a stack (Powertools #2902).
    ownConsole.trace = (message?: unknown, ...params: unknown[]) =>
      ownConsole.log(message, ...params);
    own.console = ownConsole;
  }
  if (typeof own.logIndentation !== 'number') drifted('logIndentation');
  else if (own.logIndentation !== 0) own.logIndentation = 0;
};
