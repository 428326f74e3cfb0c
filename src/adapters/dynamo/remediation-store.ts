/**
 * RemediationStore on the one hsmwatch table (prefixes owned by remediation, see table.ts):
 * - plan        pk `PLAN#<planId>`  sk `PLAN`   gsi1pk `PLANS`  gsi1sk `<createdAt>#<planId>`
 * - audit       pk `AUDIT#<arn>`    sk `<at>#<planId>#<seq:4>`
 * - lock        pk `LOCK#<arn>`     sk `LOCK`   { owner, lockedUntil (epoch ms) }
 * - block       pk `BLOCK#<arn>`    sk `BLOCK`  gsi1pk `BLOCKS` gsi1sk `<blockedAt>#<arn>`
 * - rate        pk `RATE#<arn>`     sk `<at>#<planId>`
 * - kill switch pk `CONTROL`        sk `REMEDIATION`
 * No transactions (dynalite lacks them): every race is settled by one conditional write.
 * `expiresAt` is only for clean-up; logic never relies on TTL deletion (dynalite never expires).
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { PlanStatus } from '../../monitor/remediation/types';
import type {
  AuditEntry,
  Block,
  KillSwitch,
  RemediationStore,
  StoredPlan,
} from '../../usecases/remediation/ports';
import { GSI1 } from './table';

/** A store failure other than a lost conditional write. */
export class RemediationStoreError extends Error {
  override readonly name = 'RemediationStoreError';
  readonly retryable = true;
}

const RETENTION_DAYS = 90;
const isConflict = (e: unknown) => (e as { name?: string })?.name === 'ConditionalCheckFailedException';
const ttl = (iso: string, days: number) => Math.floor(Date.parse(iso) / 1000) + days * 86_400;
type Item = Record<string, unknown>;

/** DynamoDB implementation of the RemediationStore port. */
export class DynamoRemediationStore implements RemediationStore {
  constructor(private readonly opts: { doc: DynamoDBDocumentClient; tableName: string }) {}

  private get table(): string {
    return this.opts.tableName;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isConflict(err)) throw err;
      throw new RemediationStoreError(`${what} failed: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Conditional put on the plan id: the first writer wins, duplicates see false. */
  async createPlan(stored: StoredPlan): Promise<boolean> {
    try {
      await this.opts.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: compact({
            pk: `PLAN#${stored.plan.planId}`,
            sk: 'PLAN',
            gsi1pk: 'PLANS',
            gsi1sk: `${stored.plan.createdAt}#${stored.plan.planId}`,
            itemType: 'remediation-plan',
            planId: stored.plan.planId,
            resourceArn: stored.plan.resourceArn,
            kind: stored.plan.kind,
            plan: JSON.stringify(stored.plan),
            status: stored.status,
            updatedAt: stored.updatedAt,
            approvalExpiresAt: stored.approvalExpiresAt,
            statusReason: stored.statusReason,
            expiresAt: ttl(stored.plan.createdAt, RETENTION_DAYS),
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw new RemediationStoreError(`createPlan failed: ${(err as Error).message}`, { cause: err });
    }
  }

  async getPlan(planId: string): Promise<StoredPlan | undefined> {
    const out = await this.call('getPlan', () =>
      this.opts.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: `PLAN#${planId}`, sk: 'PLAN' },
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? toPlan(out.Item) : undefined;
  }

  async transitionPlan(
    planId: string,
    from: readonly PlanStatus[],
    to: PlanStatus,
    at: string,
    extra: { reason?: string; approvedBy?: string } = {},
  ): Promise<boolean> {
    const names: Record<string, string> = { '#s': 'status', '#u': 'updatedAt' };
    const values: Record<string, unknown> = { ':to': to, ':at': at };
    const sets = ['#s = :to', '#u = :at'];
    if (extra.reason !== undefined) {
      names['#r'] = 'statusReason';
      values[':r'] = extra.reason;
      sets.push('#r = :r');
    }
    if (extra.approvedBy !== undefined) {
      names['#a'] = 'approvedBy';
      values[':a'] = extra.approvedBy;
      sets.push('#a = :a');
    }
    from.forEach((f, i) => (values[`:f${i}`] = f));
    try {
      await this.opts.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `PLAN#${planId}`, sk: 'PLAN' },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: `attribute_exists(pk) AND #s IN (${from.map((_, i) => `:f${i}`).join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw new RemediationStoreError(`transitionPlan failed: ${(err as Error).message}`, { cause: err });
    }
  }

  async listPlans(options: { limit?: number; status?: PlanStatus } = {}): Promise<StoredPlan[]> {
    const items = await this.query({
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': 'PLANS' },
      ScanIndexForward: false,
    });
    const plans = items.map(toPlan).filter((p) => !options.status || p.status === options.status);
    return options.limit ? plans.slice(0, options.limit) : plans;
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.call('appendAudit', () =>
      this.opts.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: compact({
            pk: `AUDIT#${entry.arn}`,
            sk: `${entry.at}#${entry.planId}#${String(entry.seq).padStart(4, '0')}`,
            itemType: 'remediation-audit',
            ...entry,
            expiresAt: ttl(entry.at, RETENTION_DAYS),
          }),
        }),
      ),
    );
  }

  async auditTrail(arn: string, options: { limit?: number } = {}): Promise<AuditEntry[]> {
    const items = await this.query({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': `AUDIT#${arn}` },
    });
    const entries = items.map((i) => {
      const { pk: _pk, sk: _sk, itemType: _t, expiresAt: _e, ...rest } = i;
      return rest as unknown as AuditEntry;
    });
    return options.limit ? entries.slice(-options.limit) : entries;
  }

  async acquireLock(arn: string, owner: string, now: string, ttlSeconds: number): Promise<boolean> {
    const nowMs = Date.parse(now);
    try {
      await this.opts.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: `LOCK#${arn}`,
            sk: 'LOCK',
            owner,
            lockedAt: now,
            lockedUntil: nowMs + ttlSeconds * 1000,
            expiresAt: ttl(now, 1),
          },
          // Free, expired (by our clock, not DynamoDB TTL), or already ours (re-entrant).
          ConditionExpression: 'attribute_not_exists(pk) OR lockedUntil < :now OR #o = :owner',
          ExpressionAttributeNames: { '#o': 'owner' },
          ExpressionAttributeValues: { ':now': nowMs, ':owner': owner },
        }),
      );
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw new RemediationStoreError(`acquireLock failed: ${(err as Error).message}`, { cause: err });
    }
  }

  async releaseLock(arn: string, owner: string): Promise<void> {
    try {
      await this.opts.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: `LOCK#${arn}`, sk: 'LOCK' },
          ConditionExpression: '#o = :owner',
          ExpressionAttributeNames: { '#o': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (err) {
      if (isConflict(err)) return; // someone took over an expired lock: not ours to delete
      throw new RemediationStoreError(`releaseLock failed: ${(err as Error).message}`, { cause: err });
    }
  }

  async getBlock(arn: string): Promise<Block | undefined> {
    const out = await this.call('getBlock', () =>
      this.opts.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: `BLOCK#${arn}`, sk: 'BLOCK' },
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? toBlock(out.Item) : undefined;
  }

  async setBlock(block: Block): Promise<void> {
    await this.call('setBlock', () =>
      this.opts.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: `BLOCK#${block.arn}`,
            sk: 'BLOCK',
            gsi1pk: 'BLOCKS',
            gsi1sk: `${block.blockedAt}#${block.arn}`,
            itemType: 'remediation-block',
            ...block,
          },
        }),
      ),
    );
  }

  async clearBlock(arn: string): Promise<boolean> {
    const out = await this.call('clearBlock', () =>
      this.opts.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: `BLOCK#${arn}`, sk: 'BLOCK' },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return out.Attributes !== undefined;
  }

  async listBlocks(): Promise<Block[]> {
    const items = await this.query({
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': 'BLOCKS' },
    });
    return items.map(toBlock);
  }

  async recordAction(arn: string, planId: string, at: string): Promise<void> {
    await this.call('recordAction', () =>
      this.opts.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `RATE#${arn}`, sk: `${at}#${planId}`, at, planId, expiresAt: ttl(at, 2) },
        }),
      ),
    );
  }

  async countActionsSince(arn: string, since: string): Promise<number> {
    const items = await this.query({
      KeyConditionExpression: 'pk = :p AND sk > :since',
      ExpressionAttributeValues: { ':p': `RATE#${arn}`, ':since': since },
    });
    return items.length;
  }

  async getKillSwitch(): Promise<KillSwitch> {
    const out = await this.call('getKillSwitch', () =>
      this.opts.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: 'CONTROL', sk: 'REMEDIATION' },
          ConsistentRead: true,
        }),
      ),
    );
    if (!out.Item) return { enabled: true };
    const { enabled, changedBy, changedAt, reason } = out.Item as Item;
    return {
      enabled: enabled !== false,
      ...(typeof changedBy === 'string' ? { changedBy } : {}),
      ...(typeof changedAt === 'string' ? { changedAt } : {}),
      ...(typeof reason === 'string' ? { reason } : {}),
    };
  }

  async setKillSwitch(value: KillSwitch): Promise<void> {
    await this.call('setKillSwitch', () =>
      this.opts.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: compact({ pk: 'CONTROL', sk: 'REMEDIATION', ...value }),
        }),
      ),
    );
  }

  private async query(
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

/** Drops undefined attributes (the document client refuses them unless configured otherwise). */
function compact(item: Item): Item {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined));
}

function toPlan(i: Item): StoredPlan {
  return {
    plan: JSON.parse(i['plan'] as string),
    status: i['status'] as PlanStatus,
    updatedAt: i['updatedAt'] as string,
    ...(typeof i['approvalExpiresAt'] === 'string' ? { approvalExpiresAt: i['approvalExpiresAt'] } : {}),
    ...(typeof i['statusReason'] === 'string' ? { statusReason: i['statusReason'] } : {}),
    ...(typeof i['approvedBy'] === 'string' ? { approvedBy: i['approvedBy'] } : {}),
  };
}

function toBlock(i: Item): Block {
  return {
    arn: i['arn'] as string,
    reason: i['reason'] as string,
    planId: i['planId'] as string,
    attempts: Number(i['attempts']),
    blockedAt: i['blockedAt'] as string,
  };
}
