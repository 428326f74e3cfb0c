import { SQSClient, SendMessageCommand, type SendMessageCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { SqsPollQueue } from '../../../src/adapters/sqs/poll-queue';
import { dispatchInProcess, dispatchToQueue, pollMessageSchema } from '../../../src/usecases/poll/dispatch';

// aws-sdk-client-mock is typed against another @smithy/types copy than the current clients: cast once here.
const sqsMock = mockClient(SQSClient as unknown as Parameters<typeof mockClient>[0]);
const SendMessage = SendMessageCommand as unknown as Parameters<(typeof sqsMock)['on']>[0];
const targets = [
  { accountId: '111111111111', region: 'us-east-1' },
  { accountId: '222222222222', region: 'eu-west-1', roleArn: 'arn:aws:iam::222222222222:role/hsmwatch' },
  { accountId: '333333333333', region: 'ap-south-1' },
];
const now = () => new Date('2026-11-28T12:00:00Z');

describe('dispatch', () => {
  beforeEach(() => sqsMock.reset());

  describe('dispatchToQueue', () => {
    it('sends one valid SQS message per target', async () => {
      sqsMock.on(SendMessage).resolves({ MessageId: 'm' } as never);
      const queue = new SqsPollQueue(
        new SQSClient({ region: 'us-east-1' }),
        'https://sqs.us-east-1.amazonaws.com/1/poll',
      );
      const result = await dispatchToQueue(queue, targets, now);
      expect(result).toEqual({ dispatched: 3, failed: [] });
      const bodies = sqsMock.commandCalls(SendMessage).map((c) => {
        const input = c.args[0].input as SendMessageCommandInput;
        expect(input.QueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/1/poll');
        return pollMessageSchema.parse(JSON.parse(input.MessageBody!));
      });
      expect(bodies.map((b) => b.target.accountId).sort()).toEqual([
        '111111111111',
        '222222222222',
        '333333333333',
      ]);
      expect(bodies.every((b) => b.requestedAt === '2026-11-28T12:00:00.000Z')).toBe(true);
    });

    it('reports the targets whose message failed and still sends the others', async () => {
      sqsMock.on(SendMessage).callsFake((input: SendMessageCommandInput) => {
        if (input.MessageBody!.includes('222222222222'))
          throw Object.assign(new Error('denied'), { name: 'AccessDenied' });
        return { MessageId: 'm' };
      });
      const queue = new SqsPollQueue(new SQSClient({ region: 'us-east-1' }), 'https://q');
      const result = await dispatchToQueue(queue, targets, now);
      expect(result.dispatched).toBe(2);
      expect(result.failed).toEqual([{ target: targets[1], error: 'AccessDenied: denied' }]);
    });
  });

  describe('dispatchInProcess', () => {
    it('polls every target in this process with bounded concurrency', async () => {
      let active = 0;
      let peak = 0;
      const { results, failed } = await dispatchInProcess(
        targets,
        async (t) => {
          active++;
          peak = Math.max(peak, active);
          await Promise.resolve();
          active--;
          if (t.accountId === '333333333333') throw new Error('boom');
          return t.accountId;
        },
        2,
      );
      expect(results.sort()).toEqual(['111111111111', '222222222222']);
      expect(failed.map((f) => f.error)).toEqual(['Error: boom']);
      expect(peak).toBeLessThanOrEqual(2);
    });
  });

  describe('pollMessageSchema', () => {
    it('rejects a message with a bad target, naming the field', () => {
      const r = pollMessageSchema.safeParse({
        target: { accountId: 'x', region: 'us-east-1' },
        requestedAt: '2026-11-28T12:00:00Z',
      });
      expect(r.success).toBe(false);
      expect(r.error!.issues[0]!.path).toEqual(['target', 'accountId']);
    });
  });
});
