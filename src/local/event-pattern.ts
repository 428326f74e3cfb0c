/**
 * An EventBridge event-pattern matcher: the subset of the pattern language hsmwatch's rules use
 * (exact values, prefix, suffix, anything-but, exists, numeric, wildcard, equals-ignore-case and
 * `$or`). The local runtime routes events with it and the template tests check serverless.yml's
 * rules with it, so what runs on a laptop is what the deployed rules would deliver.
 *
 * Semantics follow the EventBridge documentation: every key of the pattern must match; a leaf is
 * an array of alternatives (any may match); an array in the event matches when any element does;
 * a missing field matches only `{"exists": false}`.
 */

/** A JSON value as it appears in an event. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** An EventBridge event pattern (parsed JSON). */
export type EventPattern = Readonly<Record<string, unknown>>;

/** A pattern that EventBridge would refuse, named by the path of the offending field. */
export class InvalidEventPatternError extends Error {
  override readonly name = 'InvalidEventPatternError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

const OPERATORS = new Set([
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'numeric',
  'wildcard',
  'equals-ignore-case',
]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws InvalidEventPatternError unless `pattern` is well-formed for the subset we support. */
export function validatePattern(pattern: unknown, path = '$'): void {
  if (!isPlainObject(pattern)) throw new InvalidEventPatternError(path, 'a pattern must be an object');
  for (const [key, value] of Object.entries(pattern)) {
    const here = `${path}.${key}`;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) {
        throw new InvalidEventPatternError(here, '$or needs an array of at least two patterns');
      }
      value.forEach((alt, i) => validatePattern(alt, `${here}[${i}]`));
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw new InvalidEventPatternError(here, 'a leaf needs at least one value');
      value.forEach((m, i) => validateMatcher(m, `${here}[${i}]`));
    } else if (isPlainObject(value)) {
      validatePattern(value, here);
    } else {
      throw new InvalidEventPatternError(here, 'a leaf must be an array of values or matchers');
    }
  }
}

function validateMatcher(matcher: unknown, path: string): void {
  if (!isPlainObject(matcher)) return; // literal string / number / boolean / null
  const keys = Object.keys(matcher);
  const op = keys[0];
  if (keys.length !== 1 || op === undefined || !OPERATORS.has(op)) {
    throw new InvalidEventPatternError(path, `unsupported matcher ${JSON.stringify(matcher)}`);
  }
  const arg = matcher[op];
  switch (op) {
    case 'exists':
      if (typeof arg !== 'boolean') throw new InvalidEventPatternError(path, 'exists takes true or false');
      return;
    case 'numeric':
      numericPairs(arg, path);
      return;
    case 'prefix':
    case 'suffix':
      if (typeof arg === 'string') return;
      if (isPlainObject(arg) && typeof arg['equals-ignore-case'] === 'string') return;
      throw new InvalidEventPatternError(path, `${op} takes a string`);
    case 'wildcard':
    case 'equals-ignore-case':
      if (typeof arg !== 'string') throw new InvalidEventPatternError(path, `${op} takes a string`);
      return;
    case 'anything-but':
      if (Array.isArray(arg)) {
        if (!arg.every((v) => typeof v === 'string' || typeof v === 'number')) {
          throw new InvalidEventPatternError(path, 'anything-but lists strings or numbers');
        }
        return;
      }
      if (isPlainObject(arg)) return validateMatcher(arg, `${path}.anything-but`);
      if (typeof arg === 'string' || typeof arg === 'number') return;
      throw new InvalidEventPatternError(path, 'anything-but takes a value, a list or a matcher');
  }
}

type Comparison = '<' | '<=' | '=' | '>' | '>=';

function numericPairs(arg: unknown, path: string): Array<[Comparison, number]> {
  if (!Array.isArray(arg) || arg.length === 0 || arg.length % 2 !== 0 || arg.length > 4) {
    throw new InvalidEventPatternError(path, 'numeric takes one or two [operator, number] pairs');
  }
  const pairs: Array<[Comparison, number]> = [];
  for (let i = 0; i < arg.length; i += 2) {
    const op = arg[i] as unknown;
    const n = arg[i + 1] as unknown;
    if (!['<', '<=', '=', '>', '>='].includes(op as string) || typeof n !== 'number' || !Number.isFinite(n)) {
      throw new InvalidEventPatternError(path, `bad numeric comparison ${JSON.stringify([op, n])}`);
    }
    pairs.push([op as Comparison, n]);
  }
  return pairs;
}

/** True when `event` (an EventBridge envelope or any JSON object) matches `pattern`. */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  validatePattern(pattern);
  return matchObject(pattern, event);
}

function matchObject(pattern: Readonly<Record<string, unknown>>, event: unknown): boolean {
  const fields = isPlainObject(event) ? event : {};
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!(sub as unknown[]).some((alt) => matchObject(alt as Record<string, unknown>, event))) return false;
      continue;
    }
    const value = fields[key];
    if (Array.isArray(sub)) {
      if (!matchLeaf(sub, value)) return false;
    } else if (Array.isArray(value)) {
      // An array of objects matches a nested pattern when any element does.
      if (!value.some((v) => matchObject(sub as Record<string, unknown>, v))) return false;
    } else if (!matchObject(sub as Record<string, unknown>, value)) {
      return false;
    }
  }
  return true;
}

function matchLeaf(matchers: readonly unknown[], value: unknown): boolean {
  for (const m of matchers) {
    if (isPlainObject(m) && 'exists' in m) {
      const present =
        value !== undefined && !isPlainObject(value) && !(Array.isArray(value) && value.length === 0);
      if (present === m.exists) return true;
      continue;
    }
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => matchOne(m, v))) return true;
  }
  return false;
}

function matchOne(matcher: unknown, value: unknown): boolean {
  if (!isPlainObject(matcher)) {
    if (matcher === null) return value === null;
    return matcher === value;
  }
  const [op, arg] = Object.entries(matcher)[0] as [string, unknown];
  switch (op) {
    case 'prefix':
      if (typeof value !== 'string') return false;
      return isPlainObject(arg)
        ? value.toLowerCase().startsWith(String(arg['equals-ignore-case']).toLowerCase())
        : value.startsWith(arg as string);
    case 'suffix':
      if (typeof value !== 'string') return false;
      return isPlainObject(arg)
        ? value.toLowerCase().endsWith(String(arg['equals-ignore-case']).toLowerCase())
        : value.endsWith(arg as string);
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === (arg as string).toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && wildcardRegExp(arg as string).test(value);
    case 'numeric':
      return (
        typeof value === 'number' &&
        numericPairs(arg, '$').every(([cmp, n]) => {
          switch (cmp) {
            case '<':
              return value < n;
            case '<=':
              return value <= n;
            case '=':
              return value === n;
            case '>':
              return value > n;
            case '>=':
              return value >= n;
          }
        })
      );
    case 'anything-but':
      if (value === null) return false;
      if (Array.isArray(arg)) return !arg.includes(value as string | number);
      if (isPlainObject(arg))
        return (typeof value === 'string' || typeof value === 'number') && !matchOne(arg, value);
      return value !== arg;
    default:
      return false;
  }
}

const wildcardCache = new Map<string, RegExp>();

function wildcardRegExp(glob: string): RegExp {
  let re = wildcardCache.get(glob);
  if (!re) {
    // `*` is the only metacharacter; `\*` is a literal star.
    const body = glob
      .split(/(\\\*|\*)/)
      .map((part) =>
        part === '*' ? '.*' : part === '\\*' ? '\\*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('');
    re = new RegExp(`^${body}$`, 's');
    wildcardCache.set(glob, re);
  }
  return re;
}
