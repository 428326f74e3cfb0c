import { SlackNotifier, retryAfterMs } from '../../../../src/adapters/slack/slack-notifier';
import { slackMessage } from '../../../../src/adapters/slack/slack-blocks';
import { sampleNotification } from './notification-fixture';
import { startFakeSlack, type FakeSlack } from './fake-slack';

const README = 'https://example.test/hsmwatch/README.md';

describe('SlackNotifier', () => {
  let slack: FakeSlack;
  let slept: number[];
  const notifier = (over: Partial<ConstructorParameters<typeof SlackNotifier>[0]> = {}) =>
    new SlackNotifier({
      webhookUrl: slack.url,
      readmeUrl: README,
      sleep: async (ms) => {
        slept.push(ms);
      },
      ...over,
    });

  beforeEach(async () => {
    slack = await startFakeSlack();
    slept = [];
  });
  afterEach(() => slack.stop());

  describe('send', () => {
    it('posts a Block Kit message over HTTP', async () => {
      await notifier().send(sampleNotification());
      expect(slack.received).toHaveLength(1);
      const body = slack.received[0] as { text: string; blocks: { type: string }[] };
      expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'context']);
      expect(body.text).toContain('HAPG degraded');
    });

    it('waits out a 429 for its Retry-After and retries, without dropping the message', async () => {
      slack.script.push(
        { status: 429, headers: { 'retry-after': '7' } },
        { status: 429, headers: { 'retry-after': '2' } },
      );
      await notifier().send(sampleNotification());
      expect(slept).toEqual([7000, 2000]);
      expect(slack.received).toHaveLength(3);
      expect(slack.received[2]).toEqual(slack.received[0]);
    });

    it('gives up after maxRateLimitRetries 429s by throwing (so retries/DLQ keep it)', async () => {
      slack.script.push(
        ...Array.from({ length: 3 }, () => ({ status: 429, headers: { 'retry-after': '1' } })),
      );
      await expect(notifier({ maxRateLimitRetries: 2 }).send(sampleNotification())).rejects.toMatchObject({
        name: 'SlackDeliveryError',
        statusCode: 429,
        retryable: true,
      });
      expect(slept).toEqual([1000, 1000]);
    });

    it('throws at once on other failures, and never puts the webhook URL in the error', async () => {
      slack.script.push({ status: 404, body: 'no_service' });
      const err = (await notifier()
        .send(sampleNotification())
        .catch((e: unknown) => e)) as Error & { statusCode: number };
      expect(err).toMatchObject({ name: 'SlackDeliveryError', statusCode: 404, retryable: false });
      expect(`${err.message} ${String(err.stack)} ${JSON.stringify(err)}`).not.toContain('secret-token');
      expect(slack.received).toHaveLength(1);
    });

    it('reports a connection failure without the URL', async () => {
      await slack.stop();
      const err = (await notifier()
        .send(sampleNotification())
        .catch((e: unknown) => e)) as Error;
      expect(err.name).toBe('SlackDeliveryError');
      expect(err.message).not.toContain('secret-token');
      slack = await startFakeSlack();
    });

    it('reads the URL from a function (the secrets middleware cache)', async () => {
      await notifier({ webhookUrl: async () => slack.url }).send(sampleNotification());
      expect(slack.received).toHaveLength(1);
    });
  });
});

describe('slackMessage', () => {
  it('has a header with severity and resource, the fields, the affected members and a runbook link', () => {
    const m = slackMessage(sampleNotification(), { readmeUrl: README });
    type Block = {
      text: { text: string };
      fields: { text: string }[];
      elements: { text: string }[];
    };
    const [header, , fields, members, context] = m.blocks as unknown as Block[];
    expect(header!.text.text).toContain('CRITICAL · Opened · HAPG degraded · hapg-1a2b3c4d');
    const texts = fields!.fields.map((f) => f.text);
    expect(texts[0]).toBe('*Status*\nDEGRADED');
    expect(texts[1]).toBe('*Account*\n123456789012');
    expect(texts[2]).toBe('*Region*\nus-east-1');
    expect(texts[3]).toContain('*Since*');
    expect(members!.text.text).toContain('hsm-0a1b2c3d');
    expect(context!.elements[0]!.text).toBe(`<${README}#runbook-hapg-degraded|Runbook: HAPG degraded>`);
  });

  it('shows the duration on resolved', () => {
    const m = slackMessage(sampleNotification({ kind: 'resolved', durationSeconds: 3 * 86400 + 7200 }), {
      readmeUrl: README,
    });
    expect(JSON.stringify(m.blocks)).toContain('*Duration*\\n3d 2h');
    expect((m.blocks[0] as { text: { text: string } }).text.text).toContain('Resolved');
  });
});

describe('retryAfterMs', () => {
  it('reads seconds, HTTP dates, and falls back when absent or garbage', () => {
    expect(retryAfterMs('3', 1)).toBe(3000);
    expect(retryAfterMs(null, 2)).toBe(2000);
    expect(retryAfterMs('soon', 2)).toBe(2000);
    expect(retryAfterMs('99999', 1)).toBe(900_000);
    expect(retryAfterMs(new Date(Date.now() - 5000).toUTCString(), 1)).toBe(0);
  });
});
