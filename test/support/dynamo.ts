/** Test helper: one dynalite per test file, a fresh table per test. */
import { randomUUID } from 'node:crypto';
import { startDynalite, type DynaliteHandle } from '../../src/adapters/dynamo/dynalite-server';
import { createHsmwatchTable } from '../../src/adapters/dynamo/table';

export type { DynaliteHandle };
export { startDynalite };

/** Creates a fresh hsmwatch table and returns its name. */
export async function freshTable(db: DynaliteHandle): Promise<string> {
  const name = `t-${randomUUID().slice(0, 8)}`;
  await createHsmwatchTable(db.client, name);
  return name;
}
