import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import {
  SecretsManagerClient,
  GetSecretValueCommand,
  CreateSecretCommand,
  PutSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import type { HsmwatchEvent } from '../../../src/monitor/events';
import { startLocalAws, type LocalAwsHandle, type LocalSnsMessage } from '../../../src/local/local-aws';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('local-aws', () => {
  let aws: LocalAwsHandle;
  const published: HsmwatchEvent<unknown>[] = [];
  const sqs: string[] = [];
  const sns: LocalSnsMessage[] = [];

  beforeAll(async () => {
    aws = await startLocalAws({
      bus: { publish: async (events) => void published.push(...events) },
      onSqsMessage: (_url, body) => void sqs.push(body),
      onSnsPublish: (m) => void sns.push(m),
      region: 'us-east-1',
      accountId: '123456789012',
    });
  });
  afterAll(async () => aws.stop());

  const cfg = () => ({ endpoint: aws.endpoint, region: 'us-east-1', credentials });

  describe('PutEvents', () => {
    it('feeds the bus with parsed details and ISO times', async () => {
      const client = new EventBridgeClient(cfg());
      const out = await client.send(
        new PutEventsCommand({
          Entries: [
            {
              Source: 'hsmwatch',
              DetailType: 'Poll Failed',
              Detail: JSON.stringify({ error: 'x' }),
              Resources: ['arn:r'],
              Time: new Date('2026-01-02T03:04:05Z'),
            },
          ],
        }),
      );
      client.destroy();
      expect(out.FailedEntryCount).toBe(0);
      expect(published).toEqual([
        {
          source: 'hsmwatch',
          detailType: 'Poll Failed',
          detail: { error: 'x' },
          resources: ['arn:r'],
          time: '2026-01-02T03:04:05.000Z',
        },
      ]);
    });
  });

  describe('SQS, SNS and Secrets Manager', () => {
    it('hands SQS messages over and prints SNS publishes with their attributes', async () => {
      const q = new SQSClient(cfg());
      await q.send(new SendMessageCommand({ QueueUrl: 'http://local/poll', MessageBody: '{"a":1}' }));
      q.destroy();
      const t = new SNSClient(cfg());
      await t.send(
        new PublishCommand({
          TopicArn: 'arn:aws:sns:us-east-1:123456789012:t',
          Subject: 'S',
          Message: 'M',
          MessageAttributes: { severity: { DataType: 'String', StringValue: 'critical' } },
        }),
      );
      t.destroy();
      expect(sqs).toEqual(['{"a":1}']);
      expect(sns).toEqual([
        {
          topicArn: 'arn:aws:sns:us-east-1:123456789012:t',
          subject: 'S',
          message: 'M',
          attributes: { severity: 'critical' },
        },
      ]);
    });

    it('stores secrets and reports a missing one as ResourceNotFoundException', async () => {
      const sm = new SecretsManagerClient(cfg());
      await expect(sm.send(new GetSecretValueCommand({ SecretId: 'nope' }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
      await sm.send(new CreateSecretCommand({ Name: 'hsmwatch/clients/a', SecretString: 'v1' }));
      await sm.send(new PutSecretValueCommand({ SecretId: 'hsmwatch/clients/a', SecretString: 'v2' }));
      const got = await sm.send(new GetSecretValueCommand({ SecretId: 'hsmwatch/clients/a' }));
      sm.destroy();
      expect(got.SecretString).toBe('v2');
      expect(aws.secrets.get('hsmwatch/clients/a')).toBe('v2');
    });
  });
});
