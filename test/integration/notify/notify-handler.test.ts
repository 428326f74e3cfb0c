/**
 * The real functions/notify.ts handler (middy + Powertools logger/metrics + secrets middleware)
 * against dynalite, with SNS and Secrets Manager mocked and Slack as a local HTTP server.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { freshTable, startDynalite, type DynaliteHandle } from '../../support/dynamo';
import { startFakeSlack, type FakeSlack } from '../../unit/adapters/slack/fake-slack';

const ACCOUNT = '123456789012';
const TARGET_ARN = `arn:hsmwatch:target:${ACCOUNT}:us-east-1`;
// aws-sdk-client-mock is typed against another @smithy/types copy than the current clients: cast once here.
const sm = mockClient(SecretsManagerClient as unknown as Parameters<typeof mockClient>[0]);
const sns = mockClient(SNSClient as unknown as Parameters<typeof mockClient>[0]);
const GetSecret = GetSecretValueCommand as unknown as Parameters<(typeof sm)['on']>[0];
const Publish = PublishCommand as unknown as Parameters<(typeof sns)['on']>[0];

const context = {
  functionName: 'hsmwatch-test-notify',
  functionVersion: '1',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:hsmwatch-test-notify',
  memoryLimitInMB: '256',
  awsRequestId: 'req-1',
  logGroupName: 'g',
  logStreamName: 's',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000,
};

function envelope(detailType: string, eventId: string, at: string, data: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: `env-${eventId}`,
    'detail-type': detailType,
    source: 'hsmwatch',
    account: ACCOUNT,
    time: at,
    region: 'us-east-1',
    resources: [TARGET_ARN],
    detail: {
      schemaVersion: '1',
      eventId,
      accountId: ACCOUNT,
      region: 'us-east-1',
      resourceType: 'target',
      resourceArn: TARGET_ARN,
      previous: null,
      current: null,
      changedFields: [],
      pollId: eventId,
      observedAt: at,
      data,
    },
  };
}

describe('functions/notify handler', () => {
  let db: DynaliteHandle;
  let slack: FakeSlack;
  let handler: (event: unknown, ctx: unknown) => Promise<{ decided: number; delivered: number }>;
  let output: string[];
  const saved = { ...process.env };
  let restore: () => void;

  beforeAll(async () => {
    db = await startDynalite();
    slack = await startFakeSlack();
    sm.on(GetSecret).resolves({ SecretString: slack.url } as never);
    sns.on(Publish).resolves({ MessageId: 'm' } as never);
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
      HSMWATCH_TABLE_NAME: await freshTable(db),
      HSMWATCH_SNS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:hsmwatch-test-alerts',
      HSMWATCH_SLACK_SECRET_NAME: 'hsmwatch/slack-webhook',
      POWERTOOLS_DEV: 'false',
    });
    output = [];
    const write = process.stdout.write.bind(process.stdout);
    const log = console.log;
    const info = console.info;
    const error = console.error;
    const capture = (...args: unknown[]) => void output.push(args.map(String).join(' '));
    process.stdout.write = ((chunk: string | Uint8Array) => (
      output.push(String(chunk)),
      true
    )) as typeof process.stdout.write;
    console.log = capture;
    console.info = capture;
    console.error = capture;
    restore = () => {
      process.stdout.write = write;
      console.log = log;
      console.info = info;
      console.error = error;
    };
    ({ handler } = (await import('../../../functions/notify')) as unknown as { handler: typeof handler });
  });
  afterAll(async () => {
    restore();
    process.env = saved;
    await slack.stop();
    await db.stop();
  });

  it('opens an incident from a Poll Failed event, sends it to Slack and SNS, once', async () => {
    const e = envelope('Poll Failed', 'pf-1', '2026-05-01T10:00:00.000Z', {
      error: 'TimeoutError',
      since: '2026-05-01T10:00:00.000Z',
    });
    expect(await handler(e, context)).toEqual({ decided: 1, delivered: 1 });
    expect(await handler(e, context)).toEqual({ decided: 0, delivered: 0 });
    expect(slack.accepted.map((b) => String(b.text))).toEqual([
      expect.stringMatching(/^\[CRITICAL\] OPEN: Polling failing/),
    ]);
    expect(sns.commandCalls(Publish)).toHaveLength(1);
    expect(sm.commandCalls(GetSecret)).toHaveLength(1); // cached across invocations
  });

  it('throws after recording the failure metric when Slack fails, and delivers on the retry', async () => {
    slack.script.push({ status: 500 });
    const e = envelope('Poll Recovered', 'pr-1', '2026-05-01T11:00:00.000Z', {
      since: '2026-05-01T10:00:00.000Z',
    });
    await expect(handler(e, context)).rejects.toMatchObject({ name: 'DeliveryError' });
    expect(output.join('\n')).toContain('NotificationsFailed');
    expect(await handler(e, context)).toEqual({ decided: 0, delivered: 1 });
    expect(slack.accepted.map((b) => String(b.text).split(':')[0])).toEqual([
      '[CRITICAL] OPEN',
      '[CRITICAL] RESOLVED',
    ]);
    expect(sns.commandCalls(Publish)).toHaveLength(2); // SNS got the resolved once, before Slack's retry
  });

  it('rejects an invalid envelope naming the field, and never logs the webhook URL', async () => {
    const bad = envelope('Poll Failed', 'pf-2', '2026-05-01T12:00:00.000Z');
    (bad.detail as Record<string, unknown>).accountId = 'nope';
    await expect(handler(bad, context)).rejects.toThrow('detail.accountId');
    expect(output.join('\n')).not.toContain(slack.url);
    expect(output.join('\n')).not.toContain('secret-token');
  });
});
