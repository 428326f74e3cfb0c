/**
 * Reads serverless.yml the way the local runtime needs it: functions, their EventBridge rules
 * (patterns), schedules and SQS triggers, and the stage parameters, with the few `${…}`
 * variables we use resolved to local values. The deployed rules and the local routing therefore
 * come from one file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type ScalarTag, type CollectionTag } from 'yaml';
import type { EventPattern } from './event-pattern';

/** serverless.yml at the repository root. */
export const SERVERLESS_YML = fileURLToPath(new URL('../../serverless.yml', import.meta.url));

/** One EventBridge rule that targets a function. */
export interface LocalRule {
  readonly name: string;
  readonly functionName: string;
  readonly pattern: EventPattern;
}

/** One function as the local runtime sees it. */
export interface LocalFunction {
  readonly name: string;
  /** `functions/poll.handler` → module `functions/poll`, export `handler`. */
  readonly handler: string;
  readonly module: string;
  readonly exportName: string;
  readonly rules: readonly LocalRule[];
  readonly schedules: readonly string[];
  readonly sqs: boolean;
  /** Plain-string environment variables (CloudFormation references are left out). */
  readonly environment: Readonly<Record<string, string>>;
}

/** The parts of serverless.yml the local runtime uses. */
export interface LocalServiceConfig {
  readonly service: string;
  readonly stage: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly functions: readonly LocalFunction[];
  readonly rules: readonly LocalRule[];
}

/** serverless.yml could not be read or used a variable we cannot resolve locally. */
export class ServerlessConfigError extends Error {
  override readonly name = 'ServerlessConfigError';
}

const INTRINSICS = ['Ref', 'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'Equals', 'Not', 'And', 'Or'];
const FN = (n: string) => (n === 'Ref' ? 'Ref' : `Fn::${n}`);

// CloudFormation short-form tags: kept as their long form so parsing never fails on them.
const CFN_TAGS: Array<ScalarTag | CollectionTag> = INTRINSICS.flatMap((n) => [
  { tag: `!${n}`, resolve: (s: string) => ({ [FN(n)]: n === 'GetAtt' ? s.split('.') : s }) } as ScalarTag,
  {
    tag: `!${n}`,
    collection: 'seq',
    resolve: (seq: { toJSON(): unknown }) => ({ [FN(n)]: seq.toJSON() }),
  } as unknown as CollectionTag,
]);

/** Reads and resolves serverless.yml for `stage` (default `local`). */
export function loadServiceConfig(
  opts: { path?: string; stage?: string; region?: string } = {},
): LocalServiceConfig {
  const path = opts.path ?? SERVERLESS_YML;
  const stage = opts.stage ?? 'local';
  const region = opts.region ?? 'us-east-1';
  let raw: Record<string, unknown>;
  try {
    raw = parse(readFileSync(path, 'utf8'), { customTags: CFN_TAGS }) as Record<string, unknown>;
  } catch (err) {
    throw new ServerlessConfigError(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  const allParams = (raw['params'] ?? {}) as Record<string, Record<string, unknown>>;
  const params = { ...(allParams['default'] ?? {}), ...(allParams[stage] ?? {}) };
  const service = String(raw['service']);
  const resolve = (value: unknown): unknown => resolveVariables(value, { params, stage, region, service });

  const providerEnv = ((raw['provider'] as Record<string, unknown> | undefined)?.['environment'] ??
    {}) as Record<string, unknown>;
  const functions: LocalFunction[] = [];
  const rules: LocalRule[] = [];
  for (const [name, def] of Object.entries(
    (raw['functions'] ?? {}) as Record<string, Record<string, unknown>>,
  )) {
    const handler = String(def['handler']);
    const dot = handler.lastIndexOf('.');
    const events = (def['events'] ?? []) as Array<Record<string, Record<string, unknown> | string>>;
    const fnRules: LocalRule[] = [];
    const schedules: string[] = [];
    let sqs = false;
    events.forEach((event, i) => {
      const eb = event['eventBridge'];
      if (eb && typeof eb === 'object' && eb['pattern']) {
        const rule = {
          name: `${service}-${stage}-${name}-rule-${i + 1}`,
          functionName: name,
          pattern: resolve(eb['pattern']) as EventPattern,
        };
        fnRules.push(rule);
        rules.push(rule);
      }
      if (event['schedule'] !== undefined) {
        const s = event['schedule'];
        schedules.push(String(resolve(typeof s === 'object' ? s['rate'] : s)));
      }
      if (event['sqs'] !== undefined) sqs = true;
    });
    const environment: Record<string, string> = {};
    for (const [k, v] of Object.entries({
      ...providerEnv,
      ...((def['environment'] ?? {}) as Record<string, unknown>),
    })) {
      const r = resolve(v);
      if (typeof r === 'string' || typeof r === 'number' || typeof r === 'boolean')
        environment[k] = String(r);
    }
    functions.push({
      name,
      handler,
      module: handler.slice(0, dot),
      exportName: handler.slice(dot + 1),
      rules: fnRules,
      schedules,
      sqs,
      environment,
    });
  }
  return { service, stage, params, functions, rules };
}

interface VariableSources {
  readonly params: Readonly<Record<string, unknown>>;
  readonly stage: string;
  readonly region: string;
  readonly service: string;
}

const VARIABLE = /\$\{([a-z]+):([^},]*)(?:,\s*'([^']*)')?\}/g;

/** Resolves `${param:x}`, `${sls:stage}`, `${opt:region, '…'}` and `${self:service}` in a value. */
export function resolveVariables(value: unknown, src: VariableSources): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveVariables(v, src));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveVariables(v, src)]));
  }
  if (typeof value !== 'string' || !value.includes('${')) return value;
  const lookup = (kind: string, key: string, fallback: string | undefined): unknown => {
    if (kind === 'param' && key in src.params) return src.params[key];
    if (kind === 'sls' && key === 'stage') return src.stage;
    if (kind === 'opt' && key === 'region') return src.region;
    if (kind === 'opt' && key === 'stage') return src.stage;
    if (kind === 'self' && key === 'service') return src.service;
    if (fallback !== undefined) return fallback;
    // CloudFormation's own ${AWS::Region} etc. are not ours to resolve.
    if (kind === 'AWS') return undefined;
    throw new ServerlessConfigError(`unresolvable variable \${${kind}:${key}}`);
  };
  // A value that is exactly one variable keeps the variable's type (numbers stay numbers), as
  // the Serverless Framework does.
  const whole = /^\$\{([a-z]+):([^},]*)(?:,\s*'([^']*)')?\}$/.exec(value);
  if (whole) return lookup(whole[1] as string, (whole[2] as string).trim(), whole[3]);
  return value.replace(VARIABLE, (m, kind: string, key: string, fallback: string | undefined) => {
    const r = lookup(kind, key.trim(), fallback);
    return r === undefined ? m : String(r);
  });
}
