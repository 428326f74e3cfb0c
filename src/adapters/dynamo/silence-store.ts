/**
 * Silences in DynamoDB: pk `SILENCE` sk `<silenceId>` { silence:JSON, endsAt, expiresAt }.
 * One partition: silences are few, and a tick reads them all with one Query. Expired silences
 * linger a week (TTL) so `silence list --all` can still show what was muted recently.
 */
import { DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SilenceStore } from '../../monitor/incidents/ports';
import type { Silence } from '../../monitor/incidents/types';

const KEEP_AFTER_END_S = 7 * 86_400;

/** DynamoDB implementation of SilenceStore. */
export class DynamoSilenceStore implements SilenceStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(): Promise<Silence[]> {
    const out: Silence[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': 'SILENCE' },
          ExclusiveStartKey: start,
        }),
      );
      for (const i of r.Items ?? []) out.push(JSON.parse(i.silence as string) as Silence);
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async put(silence: Silence): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: 'SILENCE',
          sk: silence.id,
          silence: JSON.stringify(silence),
          endsAt: silence.endsAt,
          expiresAt: Math.floor(Date.parse(silence.endsAt) / 1000) + KEEP_AFTER_END_S,
        },
      }),
    );
  }

  async remove(id: string): Promise<boolean> {
    const r = await this.doc.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: 'SILENCE', sk: id },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Boolean(r.Attributes);
  }
}
