/**
 * The local runtime as the CLI uses it: on local state (`.hsmwatch/`), so the fleet (emulator
 * state file), the table (dynalite on disk), secrets and the event log survive between commands.
 */
import { join } from 'node:path';
import { loadLocalConfig, type LocalConfig } from '../config/local-config';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../local/runtime';
import { formatAlert } from '../local/event-format';
import { quietPowertoolsNoise } from '../local/quiet-stderr';
import { CliError } from './cli-error';
import type { GlobalOptions } from './state';

/** Options of a CLI command that runs the handlers locally. */
export interface CliRuntimeOptions {
  readonly endpoint?: string;
  readonly account?: string;
  readonly remediationMode?: 'dryRun' | 'approve' | 'auto';
  readonly write?: (line: string) => void;
}

/** Starts the runtime on local state, runs `fn`, always stops it. */
export async function withLocalRuntime<T>(
  g: GlobalOptions,
  o: CliRuntimeOptions,
  fn: (rt: LocalRuntime, local: LocalConfig) => Promise<T>,
): Promise<T> {
  if (g.table !== undefined) throw new CliError('this command runs on local state only (no --table)', 2);
  const local = loadLocalConfig(g.stateDir !== undefined ? { stateDir: g.stateDir } : {});
  const write = o.write ?? ((l: string) => process.stdout.write(`${l}\n`));
  const unquiet = quietPowertoolsNoise();
  const opts: LocalRuntimeOptions = {
    dbPath: local.dbPath,
    tableName: local.tableName,
    eventsFile: local.eventsFile,
    remediationMode: o.remediationMode ?? 'dryRun',
    onAlert: (m) => write(formatAlert(m)),
    ...(o.endpoint
      ? {
          endpoint: o.endpoint,
          region: g.region ?? 'us-east-1',
          ...(o.account ? { accountId: o.account } : {}),
        }
      : { emulatorStateFile: local.emulatorStateFile }),
    ...(process.env['SLACK_WEBHOOK_URL'] ? { slackWebhookUrl: process.env['SLACK_WEBHOOK_URL'] } : {}),
  };
  const rt = await startLocalRuntime(opts);
  try {
    return await fn(rt, local);
  } finally {
    await rt.stop();
    unquiet();
  }
}

/** Where the CLI keeps local secrets (generated client keys, config bundles). */
export function localSecretsDir(local: LocalConfig): string {
  return join(local.stateDir, 'secrets');
}
