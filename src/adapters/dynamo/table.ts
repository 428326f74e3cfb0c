/**
 * The one hsmwatch DynamoDB table. Generic keys (`pk`, `sk`) plus one generic GSI (`gsi1pk`,
 * `gsi1sk`), TTL on `expiresAt` (epoch seconds). serverless.yml declares the same table.
 *
 * Key prefixes, one owner each (keep this list true):
 * | item                         | pk                                   | sk                                  | owner        |
 * |------------------------------|--------------------------------------|-------------------------------------|--------------|
 * | current resource             | `TARGET#<account>#<region>`          | `RES#<type>#<arn>`                  | poller       |
 * | target meta (outage, misses) | `TARGET#<account>#<region>`          | `META`                              | poller       |
 * | resource history             | `HIST#<arn>`                         | `<observedAt>#<version:10>`         | poller       |
 * | poll run                     | `POLL#<account>#<region>`            | `<startedAt>#<pollId>`              | poller       |
 * | incident                     | `INCIDENT#<incidentKey>`             | `STATE`                             | alerting     |
 * | notification dedupe          | `NOTIFY#<eventId>`                   | `DEDUPE`                            | alerting     |
 * | silence                      | `SILENCE`                            | `<silenceId>`                       | alerting     |
 * | remediation plan             | `PLAN#<planId>`                      | `PLAN`                              | remediation  |
 * | remediation audit            | `AUDIT#<arn>`                        | `<at>#<planId>#<step>`              | remediation  |
 * | lock / block / rate          | `LOCK#<arn>` / `BLOCK#<arn>` / ...   | `LOCK` / `BLOCK` / ...              | remediation  |
 * | kill switch                  | `CONTROL`                            | `REMEDIATION`                       | remediation  |
 * | idempotency (Powertools)     | `IDEMPOTENCY#<hash>`                 | `IDEMPOTENCY`                       | remediation  |
 */
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const TABLE_KEYS = {
  pk: 'pk',
  sk: 'sk',
  gsi1pk: 'gsi1pk',
  gsi1sk: 'gsi1sk',
  ttl: 'expiresAt',
} as const;
export const GSI1 = 'gsi1';

/** Creates the table (tests, local runtime). In AWS the table comes from serverless.yml. */
export async function createHsmwatchTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: GSI1,
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
}
