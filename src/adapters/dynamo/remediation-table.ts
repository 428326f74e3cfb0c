/**
 * What the remediation stores share on the one table: the error class, the call wrapper that
 * keeps lost conditional writes apart from failures, paginated queries and the TTL helpers.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A store failure other than a lost conditional write. */
export class RemediationStoreError extends Error {
  override readonly name = 'RemediationStoreError';
  readonly retryable = true;
}

/** A raw item. */
export type Item = Record<string, unknown>;

/** How long plans and audit entries are kept. */
export const RETENTION_DAYS = 90;

/** Epoch seconds `days` after an ISO instant (the table's `expiresAt`). */
export const ttl = (iso: string, days: number) => Math.floor(Date.parse(iso) / 1000) + days * 86_400;

const isConflict = (e: unknown) => (e as { name?: string })?.name === 'ConditionalCheckFailedException';

/** Drops undefined attributes (the document client refuses them unless configured otherwise). */
export function compact(item: Item): Item {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined));
}

/** Base of the remediation stores: the client, the table and the call helpers. */
export abstract class RemediationTable {
  constructor(protected readonly opts: { doc: DynamoDBDocumentClient; tableName: string }) {}

  protected get table(): string {
    return this.opts.tableName;
  }

  /** Runs a call; failures other than a lost condition become RemediationStoreError. */
  protected async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isConflict(err)) throw err;
      throw new RemediationStoreError(`${what} failed: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Runs a conditional write: true when it applied, false when the condition did not hold. */
  protected async conditional(what: string, fn: () => Promise<unknown>): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw new RemediationStoreError(`${what} failed: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Every item a query matches, across pages. */
  protected async query(
    input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>,
  ): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.call('query', () =>
        this.opts.doc.send(new QueryCommand({ ...input, TableName: this.table, ExclusiveStartKey: start })),
      );
      items.push(...((out.Items ?? []) as Item[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}
