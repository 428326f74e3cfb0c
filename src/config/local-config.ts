/**
 * Where hsmwatch keeps local state (the CLI's default, and `npm start -- --state-dir`), parsed
 * once from options and the environment with zod. Local state is a directory, `.hsmwatch/` in the
 * working directory unless HSMWATCH_HOME or --state-dir says otherwise:
 *   db/            dynalite's LevelDB files (the same table layout as in AWS)
 *   emulator.json  the embedded emulator's state file (fleet survives between commands)
 *   events.jsonl   every event the local bus carried, one envelope per line (`events tail`)
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** Account and region of the embedded emulator's fleet (the emulator's defaults). */
export const LOCAL_ACCOUNT_ID = '123456789012';
export const LOCAL_REGION = 'us-east-1';
/** The table name used in local state. */
export const LOCAL_TABLE_NAME = 'hsmwatch-local';

/** Resolved local-state paths. */
export interface LocalConfig {
  readonly stateDir: string;
  readonly dbPath: string;
  readonly emulatorStateFile: string;
  readonly eventsFile: string;
  readonly tableName: string;
  readonly accountId: string;
  readonly region: string;
}

/** Thrown for an unusable local-state setting; names the option or variable. */
export class LocalConfigError extends Error {
  override readonly name = 'LocalConfigError';
}

const schema = z.object({
  stateDir: z.string().min(1, 'must not be empty'),
});

/** Resolves local-state paths from `--state-dir`, then HSMWATCH_HOME, then `.hsmwatch`. */
export function loadLocalConfig(
  options: { stateDir?: string } = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): LocalConfig {
  const raw = options.stateDir ?? env['HSMWATCH_HOME'] ?? '.hsmwatch';
  const parsed = schema.safeParse({ stateDir: raw });
  if (!parsed.success) {
    const field = options.stateDir !== undefined ? '--state-dir' : 'HSMWATCH_HOME';
    throw new LocalConfigError(`${field}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  const stateDir = resolve(cwd, parsed.data.stateDir);
  return {
    stateDir,
    dbPath: join(stateDir, 'db'),
    emulatorStateFile: join(stateDir, 'emulator.json'),
    eventsFile: join(stateDir, 'events.jsonl'),
    tableName: LOCAL_TABLE_NAME,
    accountId: LOCAL_ACCOUNT_ID,
    region: LOCAL_REGION,
  };
}
