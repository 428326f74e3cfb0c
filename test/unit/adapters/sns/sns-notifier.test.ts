import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { SnsNotifier } from '../../../../src/adapters/sns/sns-notifier';
import { sampleNotification } from '../slack/notification-fixture';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:hsmwatch-dev-alerts';
const README = 'https://example.test/hsmwatch/README.md';

describe('SnsNotifier', () => {
  // aws-sdk-client-mock is typed against another @smithy/types copy than the current clients: cast once here.
  const sns = mockClient(SNSClient as unknown as Parameters<typeof mockClient>[0]);
  const Publish = PublishCommand as unknown as Parameters<(typeof sns)['on']>[0];
  const published = (i: number) => sns.commandCalls(Publish)[i]!.args[0].input as PublishCommandInput;
  beforeEach(() => {
    sns.reset();
    sns.on(Publish).resolves({ MessageId: 'm-1' } as never);
  });

  describe('send', () => {
    it('publishes a readable subject and body with filterable message attributes', async () => {
      await new SnsNotifier(new SNSClient({ region: 'us-east-1' }), {
        topicArn: TOPIC,
        readmeUrl: README,
      }).send(sampleNotification());
      expect(sns.commandCalls(Publish)).toHaveLength(1);
      const input = published(0);
      expect(input.TopicArn).toBe(TOPIC);
      expect(input.Subject).toBe('[CRITICAL] OPEN: HAPG degraded hapg-1a2b3c4d (123456789012/us-east-1)');
      expect(input.Message).toContain(
        'Affected members:\n  - arn:aws:cloudhsm:us-east-1:123456789012:hsm-0a1b2c3d DEGRADED',
      );
      expect(input.Message).toContain(`Runbook: ${README}#runbook-hapg-degraded`);
      expect(input.MessageAttributes).toEqual({
        severity: { DataType: 'String', StringValue: 'critical' },
        resourceType: { DataType: 'String', StringValue: 'hapg' },
        accountId: { DataType: 'String', StringValue: '123456789012' },
        problem: { DataType: 'String', StringValue: 'hapg-degraded' },
        kind: { DataType: 'String', StringValue: 'opened' },
      });
    });

    it('keeps the subject within 100 ASCII characters even for long names', async () => {
      const long = sampleNotification({
        resourceArn: `arn:aws:cloudhsm:us-east-1:123456789012:hapg-${'x'.repeat(200)}é`,
      });
      await new SnsNotifier(new SNSClient({ region: 'us-east-1' }), {
        topicArn: TOPIC,
        readmeUrl: README,
      }).send(long);
      const subject = published(0).Subject!;
      expect(subject.length).toBeLessThanOrEqual(100);
      expect(subject).toMatch(/^[\x20-\x7e]+$/);
      expect(subject.endsWith('...')).toBe(true);
    });

    it('says resolved with the duration', async () => {
      await new SnsNotifier(new SNSClient({ region: 'us-east-1' }), {
        topicArn: TOPIC,
        readmeUrl: README,
      }).send(
        sampleNotification({
          kind: 'resolved',
          seq: 2,
          at: '2026-01-01T09:30:00.000Z',
          durationSeconds: 9 * 3600 + 1800,
        }),
      );
      const input = published(0);
      expect(input.Subject).toMatch(/^\[CRITICAL\] RESOLVED: HAPG degraded/);
      expect(input.Message).toContain('Resolved: 2026-01-01T09:30:00.000Z after 9h 30m');
    });

    it('lets a publish failure surface', async () => {
      sns.on(Publish).rejects(Object.assign(new Error('throttled'), { name: 'ThrottledException' }));
      await expect(
        new SnsNotifier(new SNSClient({ region: 'us-east-1' }), { topicArn: TOPIC, readmeUrl: README }).send(
          sampleNotification(),
        ),
      ).rejects.toMatchObject({ name: 'ThrottledException' });
    });
  });
});
