/** PollQueue over SQS: one SendMessage per target, so each poll is its own Lambda invocation. */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { PollMessage, PollQueue } from '../../usecases/poll/dispatch';

/** Sends poll requests to the poll queue. */
export class SqsPollQueue implements PollQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: PollMessage): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) }),
    );
  }
}
