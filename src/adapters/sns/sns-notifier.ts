/**
 * SNS sink: a readable subject (≤ 100 ASCII characters, SNS's limit) and text body, with
 * message attributes `severity`, `resourceType` and `accountId` (plus `problem` and `kind`) so
 * subscribers can filter with a subscription filter policy.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { subjectLine, textBody, type FormatOptions } from '../../monitor/incidents/format';
import type { Notifier } from '../../monitor/incidents/ports';
import { digestText, digestTitle, type Digest, type DigestNotifier } from '../../monitor/incidents/digest';
import type { Notification } from '../../monitor/incidents/types';

/** Options of the SNS sink. */
export interface SnsNotifierOptions extends FormatOptions {
  readonly topicArn: string;
}

/** Publishes notifications to one SNS topic. */
export class SnsNotifier implements Notifier, DigestNotifier {
  readonly name = 'sns';

  constructor(
    private readonly sns: Pick<SNSClient, 'send'>,
    private readonly options: SnsNotifierOptions,
  ) {}

  async send(n: Notification): Promise<void> {
    const attr = (value: string) => ({ DataType: 'String', StringValue: value });
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.options.topicArn,
        Subject: subjectLine(n, 100),
        Message: textBody(n, this.options),
        MessageAttributes: {
          severity: attr(n.severity),
          resourceType: attr(n.resourceType),
          accountId: attr(n.accountId),
          problem: attr(n.problem),
          kind: attr(n.kind),
        },
      }),
    );
  }

  async sendDigest(d: Digest): Promise<void> {
    const attr = (value: string) => ({ DataType: 'String', StringValue: value });
    const title = digestTitle(d);
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.options.topicArn,
        Subject: title.length <= 100 ? title : `${title.slice(0, 97)}...`,
        Message: digestText(d),
        MessageAttributes: {
          severity: attr(d.severities.join(',')),
          resourceType: attr('digest'),
          kind: attr('digest'),
        },
      }),
    );
  }
}
