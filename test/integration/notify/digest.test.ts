import { DynamoIncidentStore, DynamoNotificationLedger } from '../../../src/adapters/dynamo/incident-store';
import { SlackNotifier } from '../../../src/adapters/slack/slack-notifier';
import type { Digest, DigestNotifier } from '../../../src/monitor/incidents/digest';
import { DEFAULT_POLICY } from '../../../src/monitor/incidents/policy';
import { step } from '../../../src/monitor/incidents/transition';
import { sendDailyDigest, type DigestDeps } from '../../../src/usecases/notify/send-digest';
import { freshTable, startDynalite, type DynaliteHandle } from '../../support/dynamo';
import { startFakeSlack, type FakeSlack } from '../../unit/adapters/slack/fake-slack';
import { cond, obs } from '../../unit/monitor/incidents/fixtures';

class ScriptedDigestSink implements DigestNotifier {
  readonly got: Digest[] = [];
  failNext = 0;
  constructor(readonly name: string) {}
  async sendDigest(d: Digest): Promise<void> {
    if (this.failNext-- > 0) throw Object.assign(new Error('down'), { name: 'SinkDown' });
    this.got.push(d);
  }
}

describe('sendDailyDigest', () => {
  let db: DynaliteHandle;
  let slack: FakeSlack;
  let deps: DigestDeps;
  let sink: ScriptedDigestSink;
  beforeAll(async () => {
    db = await startDynalite();
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await slack.stop();
    await db.stop();
  });
  beforeEach(async () => {
    const table = await freshTable(db);
    const incidents = new DynamoIncidentStore(db.doc, table);
    const policy = { ...DEFAULT_POLICY, digestSeverities: ['warning' as const] };
    for (const [key, problem, severity] of [
      ['123456789012#us-east-1#hapg-action-failed#arn:a', 'hapg-action-failed', 'warning'],
      ['123456789012#us-east-1#hapg-degraded#arn:b', 'hapg-degraded', 'critical'],
    ] as const) {
      const s = step(
        undefined,
        obs(key, 1, cond(key, { problem, severity, immediate: true })),
        policy,
      ).state!;
      await incidents.save(s, [], 0);
    }
    sink = new ScriptedDigestSink('scripted');
    slack.accepted.length = 0;
    deps = {
      incidents,
      ledger: new DynamoNotificationLedger(db.doc, table),
      notifiers: [
        sink,
        new SlackNotifier({ webhookUrl: slack.url, readmeUrl: 'https://example.test/README.md' }),
      ],
      severities: ['warning'],
      now: () => new Date('2026-01-02T08:00:00.000Z'),
    };
  });

  it('sends one digest of the open warnings per day, whatever the number of runs', async () => {
    const first = await sendDailyDigest(deps);
    expect(first.sent && first.digest.items.map((i) => i.problem)).toEqual(['hapg-action-failed']);
    expect(await sendDailyDigest(deps)).toEqual({ sent: false, reason: 'already-sent' });
    expect(sink.got).toHaveLength(1);
    expect(slack.accepted.map((b) => String(b.text))).toEqual([
      'hsmwatch daily digest: 1 open warning incident',
    ]);
    const tomorrow = await sendDailyDigest({ ...deps, now: () => new Date('2026-01-03T08:00:00.000Z') });
    expect(tomorrow.sent).toBe(true);
  });

  it('re-sends only to the sink that failed when retried', async () => {
    sink.failNext = 1;
    await expect(sendDailyDigest(deps)).rejects.toMatchObject({ name: 'DeliveryError' });
    expect(slack.accepted).toHaveLength(1);
    expect((await sendDailyDigest(deps)).sent).toBe(true);
    expect(sink.got).toHaveLength(1);
    expect(slack.accepted).toHaveLength(1);
  });

  it('waits for the configured UTC hour', async () => {
    expect(await sendDailyDigest({ ...deps, hourUtc: 9 })).toEqual({ sent: false, reason: 'too-early' });
    expect((await sendDailyDigest({ ...deps, hourUtc: 8 })).sent).toBe(true);
  });

  it('does nothing when disabled', async () => {
    expect(await sendDailyDigest({ ...deps, severities: [] })).toEqual({ sent: false, reason: 'disabled' });
  });
});
