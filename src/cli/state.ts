/**
 * Opens the state the CLI reads and writes: local state (dynalite on disk under `.hsmwatch/`,
 * see src/config/local-config.ts) by default, or the deployed table with `--table` and
 * `--region` (default AWS credentials).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ResourceStore } from '../adapters/dynamo/resource-store';
import { DynamoIncidentStore } from '../adapters/dynamo/incident-store';
import { DynamoSilenceStore } from '../adapters/dynamo/silence-store';
import { loadLocalConfig, type LocalConfig } from '../config/local-config';
import { startLocalDynamo } from '../local/persistent-dynalite';
import { CliError } from './cli-error';

/** Options every command accepts (declared on the root command). */
export interface GlobalOptions {
  readonly stateDir?: string;
  readonly table?: string;
  readonly region?: string;
}

/** An open state: the table and the stores over it. */
export interface CliState {
  readonly mode: 'local' | 'deployed';
  /** For messages and the report: `local state /path/.hsmwatch` or `table T (region)`. */
  readonly description: string;
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Local mode only. */
  readonly local?: LocalConfig;
  /** Local mode only: the dynalite endpoint (the local runtime reuses it). */
  readonly endpoint?: string;
  readonly resources: ResourceStore;
  readonly incidents: DynamoIncidentStore;
  readonly silences: DynamoSilenceStore;
  close(): Promise<void>;
}

/** Opens local state, or the deployed table when `--table` is given. */
export async function openState(g: GlobalOptions): Promise<CliState> {
  if (g.table !== undefined) {
    const region = g.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'];
    if (!region) throw new CliError('--region is required with --table (or set AWS_REGION)', 2);
    const client = new DynamoDBClient({ region });
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    return stores(doc, g.table, 'deployed', `table ${g.table} (${region})`, async () => client.destroy());
  }
  const local = loadLocalConfig({ ...(g.stateDir !== undefined ? { stateDir: g.stateDir } : {}) });
  const db = await startLocalDynamo({ path: local.dbPath, tableName: local.tableName });
  const state = stores(db.doc, local.tableName, 'local', `local state ${local.stateDir}`, db.stop);
  return { ...state, local, endpoint: db.endpoint };
}

function stores(
  doc: DynamoDBDocumentClient,
  tableName: string,
  mode: 'local' | 'deployed',
  description: string,
  close: () => Promise<void>,
): CliState {
  return {
    mode,
    description,
    doc,
    tableName,
    resources: new ResourceStore({ doc, tableName }),
    incidents: new DynamoIncidentStore(doc, tableName),
    silences: new DynamoSilenceStore(doc, tableName),
    close,
  };
}

/** Runs `fn` with an open state and always closes it. */
export async function withState<T>(g: GlobalOptions, fn: (state: CliState) => Promise<T>): Promise<T> {
  const state = await openState(g);
  try {
    return await fn(state);
  } finally {
    await state.close();
  }
}
