/**
 * Structural check of a response against the model's output shape.
 *
 * Decision: we enforce types (string, list, structure) and required members, and we do NOT
 * enforce output string patterns, lengths or enums. Reasons:
 * - GetConfig's ConfigFile is typed `String`, whose pattern forbids newlines, yet a real
 *   configuration file is many lines; enforcing it would reject every genuine response.
 * - AWS adds enum values (a new HSM status) and loosens patterns without a new API version;
 *   a monitor that throws on them would go blind exactly when something unusual happens.
 *   Downstream normalisers map unknown values explicitly instead.
 * Unknown members are ignored (kept as sent) for the same forward-compatibility reason.
 * Input patterns ARE enforced, before sending, via the model's validateInput.
 */
import { OPERATIONS, shapeOf, type OperationName, type Violation } from '../model';
import { ResponseParseError } from './errors';

function walk(shapeName: string, value: unknown, path: string, out: Violation[]): void {
  const shape = shapeOf(shapeName);
  const at = path || 'body';
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string')
        out.push({ member: at, constraint: 'type', message: `${at} must be a string` });
      return;
    case 'boolean':
      if (typeof value !== 'boolean')
        out.push({ member: at, constraint: 'type', message: `${at} must be a boolean` });
      return;
    case 'list':
      if (!Array.isArray(value)) {
        out.push({ member: at, constraint: 'type', message: `${at} must be a list` });
        return;
      }
      value.forEach((item, i) => walk(shape.member, item, `${path}.${i + 1}`, out));
      return;
    case 'structure': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        out.push({ member: at, constraint: 'type', message: `${at} must be a structure` });
        return;
      }
      const obj = value as Record<string, unknown>;
      for (const [name, def] of Object.entries(shape.members)) {
        const child = path ? `${path}.${name}` : name;
        const v = obj[name];
        if (v === undefined || v === null) {
          if (def.required)
            out.push({ member: child, constraint: 'required', message: `${child} is required` });
          continue;
        }
        walk(def.target, v, child, out);
      }
    }
  }
}

/** Returns the structural violations of `value` against output shape `shapeName`. */
export function checkOutputShape(shapeName: string, value: unknown): Violation[] {
  const out: Violation[] = [];
  walk(shapeName, value, '', out);
  return out;
}

/** Drops JSON nulls, which awsJson treats as absent, so callers see `undefined`. */
export function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = stripNulls(v);
    return out;
  }
  return value;
}

/** Parses and checks a 2xx body; throws ResponseParseError naming what is wrong. */
export function parseOutput(
  operation: OperationName,
  text: string,
  statusCode: number,
  requestId: string | undefined,
): unknown {
  const common = { operation, statusCode, requestId };
  let value: unknown;
  try {
    // awsJson allows an empty body for an output with no members present.
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch (e) {
    throw new ResponseParseError({ ...common, message: `${operation}: response body is not JSON`, cause: e });
  }
  value = stripNulls(value);
  const violations = checkOutputShape(OPERATIONS[operation].output, value);
  if (violations.length > 0) {
    throw new ResponseParseError({
      ...common,
      message: `${operation}: malformed response: ${violations.map((v) => v.message).join('; ')}`,
      violations,
    });
  }
  return value;
}
