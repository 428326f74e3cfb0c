/**
 * The notification ledger in DynamoDB (alerting's `NOTIFY#` rows, see table.ts):
 *   pk `NOTIFY#<incidentKey>#<seq>` (or `NOTIFY#digest#<date>`) sk `DEDUPE`
 *   { status: claimed|sent, claimedUntil, sentTo:L, sentAt?, expiresAt }
 * A notification is claimed with attribute_not_exists before it is sent (exactly-once decision),
 * each sink is recorded as it succeeds, and the row is marked sent at the end.
 */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClaimOutcome, NotificationLedger } from '../../monitor/incidents/ports';

const isConflict = (e: unknown) => (e as { name?: string })?.name === 'ConditionalCheckFailedException';
const DAY_S = 86_400;

/** DynamoDB implementation of the notification ledger (claim before send, mark after). */
export class DynamoNotificationLedger implements NotificationLedger {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays = 90,
  ) {}

  async claim(id: string, now: string, leaseUntil: string): Promise<ClaimOutcome> {
    const Key = { pk: `NOTIFY#${id}`, sk: 'DEDUPE' };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...Key,
            status: 'claimed',
            claimedUntil: leaseUntil,
            sentTo: [],
            expiresAt: Math.floor(Date.parse(now) / 1000) + this.retentionDays * DAY_S,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { outcome: 'claimed', sentTo: [] };
    } catch (e) {
      if (!isConflict(e)) throw e;
    }
    const r = await this.doc.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }));
    const row = r.Item ?? {};
    if (row.status === 'sent') return { outcome: 'sent' };
    const held = String(row.claimedUntil ?? '');
    if (held > now) return { outcome: 'busy', claimedUntil: held };
    try {
      // Take over an expired claim (its holder crashed or gave up); only one taker wins.
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'SET claimedUntil = :lease',
          ConditionExpression: 'claimedUntil = :held AND #s <> :sent',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':lease': leaseUntil, ':held': held, ':sent': 'sent' },
        }),
      );
      return { outcome: 'claimed', sentTo: (row.sentTo as string[] | undefined) ?? [] };
    } catch (e) {
      if (!isConflict(e)) throw e;
      return { outcome: 'busy', claimedUntil: leaseUntil };
    }
  }

  async markSinkSent(id: string, sink: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `NOTIFY#${id}`, sk: 'DEDUPE' },
        UpdateExpression: 'SET sentTo = list_append(if_not_exists(sentTo, :empty), :sink)',
        ExpressionAttributeValues: { ':empty': [], ':sink': [sink] },
      }),
    );
  }

  async release(id: string): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `NOTIFY#${id}`, sk: 'DEDUPE' },
          UpdateExpression: 'SET claimedUntil = :past',
          ConditionExpression: '#s = :claimed',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':past': '1970-01-01T00:00:00.000Z', ':claimed': 'claimed' },
        }),
      )
      .catch((e: unknown) => {
        if (!isConflict(e)) throw e;
      });
  }

  async markSent(id: string, at: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `NOTIFY#${id}`, sk: 'DEDUPE' },
        UpdateExpression: 'SET #s = :sent, sentAt = :at',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':at': at },
      }),
    );
  }
}
