import { format } from 'node:util';

/** `util.format` placeholders: `%s %d %i %f %j %o %O %c %%`. */
const FORMAT_SPECIFIER = /%[sdifjoOc%]/;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Error) &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);

/**
 * Turns the arguments of a console-style call (`context.logger.info(...)`: the SDK's logger
 * interface, whose default implementation formats with `util.format`) into one Powertools call,
 * `(message, ...extra)`:
 *
 * - `('User %s (ID: %d)', 'TestUser', 12345)` and `('params:', 'p1', 'p2', 42, true)` become the
 *   message `util.format` writes (`User TestUser (ID: 12345)`, `params: p1 p2 42 true`);
 * - an `Error` anywhere goes to Powertools as the record's `error` (name, message, stack, location)
 *   instead of being flattened; alone, its message is the record's message;
 * - Powertools' own shapes pass unchanged: a single message or log item, and a message followed
 *   only by plain objects (their keys become record keys).
 */
export const toPowertoolsArguments = (args: readonly unknown[]): [unknown, unknown[]] => {
  const [first, ...rest] = args;
  if (args.length === 0) return ['', []];
  if (args.length === 1) return first instanceof Error ? [first.message, [first]] : [first, []];
  const structured =
    typeof first === 'string' && !FORMAT_SPECIFIER.test(first) && rest.every(isPlainObject);
  if (structured) return [first, rest];
  const error = args.find((arg): arg is Error => arg instanceof Error);
  const printable = args.filter((arg) => !(arg instanceof Error));
  const message =
    printable.length === 0
      ? (error?.message ?? '')
      : format(...(printable as [unknown, ...unknown[]]));
  return [message, error === undefined ? [] : [error]];
};
