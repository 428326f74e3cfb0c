/**
 * dynalite for the local runtime and the CLI: in memory (the demo) or on disk under the local
 * state directory (LevelDB), with the hsmwatch table created when missing.
 */
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHsmwatchTable } from '../adapters/dynamo/table';

const require = createRequire(import.meta.url);

/** A running dynalite with the hsmwatch table. */
export interface LocalDynamo {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  stop(): Promise<void>;
}

/** Local state is locked by another process (LevelDB allows one opener). */
export class LocalStateBusyError extends Error {
  override readonly name = 'LocalStateBusyError';
}

/** Starts dynalite on 127.0.0.1 (port chosen by the OS); `path` keeps data on disk. */
export async function startLocalDynamo(opts: { path?: string; tableName: string }): Promise<LocalDynamo> {
  const dynalite = require('dynalite') as (o: Record<string, unknown>) => Server;
  const unlock = opts.path ? lockDirectory(opts.path) : () => undefined;
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(opts.path ? { path: opts.path } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const stop = async () => {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    unlock();
  };
  try {
    await ensureActiveTable(client, opts.tableName);
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoint, client, doc, tableName: opts.tableName, stop };
}

/**
 * Creates the table when missing and waits until it is ACTIVE. dynalite flips a new table to
 * ACTIVE on a timer, so a process that stopped right after creating it leaves it CREATING on
 * disk for good; such a table is empty, so it is dropped and created again.
 */
async function ensureActiveTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const status = async () => {
    try {
      return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.TableStatus;
    } catch (err) {
      if ((err as Error).name === 'ResourceNotFoundException') return undefined;
      throw err;
    }
  };
  const waitActive = async () => {
    for (let i = 0; i < 50; i++) {
      if ((await status()) === 'ACTIVE') return true;
      await new Promise((r) => setTimeout(r, 10));
    }
    return false;
  };
  const current = await status();
  if (current === 'ACTIVE') return;
  if (current !== undefined && (await waitActive())) return;
  if (current !== undefined) {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    for (let i = 0; i < 50 && (await status()) !== undefined; i++)
      await new Promise((r) => setTimeout(r, 10));
  }
  await createHsmwatchTable(client, tableName);
  if (!(await waitActive())) throw new Error(`table ${tableName} did not become ACTIVE`);
}

/**
 * LevelDB allows one opener, and dynalite crashes the process on a second one, so local state
 * carries a pid lock file; a lock left by a dead process is taken over.
 */
function lockDirectory(path: string): () => void {
  mkdirSync(path, { recursive: true });
  const lock = join(path, 'hsmwatch.lock');
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number(readFileSync(lock, 'utf8'));
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
      throw new LocalStateBusyError(
        `local state ${path} is in use by hsmwatch process ${holder}; stop it, or use --state-dir / --table`,
      );
    }
    if (holder === process.pid)
      throw new LocalStateBusyError(`local state ${path} is already open in this process`);
    writeFileSync(lock, String(process.pid));
  }
  return () => rmSync(lock, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
