/**
 * Alerting's DynamoDB rows (one table, see table.ts). JSON-valued attributes are strings so any
 * record survives any DynamoDB implementation unchanged.
 * - incident  pk `INCIDENT#<incidentKey>` sk `STATE`
 *     { version:N, status, severity, state:JSON, ob_<seq>:JSON(Notification)…, expiresAt? }
 *     active ones (pending/open, or undelivered) also carry gsi1pk `INCIDENTS` gsi1sk `<incidentKey>`
 *     (a sparse index: the tick lists a target's active incidents with one Query).
 * - memory    pk `INCIDENT#MEMORY#<account>#<region>` sk `MEMORY` { version:N, memory:JSON }
 * Outbox entries are separate attributes so a delivered one is removed without a version bump.
 */
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { targetPrefix } from '../../monitor/incidents/keys';
import type { IncidentStore, SaveOutcome, StoredIncident, TargetMemory } from '../../monitor/incidents/ports';
import type { IncidentState, IncidentStatus, Notification } from '../../monitor/incidents/types';
import { GSI1 } from './table';

type Item = Record<string, unknown>;
const isConflict = (e: unknown) => (e as { name?: string })?.name === 'ConditionalCheckFailedException';
const incidentPk = (key: string) => `INCIDENT#${key}`;
const memoryPk = (accountId: string, region: string) => `INCIDENT#MEMORY#${accountId}#${region}`;
const OUTBOX_PREFIX = 'ob_';
const DAY_S = 86_400;

/** Options of the alerting stores. */
export interface IncidentStoreOptions {
  /** Days a resolved/cleared incident is kept (TTL). Default 30. */
  readonly retentionDays?: number;
}

/** The notification ledger lives in its own file; re-exported for existing imports. */
export { DynamoNotificationLedger } from './notification-ledger';

/** DynamoDB implementation of IncidentStore. */
export class DynamoIncidentStore implements IncidentStore {
  private readonly retentionDays: number;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: IncidentStoreOptions = {},
  ) {
    this.retentionDays = options.retentionDays ?? 30;
  }

  async listActive(accountId: string, region: string): Promise<StoredIncident[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :t)',
      ExpressionAttributeValues: { ':p': 'INCIDENTS', ':t': targetPrefix(accountId, region) },
    });
    return items.map(toStored).filter((i) => isActive(i.state.status) || i.outbox.length > 0);
  }

  async get(key: string): Promise<StoredIncident | undefined> {
    const r = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: incidentPk(key), sk: 'STATE' },
        ConsistentRead: true,
      }),
    );
    return r.Item ? toStored(r.Item) : undefined;
  }

  async save(
    state: IncidentState,
    outbox: readonly Notification[],
    expectedVersion: number,
  ): Promise<SaveOutcome> {
    const item: Item = {
      pk: incidentPk(state.key),
      sk: 'STATE',
      version: expectedVersion + 1,
      status: state.status,
      severity: state.severity,
      state: JSON.stringify(state),
    };
    for (const n of outbox) item[`${OUTBOX_PREFIX}${n.seq}`] = JSON.stringify(n);
    if (isActive(state.status) || outbox.length > 0) {
      item.gsi1pk = 'INCIDENTS';
      item.gsi1sk = state.key;
    } else {
      const endedAt = Date.parse(state.resolvedAt ?? state.lastObservedAt);
      item.expiresAt = Math.floor(endedAt / 1000) + this.retentionDays * DAY_S;
    }
    return this.versionedPut(item, expectedVersion);
  }

  async removeFromOutbox(key: string, notificationId: string): Promise<void> {
    const seq = notificationId.slice(notificationId.lastIndexOf('#') + 1);
    let after: Item | undefined;
    try {
      const r = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: incidentPk(key), sk: 'STATE' },
          UpdateExpression: 'REMOVE #ob',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#ob': `${OUTBOX_PREFIX}${seq}` },
          ReturnValues: 'ALL_NEW',
        }),
      );
      after = r.Attributes as Item | undefined;
    } catch (e) {
      if (!isConflict(e)) throw e;
      return;
    }
    if (!after || isActive(after.status as IncidentStatus) || !after.gsi1pk) return;
    if (Object.keys(after).some((k) => k.startsWith(OUTBOX_PREFIX))) return;
    // Ended and fully delivered: leave the active index and start the retention clock.
    const state = JSON.parse(after.state as string) as IncidentState;
    const endedAt = Date.parse(state.resolvedAt ?? state.lastObservedAt);
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: incidentPk(key), sk: 'STATE' },
          UpdateExpression: 'REMOVE gsi1pk, gsi1sk SET expiresAt = :exp',
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: {
            ':v': after.version,
            ':exp': Math.floor(endedAt / 1000) + this.retentionDays * DAY_S,
          },
        }),
      )
      .catch((e: unknown) => {
        // A newer version was written meanwhile; its own save decided the index membership.
        if (!isConflict(e)) throw e;
      });
  }

  async list(options: { statuses?: readonly IncidentStatus[] } = {}): Promise<IncidentState[]> {
    const wanted = options.statuses;
    const items =
      wanted && wanted.every(isActive)
        ? await this.queryAll({
            TableName: this.tableName,
            IndexName: GSI1,
            KeyConditionExpression: 'gsi1pk = :p',
            ExpressionAttributeValues: { ':p': 'INCIDENTS' },
          })
        : await this.scanIncidents();
    return items
      .map((i) => toStored(i).state)
      .filter((s) => !wanted || wanted.includes(s.status))
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  async getMemory(accountId: string, region: string): Promise<{ memory: TargetMemory; version: number }> {
    const r = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: memoryPk(accountId, region), sk: 'MEMORY' },
        ConsistentRead: true,
      }),
    );
    if (!r.Item) return { memory: { seenTerminating: {} }, version: 0 };
    return { memory: JSON.parse(r.Item.memory as string) as TargetMemory, version: Number(r.Item.version) };
  }

  async saveMemory(
    accountId: string,
    region: string,
    memory: TargetMemory,
    expectedVersion: number,
  ): Promise<SaveOutcome> {
    return this.versionedPut(
      {
        pk: memoryPk(accountId, region),
        sk: 'MEMORY',
        version: expectedVersion + 1,
        memory: JSON.stringify(memory),
      },
      expectedVersion,
    );
  }

  /** Puts an item whose `version` was `expectedVersion` (0: absent); a lost race is `conflict`. */
  private async versionedPut(item: Item, expectedVersion: number): Promise<SaveOutcome> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
        }),
      );
      return 'ok';
    } catch (e) {
      if (isConflict(e)) return 'conflict';
      throw e;
    }
  }

  private async scanIncidents(): Promise<Item[]> {
    const out: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'begins_with(pk, :p) AND sk = :s',
          ExpressionAttributeValues: { ':p': 'INCIDENT#', ':s': 'STATE' },
          ExclusiveStartKey: start,
        }),
      );
      out.push(...((r.Items ?? []) as Item[]));
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  }

  private async queryAll(input: ConstructorParameters<typeof QueryCommand>[0]): Promise<Item[]> {
    const out: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await this.doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      out.push(...((r.Items ?? []) as Item[]));
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  }
}

function isActive(status: IncidentStatus): boolean {
  return status === 'pending' || status === 'open';
}

function toStored(item: Item): StoredIncident {
  const outbox = Object.entries(item)
    .filter(([k]) => k.startsWith(OUTBOX_PREFIX))
    .map(([, v]) => JSON.parse(v as string) as Notification)
    .sort((a, b) => a.seq - b.seq);
  return { state: JSON.parse(item.state as string) as IncidentState, version: Number(item.version), outbox };
}
