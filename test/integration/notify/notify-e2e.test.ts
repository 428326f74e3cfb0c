import { DEFAULT_POLICY } from '../../../src/monitor/incidents/policy';
import type { HapgRecord } from '../../../src/monitor/records';
import { addSilence } from '../../../src/usecases/silences';
import { startDynalite, type DynaliteHandle } from '../../support/dynamo';
import { README, TOPIC, snsPublished, startAlertWorld, type AlertWorld } from './harness';

const HALF_HOUR = 30 * 60;

describe('alerting end to end (emulator + poller + notify + dynalite + Slack over HTTP + SNS mock)', () => {
  let db: DynaliteHandle;
  let w: AlertWorld;
  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(() => db.stop());
  afterEach(() => w.close());

  /** Seeds one HAPG over two HSMs (plus one HSM in no group) and takes a healthy first poll. */
  async function seeded() {
    const s = await w.emu.admin.seed({ hsms: 2, hapgs: 1, clients: 0, membersPerHapg: 2 });
    const first = await w.poll();
    const out = await w.deliver(first, 2);
    expect(out.flatMap((o) => o.decided)).toEqual([]);
    return { hsm: s.hsmArns[0]!, hapg: s.hapgArns[0]!, startedAt: w.now() };
  }

  it('HSM degrades → HAPG degrades → stays broken across reminders → recovers: one open, the right reminders, one resolved, no duplicates', async () => {
    w = await startAlertWorld(db);
    const { hsm, hapg } = await seeded();
    // The first Slack attempt is rate limited: it must be retried after Retry-After, not dropped.
    w.slack.script.push({ status: 429, headers: { 'retry-after': '3' } });

    await w.emu.admin.setHsmStatus(hsm, 'DEGRADED', 'test: fan failure');
    await w.advance(HALF_HOUR);
    const brokeAt = w.now().toISOString();
    const events = await w.poll();
    expect(events.map((e) => e.detailType)).toEqual(
      expect.arrayContaining(['HSM Status Changed', 'HAPG State Changed', 'Poll Completed']),
    );
    const hapgRecord = (
      events.find((e) => e.detailType === 'HAPG State Changed')!.detail as { current: HapgRecord }
    ).current;
    expect(hapgRecord.State).toBe('DEGRADED');
    await w.deliver(events, 2);

    // 9 more hours broken, a poll every 30 minutes, every event delivered twice (concurrently).
    for (let i = 0; i < 18; i += 1) {
      await w.advance(HALF_HOUR);
      await w.deliver(await w.poll(), 2);
    }
    await w.emu.admin.setHsmStatus(hsm, 'RUNNING');
    await w.advance(HALF_HOUR);
    const recoveredAt = w.now().toISOString();
    await w.deliver(await w.poll(), 2);
    // A few more quiet polls: nothing else may be sent.
    for (let i = 0; i < 3; i += 1) {
      await w.advance(HALF_HOUR);
      await w.deliver(await w.poll(), 2);
    }

    const texts = w.slack.accepted.map((b) => String(b.text));
    const name = hapg.slice(hapg.lastIndexOf(':') + 1);
    expect(texts).toEqual([
      expect.stringMatching(new RegExp(`^\\[CRITICAL\\] OPEN: HAPG degraded ${name} `)),
      expect.stringMatching(/^\[CRITICAL\] STILL OPEN: HAPG degraded/),
      expect.stringMatching(/^\[CRITICAL\] STILL OPEN: HAPG degraded/),
      expect.stringMatching(/^\[CRITICAL\] RESOLVED: HAPG degraded/),
    ]);
    expect(w.slept).toEqual([3000]);
    expect(w.slack.received).toHaveLength(5); // 4 messages + the refused 429 attempt

    // The open lists the affected HSM and links the runbook; the resolved gives the duration.
    const open = JSON.stringify(w.slack.accepted[0]);
    expect(open).toContain(hsm.slice(hsm.lastIndexOf(':') + 1));
    expect(open).toContain(`${README}#runbook-hapg-degraded`);
    const expectedSeconds = (Date.parse(recoveredAt) - Date.parse(brokeAt)) / 1000;
    expect(expectedSeconds).toBe(9.5 * 3600);
    expect(JSON.stringify(w.slack.accepted[3])).toContain('*Duration*\\n9h 30m');

    // Reminders every 240 minutes from the open: at +4h and +8h.
    const sns = snsPublished();
    expect(sns.map((p) => p.Subject!.split(':')[0])).toEqual([
      '[CRITICAL] OPEN',
      '[CRITICAL] STILL OPEN',
      '[CRITICAL] STILL OPEN',
      '[CRITICAL] RESOLVED',
    ]);
    expect(sns[1]!.Message).toContain('Open for: 4h\n');
    expect(sns[2]!.Message).toContain('Open for: 8h\n');
    expect(sns[3]!.Message).toContain('after 9h 30m');
    for (const p of sns) {
      expect(p.TopicArn).toBe(TOPIC);
      expect(p.MessageAttributes).toMatchObject({
        severity: { DataType: 'String', StringValue: 'critical' },
        resourceType: { DataType: 'String', StringValue: 'hapg' },
        accountId: { DataType: 'String', StringValue: '123456789012' },
      });
    }
    const incidents = await w.deps.incidents.list({});
    expect(incidents.map((i) => [i.problem, i.status, i.seq])).toEqual([['hapg-degraded', 'resolved', 4]]);
  });

  it('a silence suppresses the messages, and its expiry lets them through again', async () => {
    w = await startAlertWorld(db);
    const { hsm } = await seeded();
    // Silence the HSM: the HAPG incident it causes is inhibited for the silence's hour.
    await addSilence(w.silenceDeps, {
      arn: hsm,
      duration: '60m',
      createdBy: 'ops@example.test',
      reason: 'planned firmware work',
    });
    await w.emu.admin.setHsmStatus(hsm, 'DEGRADED', 'test');
    await w.advance(HALF_HOUR);
    await w.deliver(await w.poll());
    await w.advance(HALF_HOUR - 60);
    await w.deliver(await w.poll());
    expect(w.slack.accepted).toEqual([]);
    expect(snsPublished()).toEqual([]);
    const [muted] = await w.deps.incidents.list({ statuses: ['open'] });
    expect(muted?.mutedBy).toMatch(/^inhibited:/);

    await w.advance(HALF_HOUR); // the silence has ended
    await w.deliver(await w.poll());
    expect(w.slack.accepted.map((b) => String(b.text))).toEqual([
      expect.stringMatching(/^\[CRITICAL\] OPEN: HAPG degraded/),
    ]);

    await w.emu.admin.setHsmStatus(hsm, 'RUNNING');
    await w.advance(HALF_HOUR);
    await w.deliver(await w.poll());
    expect(w.slack.accepted.map((b) => String(b.text).split(':')[0])).toEqual([
      '[CRITICAL] OPEN',
      '[CRITICAL] RESOLVED',
    ]);
    expect(snsPublished()).toHaveLength(2);
  });

  it('a warning waits for its second poll before opening (debounce)', async () => {
    w = await startAlertWorld(db, {
      ...DEFAULT_POLICY,
      severities: { ...DEFAULT_POLICY.severities, 'hapg-degraded': 'warning', 'hsm-unhealthy': 'warning' },
    });
    const { hsm } = await seeded();
    await w.emu.admin.setHsmStatus(hsm, 'SUSPENDED', 'test');
    await w.advance(HALF_HOUR);
    await w.deliver(await w.poll());
    expect(w.slack.accepted).toEqual([]);
    await w.advance(HALF_HOUR);
    await w.deliver(await w.poll());
    expect(w.slack.accepted.map((b) => String(b.text))).toEqual([
      expect.stringMatching(/^\[WARNING\] OPEN: HAPG degraded/),
    ]);
  });
});
