/**
 * Reads one zod object of settings from an environment map. Each setting `<NAME>` is read from
 * `<prefix><NAME>` (what serverless.yml sets) or, failing that, the bare `<NAME>`; errors name
 * every bad variable as the environment spells it, so nothing starts on bad config. An empty value
 * counts as unset: CloudFormation cannot omit a variable, so an empty stage parameter (e.g. no
 * Slack secret) must mean "use the default / feature off", not "invalid".
 */
import type { z } from 'zod';

/** A configuration error; `variables` lists every bad variable (also named in the message). */
export class SettingsError extends Error {
  constructor(
    message: string,
    readonly variables: readonly string[] = [],
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

/** How readSettings looks variables up and reports them. */
export interface ReadSettingsOptions {
  /** Tried before the bare name (e.g. `HSMWATCH_`); `''` reads the schema's keys as they are. */
  readonly prefix: string;
  /** What is configured, for the message: `invalid <what> configuration: …`. */
  readonly what: string;
  /** The error class to throw (each configuration keeps its own name). */
  readonly error: new (message: string, variables: readonly string[]) => SettingsError;
}

/** Parses the settings of `schema` from `env`, or throws `options.error` naming every bad variable. */
export function readSettings<S extends z.ZodObject>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
  options: ReadSettingsOptions,
): z.output<S> {
  const { prefix } = options;
  const raw: Record<string, string | undefined> = {};
  const spelled = new Map<string, string>();
  for (const key of Object.keys(schema.shape)) {
    const prefixed = nonEmpty(env[`${prefix}${key}`]);
    const bare = nonEmpty(env[key]);
    const value = prefixed ?? bare;
    if (value !== undefined) raw[key] = value;
    // Name the variable that was set; an unset one by the name operators are told to set.
    spelled.set(key, prefixed === undefined && bare !== undefined ? key : `${prefix}${key}`);
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const named = parsed.error.issues.map((i) => {
    const [head, ...rest] = i.path.map(String);
    const variable = head === undefined ? undefined : (spelled.get(head) ?? head);
    return { variable, path: [variable, ...rest].filter(Boolean).join('.'), message: i.message };
  });
  const variables = [...new Set(named.flatMap((n) => (n.variable ? [n.variable] : [])))];
  const problems = named.map((n) => (n.path ? `${n.path}: ${n.message}` : n.message));
  throw new options.error(`invalid ${options.what} configuration: ${problems.join('; ')}`, variables);
}

const nonEmpty = (value: string | undefined): string | undefined => (value === '' ? undefined : value);
