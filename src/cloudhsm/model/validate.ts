import { shapeOf, type Shape } from './shapes';
import { OPERATIONS, type OperationName } from './operations';

/** One broken constraint: the member path (e.g. `TagList.1.Key`) and a readable reason. */
export interface Violation {
  readonly member: string;
  readonly constraint: 'required' | 'type' | 'pattern' | 'length' | 'enum' | 'unknown';
  readonly message: string;
}

const patternCache = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'u');
    patternCache.set(pattern, re);
  }
  return re;
}

function preview(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > 64 ? `${s.slice(0, 61)}...` : s;
}

function check(shape: Shape, value: unknown, path: string, out: Violation[], strictMembers: boolean): void {
  switch (shape.type) {
    case 'string': {
      if (typeof value !== 'string') {
        out.push({ member: path, constraint: 'type', message: `Member ${path} must be a string` });
        return;
      }
      if (shape.min !== undefined && value.length < shape.min) {
        out.push({
          member: path,
          constraint: 'length',
          message: `Value at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`,
        });
      }
      if (shape.max !== undefined && value.length > shape.max) {
        out.push({
          member: path,
          constraint: 'length',
          message: `Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`,
        });
      }
      if (shape.enum && !shape.enum.includes(value)) {
        out.push({
          member: path,
          constraint: 'enum',
          message: `Value '${preview(value)}' at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${shape.enum.join(', ')}]`,
        });
      }
      if (shape.pattern && !regex(shape.pattern).test(value)) {
        out.push({
          member: path,
          constraint: 'pattern',
          message: `Value '${preview(value)}' at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${shape.pattern}`,
        });
      }
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') {
        out.push({ member: path, constraint: 'type', message: `Member ${path} must be a boolean` });
      }
      return;
    case 'list': {
      if (!Array.isArray(value)) {
        out.push({ member: path, constraint: 'type', message: `Member ${path} must be a list` });
        return;
      }
      const member = shapeOf(shape.member);
      value.forEach((item, i) => check(member, item, `${path}.${i + 1}`, out, strictMembers));
      return;
    }
    case 'structure': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        out.push({
          member: path || 'body',
          constraint: 'type',
          message: `Member ${path || 'body'} must be a structure`,
        });
        return;
      }
      const obj = value as Record<string, unknown>;
      for (const [name, def] of Object.entries(shape.members)) {
        const childPath = path ? `${path}.${name}` : name;
        const v = obj[name];
        if (v === undefined || v === null) {
          if (def.required) {
            out.push({
              member: childPath,
              constraint: 'required',
              message: `Value null at '${childPath}' failed to satisfy constraint: Member must not be null`,
            });
          }
          continue;
        }
        check(shapeOf(def.target), v, childPath, out, strictMembers);
      }
      if (strictMembers) {
        for (const name of Object.keys(obj)) {
          if (!(name in shape.members)) {
            const childPath = path ? `${path}.${name}` : name;
            out.push({ member: childPath, constraint: 'unknown', message: `Unknown member ${childPath}` });
          }
        }
      }
      return;
    }
  }
}

/** Validates a value against a named shape; returns every violation (empty when valid). */
export function validateShape(
  shapeName: string,
  value: unknown,
  opts: { strictMembers?: boolean } = {},
): Violation[] {
  const out: Violation[] = [];
  check(shapeOf(shapeName), value, '', out, opts.strictMembers ?? false);
  return out;
}

/**
 * Validates an operation's input. Unknown members are ignored, as AWS JSON services do, so
 * newer clients keep working. Returns every violation (empty when valid).
 */
export function validateInput(operation: OperationName, input: unknown): Violation[] {
  return validateShape(OPERATIONS[operation].input, input);
}

/** The AWS-style message for a list of violations ("1 validation error detected: ..."). */
export function describeViolations(violations: readonly Violation[]): string {
  const n = violations.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.map((v) => v.message).join('; ')}`;
}
