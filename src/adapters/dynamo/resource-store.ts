/**
 * ResourceStore: the poller's DynamoDB store and the read API others use (alerting, remediation,
 * CLI, report). One table (see table.ts); no transactions: conditional writes on `version`.
 * Item shapes and keys: resource-items.ts.
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  GetCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { HsmwatchEvent, MonitorEventDetail } from '../../monitor/events';
import type { ResourceState } from '../../monitor/poll/resource-state';
import type { ResourceRecord, ResourceType, Target } from '../../monitor/records';
import type {
  HistoryEntry,
  PollRun,
  PollStore,
  ResourceReader,
  StoredResource,
  TargetMeta,
  WriteOutcome,
} from '../../usecases/poll/ports';
import { GSI1 } from './table';
import {
  fromHistoryItem,
  fromMetaItem,
  fromResourceItem,
  pollPk,
  resourceSk,
  targetPk,
  toHistoryItem,
  toMetaItem,
  toPollRunItem,
  toResourceItem,
  type Item,
} from './resource-items';

/** A store failure other than a lost conditional write. */
export class StoreError extends Error {
  readonly retryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

const RESOURCE_TYPES: readonly ResourceType[] = ['hsm', 'hapg', 'luna-client'];
const isConflict = (e: unknown) => (e as { name?: string })?.name === 'ConditionalCheckFailedException';

/** DynamoDB implementation of PollStore and ResourceReader. */
export class ResourceStore implements PollStore, ResourceReader {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly now: () => Date;
  private readonly historyTtlDays: number;

  constructor(opts: {
    doc: DynamoDBDocumentClient;
    tableName: string;
    now?: () => Date;
    historyTtlDays?: number;
  }) {
    this.doc = opts.doc;
    this.tableName = opts.tableName;
    this.now = opts.now ?? (() => new Date());
    this.historyTtlDays = opts.historyTtlDays ?? 90;
  }

  private expiresAt(from?: string): number {
    const base = from ? Date.parse(from) : this.now().getTime();
    return Math.floor(base / 1000) + this.historyTtlDays * 86_400;
  }

  private async queryAll(
    input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>,
    max?: number,
  ): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.wrap(() =>
        this.doc.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start })),
      );
      items.push(...((out.Items ?? []) as Item[]));
      start = out.LastEvaluatedKey;
    } while (start && (max === undefined || items.length < max));
    return max === undefined ? items : items.slice(0, max);
  }

  private async wrap<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isConflict(e)) throw e;
      throw new StoreError(`DynamoDB call failed: ${(e as Error)?.name ?? 'Error'}`, { cause: e });
    }
  }

  /** Every current item and the META item of a target (one paginated Query). */
  async loadTarget(target: Target): Promise<{ resources: StoredResource[]; meta?: TargetMeta }> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': targetPk(target) },
    });
    const meta = items.find((i) => i.sk === 'META');
    return {
      resources: items.filter((i) => String(i.sk).startsWith('RES#')).map(fromResourceItem),
      meta: meta ? fromMetaItem(meta) : undefined,
    };
  }

  /** Every current item of a target, tombstones (removedAt) included. */
  async currentItems(target: Target): Promise<StoredResource[]> {
    return (await this.loadTarget(target)).resources;
  }

  /** The live records of a target (tombstones excluded). */
  async currentRecords(target: Target): Promise<ResourceRecord[]> {
    return (await this.currentItems(target)).filter((r) => !r.removedAt).map((r) => r.record);
  }

  async getResource(target: Target, type: ResourceType, arn: string): Promise<StoredResource | undefined> {
    const out = await this.wrap(() =>
      this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: targetPk(target), sk: resourceSk(type, arn) },
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? fromResourceItem(out.Item) : undefined;
  }

  /** The current item of one resource, whatever its type (one BatchGet). */
  async getCurrent(target: Target, arn: string): Promise<StoredResource | undefined> {
    const keys = RESOURCE_TYPES.map((t) => ({ pk: targetPk(target), sk: resourceSk(t, arn) }));
    const out = await this.wrap(() =>
      this.doc.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
      ),
    );
    const item = out.Responses?.[this.tableName]?.[0];
    return item ? fromResourceItem(item) : undefined;
  }

  async putResource(
    target: Target,
    next: ResourceState,
    expectedVersion: number | undefined,
    outbox: readonly HsmwatchEvent<MonitorEventDetail>[],
  ): Promise<WriteOutcome> {
    const expiresAt = next.removedAt ? this.expiresAt(next.removedAt) : undefined;
    const item = toResourceItem(target, next, outbox, this.now().toISOString(), expiresAt);
    return this.conditionalPut(item, expectedVersion);
  }

  private async conditionalPut(item: Item, expectedVersion: number | undefined): Promise<WriteOutcome> {
    try {
      await this.wrap(() =>
        this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: item,
            ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :v',
            ExpressionAttributeValues: expectedVersion === undefined ? undefined : { ':v': expectedVersion },
          }),
        ),
      );
      return 'ok';
    } catch (e) {
      if (isConflict(e)) return 'conflict';
      throw e;
    }
  }

  private async conditionalClear(key: Item, version: number): Promise<void> {
    try {
      await this.wrap(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: 'REMOVE outbox, outboxAt',
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': version },
          }),
        ),
      );
    } catch (e) {
      // A newer version replaced the item (and its outbox): nothing of ours is left to clear.
      if (!isConflict(e)) throw e;
    }
  }

  async clearOutbox(target: Target, type: ResourceType, arn: string, version: number): Promise<void> {
    await this.conditionalClear({ pk: targetPk(target), sk: resourceSk(type, arn) }, version);
  }

  async putHistory(entries: readonly HistoryEntry[]): Promise<void> {
    const items = entries.map((e) => ({
      PutRequest: { Item: toHistoryItem(e, this.expiresAt(e.observedAt)) },
    }));
    for (let i = 0; i < items.length; i += 25) {
      let pending: unknown[] = items.slice(i, i + 25);
      for (let attempt = 0; pending.length && attempt < 8; attempt++) {
        const batch = pending;
        const out = await this.wrap(() =>
          this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: batch as never } })),
        );
        pending = out.UnprocessedItems?.[this.tableName] ?? [];
        if (pending.length) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      }
      if (pending.length) throw new StoreError(`history: ${pending.length} items left unprocessed`);
    }
  }

  /** History of one resource, newest first. */
  async history(arn: string, options: { limit?: number } = {}): Promise<HistoryEntry[]> {
    const items = await this.queryAll(
      {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `HIST#${arn}` },
        ScanIndexForward: false,
        Limit: options.limit,
      },
      options.limit,
    );
    return items.map(fromHistoryItem);
  }

  async getMeta(target: Target): Promise<TargetMeta | undefined> {
    const out = await this.wrap(() =>
      this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: targetPk(target), sk: 'META' },
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? fromMetaItem(out.Item) : undefined;
  }

  async putMeta(
    target: Target,
    next: TargetMeta,
    expectedVersion: number | undefined,
  ): Promise<WriteOutcome> {
    return this.conditionalPut(toMetaItem(target, next), expectedVersion);
  }

  async clearMetaOutbox(target: Target, version: number): Promise<void> {
    await this.conditionalClear({ pk: targetPk(target), sk: 'META' }, version);
  }

  async putPollRun(run: PollRun): Promise<void> {
    await this.wrap(() =>
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toPollRunItem(run, this.expiresAt(run.startedAt)),
        }),
      ),
    );
  }

  /** Poll runs of a target, newest first. */
  async pollRuns(target: Target, options: { limit?: number } = {}): Promise<PollRun[]> {
    const items = await this.queryAll(
      {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pollPk(target) },
        ScanIndexForward: false,
        Limit: options.limit,
      },
      options.limit,
    );
    return items.map((i) => JSON.parse(String(i.run)) as PollRun);
  }

  async lastPollRun(target: Target): Promise<PollRun | undefined> {
    return (await this.pollRuns(target, { limit: 1 }))[0];
  }

  /** Every target ever polled (META items via gsi1 `TARGETS`). */
  async targets(): Promise<Target[]> {
    const items = await this.queryAll({
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :t',
      ExpressionAttributeValues: { ':t': 'TARGETS' },
    });
    return items.map((i) => JSON.parse(String(i.target)) as Target);
  }
}
