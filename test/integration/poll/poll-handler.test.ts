/**
 * functions/poll.ts and functions/dispatch.ts through real middy, with the AWS SDK pointed at the
 * local AWS fake (EventBridge, SQS), dynalite and the emulator over loopback.
 */
import { DEFAULT_CREDENTIALS } from '../../../src/emulator';
import { startLocalAws, type LocalAwsHandle } from '../../../src/local/local-aws';
import { freshTable, startDynalite, type DynaliteHandle } from '../../support/dynamo';
import { startTestEmulator, type TestEmulator } from '../../support/emulator';
import { ResourceStore } from '../../../src/adapters/dynamo/resource-store';
import { CapturingPublisher } from './support';

let emu: TestEmulator;
let db: DynaliteHandle;
let aws: LocalAwsHandle;
const bus = new CapturingPublisher();
const sqsBodies: string[] = [];
const saved = { ...process.env };
const context = {
  functionName: 'poll',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 30_000,
} as never;

beforeAll(async () => {
  emu = await startTestEmulator();
  db = await startDynalite();
  aws = await startLocalAws({
    bus,
    onSqsMessage: (_url, body) => sqsBodies.push(body),
    onSnsPublish: () => undefined,
    region: 'us-east-1',
    accountId: DEFAULT_CREDENTIALS.accountId,
  });
});
afterAll(async () => {
  process.env = saved;
  await aws.stop();
  await emu.stop();
  await db.stop();
});

describe('functions/poll and functions/dispatch', () => {
  it('dispatch sends one message per target; poll consumes it, stores, publishes, reports a bad message', async () => {
    await emu.admin.reset();
    await emu.admin.seed({ hsms: 2, hapgs: 1, clients: 1 });
    const tableName = await freshTable(db);
    const target = { accountId: DEFAULT_CREDENTIALS.accountId, region: 'us-east-1', endpoint: emu.url };
    Object.assign(process.env, aws.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: DEFAULT_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DEFAULT_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
      HSMWATCH_TABLE_NAME: tableName,
      HSMWATCH_EVENT_BUS_NAME: 'hsmwatch-test',
      HSMWATCH_TARGETS: JSON.stringify([target, { ...target, accountId: '210987654321' }]),
      HSMWATCH_POLL_QUEUE_URL: `${aws.endpoint}/000000000000/poll`,
      POWERTOOLS_METRICS_NAMESPACE: 'hsmwatch',
      POWERTOOLS_DEV: 'true',
      POWERTOOLS_METRICS_DISABLED: 'false',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    const { handler: dispatch } = await import('../../../functions/dispatch');
    const { handler: poll } = await import('../../../functions/poll');
    const dispatched = (await dispatch({}, context)) as { dispatched: number };
    expect(dispatched.dispatched).toBe(2);
    const messages = sqsBodies.splice(0).map((b) => JSON.parse(b) as { target: { accountId: string } });
    expect(messages.map((m) => m.target.accountId).sort()).toEqual(['123456789012', '210987654321']);

    const mine = messages.find((m) => m.target.accountId === DEFAULT_CREDENTIALS.accountId)!;
    const printed: string[] = [];
    const originalLog = console.log;
    const originalWrite = process.stdout.write.bind(process.stdout);
    console.log = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
    process.stdout.write = ((chunk: string | Uint8Array) =>
      printed.push(String(chunk)) > 0) as typeof process.stdout.write;
    const response = (await poll(
      {
        Records: [
          { messageId: 'm-1', body: JSON.stringify(mine) },
          { messageId: 'm-2', body: JSON.stringify({ target: { accountId: 'nope', region: 'us-east-1' } }) },
        ],
      },
      context,
    )) as { batchItemFailures: { itemIdentifier: string }[] };
    console.log = originalLog;
    process.stdout.write = originalWrite;
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-2' }]);
    // EMF: one metrics document with the poll's counts.
    const emf = printed
      .map((l) => l.trim())
      .filter((l) => l.includes('"_aws"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(emf.length).toBeGreaterThan(0);
    expect(
      emf.some((d) => d.HSM_RUNNING === 2 && d.PollSucceeded === 1 && typeof d.ApiCalls === 'number'),
    ).toBe(true);
    const types = bus.events.map((e) => e.detailType).sort();
    expect(types).toEqual([
      'HAPG Discovered',
      'HSM Discovered',
      'HSM Discovered',
      'Luna Client Discovered',
      'Poll Completed',
    ]);
    const store = new ResourceStore({ doc: db.doc, tableName });
    expect(await store.targets()).toEqual([
      { accountId: DEFAULT_CREDENTIALS.accountId, region: 'us-east-1' },
    ]);
    expect((await store.pollRuns(target))[0]?.status).toBe('ok');
  });
});
