/**
 * The guardrails of remediation (item shapes in remediation-store.ts): per-resource locks,
 * blocks after repeated failures, the action counter behind the rate limit, and the kill switch.
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Block, KillSwitch, RemediationStore } from '../../usecases/remediation/ports';
import { GSI1 } from './table';
import { RemediationTable, compact, ttl, type Item } from './remediation-table';

/** The lock, block, rate and kill-switch half of the RemediationStore port. */
export class DynamoGuardStore
  extends RemediationTable
  implements
    Pick<
      RemediationStore,
      | 'acquireLock'
      | 'releaseLock'
      | 'getBlock'
      | 'setBlock'
      | 'clearBlock'
      | 'listBlocks'
      | 'recordAction'
      | 'countActionsSince'
      | 'getKillSwitch'
      | 'setKillSwitch'
    >
{
  async acquireLock(arn: string, owner: string, now: string, ttlSeconds: number): Promise<boolean> {
    const nowMs = Date.parse(now);
    return this.conditional('acquireLock', () =>
      this.opts.doc.send(
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
      ),
    );
  }

  async releaseLock(arn: string, owner: string): Promise<void> {
    // A lost condition means someone took over an expired lock: not ours to delete.
    await this.conditional('releaseLock', () =>
      this.opts.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: `LOCK#${arn}`, sk: 'LOCK' },
          ConditionExpression: '#o = :owner',
          ExpressionAttributeNames: { '#o': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      ),
    );
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
