/**
 * notify on real DynamoDB (dynalite), with scripted sinks and a settable record source:
 * exactly-once decisions under duplicates and concurrency, retries that re-send only what was not
 * sent, claim leases, event-driven problems and silences/incidents use cases.
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoIncidentStore, DynamoNotificationLedger } from '../../../src/adapters/dynamo/incident-store';
import { DynamoSilenceStore } from '../../../src/adapters/dynamo/silence-store';
import { DEFAULT_POLICY } from '../../../src/monitor/incidents/policy';
import { incidentKey } from '../../../src/monitor/incidents/keys';
import type { Notifier } from '../../../src/monitor/incidents/ports';
import type { Notification } from '../../../src/monitor/incidents/types';
import type { ResourceRecord } from '../../../src/monitor/records';
import {
  handleAlertEvent,
  listIncidents,
  sweepReminders,
  type NotifyDeps,
} from '../../../src/usecases/notify';
import type { EventFacts } from '../../../src/monitor/incidents/event-observations';
import { addSilence, listSilences, removeSilence } from '../../../src/usecases/silences';
import { freshTable, startDynalite, type DynaliteHandle } from '../../support/dynamo';
import { ACCOUNT, REGION, hapg, hsm } from '../../unit/monitor/incidents/fixtures';

/** A sink that records what it got and can be told to fail the next N sends. */
class ScriptedSink implements Notifier {
  readonly got: Notification[] = [];
  failNext = 0;
  constructor(readonly name: string) {}
  async send(n: Notification): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw Object.assign(new Error(`${this.name} down`), { name: 'SinkDown' });
    }
    this.got.push(n);
  }
}

const a = hsm('aaaa0001');
const b = hsm('bbbb0002');
const group = hapg('11112222', ['aaaa0001', 'bbbb0002']);
const T = Date.parse('2026-03-01T00:00:00.000Z');
const iso = (min: number) => new Date(T + min * 60_000).toISOString();

describe('notify on DynamoDB', () => {
  let db: DynaliteHandle;
  let records: ResourceRecord[];
  let wall: number;
  let slack: ScriptedSink;
  let sns: ScriptedSink;
  let deps: NotifyDeps;
  let metrics: Record<string, number>;
  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(() => db.stop());
  let table: string;
  beforeEach(async () => {
    table = await freshTable(db);
    records = [a, b, group];
    wall = T;
    slack = new ScriptedSink('slack');
    sns = new ScriptedSink('sns');
    metrics = {};
    deps = {
      incidents: new DynamoIncidentStore(db.doc, table),
      ledger: new DynamoNotificationLedger(db.doc, table),
      silences: new DynamoSilenceStore(db.doc, table),
      records: { currentRecords: async () => records },
      notifiers: [slack, sns],
      policy: DEFAULT_POLICY,
      now: () => new Date(wall),
      leaseSeconds: 60,
      onMetric: (n, v) => void (metrics[n] = (metrics[n] ?? 0) + v),
    };
  });

  const tick = (min: number): EventFacts => ({
    detailType: 'Poll Completed',
    eventId: `poll-${min}`,
    pollId: `poll-${min}`,
    accountId: ACCOUNT,
    region: REGION,
    resourceArn: `arn:hsmwatch:target:${ACCOUNT}:${REGION}`,
    at: iso(min),
  });
  const degrade = () => {
    records = [{ ...a, Status: 'DEGRADED' }, b, { ...group, State: 'DEGRADED' }];
  };

  it('decides once when the same tick arrives twice at the same moment', async () => {
    degrade();
    const results = await Promise.allSettled([
      handleAlertEvent(deps, tick(5)),
      handleAlertEvent(deps, tick(5)),
    ]);
    for (const r of results) {
      if (r.status === 'rejected') expect((r.reason as Error).name).toBe('NotificationInProgressError');
    }
    await handleAlertEvent(deps, tick(5)); // EventBridge's retry of a copy that found the other mid-send
    expect(slack.got.map((n) => n.kind)).toEqual(['opened']);
    expect(sns.got.map((n) => n.kind)).toEqual(['opened']);
  });

  it('re-sends only to the sink that failed when the delivery is retried, and counts the failure', async () => {
    degrade();
    slack.failNext = 1;
    await expect(handleAlertEvent(deps, tick(5))).rejects.toMatchObject({
      name: 'DeliveryError',
      failures: [{ sink: 'slack', error: 'SinkDown' }],
    });
    expect(sns.got).toHaveLength(1);
    expect(metrics.NotificationsFailed).toBe(1);
    const retry = await handleAlertEvent(deps, tick(5));
    expect(retry.decided).toEqual([]);
    expect(retry.delivered.map((n) => n.kind)).toEqual(['opened']);
    expect(slack.got).toHaveLength(1);
    expect(sns.got).toHaveLength(1);
  });

  it('a later tick delivers what an earlier failed run left in the outbox, in order', async () => {
    degrade();
    slack.failNext = 1;
    await expect(handleAlertEvent(deps, tick(5))).rejects.toMatchObject({ name: 'DeliveryError' });
    records = [a, b, group];
    const out = await handleAlertEvent(deps, tick(10));
    expect(out.decided.map((n) => n.kind)).toEqual(['resolved']);
    expect(slack.got.map((n) => n.kind)).toEqual(['opened', 'resolved']);
    expect(sns.got.map((n) => n.kind)).toEqual(['opened', 'resolved']);
  });

  it('takes a resolved incident out of the active index once its messages are delivered', async () => {
    degrade();
    await handleAlertEvent(deps, tick(5));
    records = [a, b, group];
    await handleAlertEvent(deps, tick(10));
    const indexed = await db.doc.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'INCIDENTS' },
      }),
    );
    expect(indexed.Items).toEqual([]);
    const [resolved] = await deps.incidents.list({});
    expect(resolved?.status).toBe('resolved');
  });

  it('leaves a live claim alone and takes it over once its lease has expired', async () => {
    degrade();
    // A sender that claimed the first notification of this incident, then crashed.
    const id = `${incidentKey(ACCOUNT, REGION, 'hapg-degraded', group.HapgArn)}#1`;
    const lease = new Date(wall + 60_000).toISOString();
    expect((await deps.ledger.claim(id, new Date(wall).toISOString(), lease)).outcome).toBe('claimed');
    await expect(handleAlertEvent(deps, tick(5))).rejects.toMatchObject({
      name: 'NotificationInProgressError',
    });
    expect(slack.got).toEqual([]);
    wall += 61_000;
    const retried = await handleAlertEvent(deps, tick(5));
    expect(retried.delivered.map((n) => n.id)).toEqual([id]);
    const again = await handleAlertEvent(deps, tick(5));
    expect(again.delivered).toEqual([]);
    expect(slack.got).toHaveLength(1);
    expect(sns.got).toHaveLength(1);
  });

  it('opens poll-failing on Poll Failed at once and resolves it on Poll Recovered with the outage duration', async () => {
    const base = { ...tick(5), resourceArn: `arn:hsmwatch:target:${ACCOUNT}:${REGION}` };
    await handleAlertEvent(deps, {
      ...base,
      detailType: 'Poll Failed',
      eventId: 'pf',
      data: { error: 'TimeoutError', since: iso(5) },
    });
    await handleAlertEvent(deps, {
      ...base,
      detailType: 'Poll Failed',
      eventId: 'pf',
      data: { error: 'TimeoutError', since: iso(5) },
    });
    await handleAlertEvent(deps, {
      ...base,
      detailType: 'Poll Recovered',
      eventId: 'pr',
      pollId: 'poll-65',
      at: iso(65),
    });
    expect(slack.got.map((n) => [n.kind, n.problem, n.durationSeconds])).toEqual([
      ['opened', 'poll-failing', undefined],
      ['resolved', 'poll-failing', 3600],
    ]);
  });

  it('reminds about an outage with no ticks through the scheduled sweep, every repeat interval', async () => {
    const base = { ...tick(0), resourceArn: `arn:hsmwatch:target:${ACCOUNT}:${REGION}` };
    await handleAlertEvent(deps, {
      ...base,
      detailType: 'Poll Failed',
      eventId: 'pf',
      data: { error: 'AuthError' },
    });
    const reminders: string[] = [];
    for (let min = 60; min <= 600; min += 60) {
      wall = T + min * 60_000;
      const r = await sweepReminders(deps);
      reminders.push(...r.delivered.map((n) => `${n.kind}@${n.at}`));
    }
    expect(reminders).toEqual([`reminder@${iso(240)}`, `reminder@${iso(480)}`]);
    // A successful poll after the outage resolves it.
    await handleAlertEvent(deps, tick(605));
    expect(slack.got.map((n) => n.kind)).toEqual(['opened', 'reminder', 'reminder', 'resolved']);
  });

  it('alerts when remediation refuses to act on a systemic outage, and resolves once the groups recover', async () => {
    degrade();
    const skip: EventFacts = {
      detailType: 'Remediation Skipped',
      eventId: 'skip-1',
      pollId: 'skip-1',
      accountId: ACCOUNT,
      region: REGION,
      resourceArn: group.HapgArn,
      at: iso(6),
      reason: 'systemic-outage',
    };
    await handleAlertEvent(deps, skip);
    await handleAlertEvent(deps, skip);
    expect(slack.got.map((n) => [n.kind, n.problem, n.resourceType])).toEqual([
      ['opened', 'remediation-blocked', 'target'],
    ]);
    await handleAlertEvent(deps, tick(10));
    records = [a, b, group];
    await handleAlertEvent(deps, tick(15));
    expect(slack.got.filter((n) => n.problem === 'remediation-blocked').map((n) => n.kind)).toEqual([
      'opened',
      'resolved',
    ]);
  });

  it('raises hsm-terminated-unexpectedly for an HSM in no group that vanished without a seen delete, not after one', async () => {
    const lone = hsm('cccc0003');
    const other = hsm('dddd0004');
    records = [lone, other];
    await handleAlertEvent(deps, tick(5));
    // `other` is deleted on purpose: we see it TERMINATING first.
    records = [lone, { ...other, Status: 'TERMINATING' }];
    await handleAlertEvent(deps, tick(10));
    records = [
      { ...lone, Status: 'TERMINATED' },
      { ...other, Status: 'TERMINATED' },
    ];
    await handleAlertEvent(deps, tick(15));
    expect(slack.got.map((n) => [n.kind, n.problem, n.resourceArn])).toEqual([
      ['opened', 'hsm-terminated-unexpectedly', lone.HsmArn],
    ]);
  });

  it('manages silences and lists incidents through the use cases', async () => {
    const sdeps = { silences: deps.silences, now: () => new Date(T), newId: () => randomUUID() };
    await expect(
      addSilence(sdeps, { arn: group.HapgArn, createdBy: 'ops', reason: 'x' }),
    ).rejects.toMatchObject({
      name: 'SilenceValidationError',
      field: 'endsAt',
    });
    await expect(
      addSilence(sdeps, { tag: 'novalue', duration: '1h', createdBy: 'ops', reason: 'x' }),
    ).rejects.toMatchObject({ field: 'tag' });
    await expect(
      addSilence(sdeps, { arn: 'x', resourceType: 'hsm', duration: '1h', createdBy: 'ops', reason: 'x' }),
    ).rejects.toMatchObject({
      field: 'arn',
    });
    expect(await deps.silences.list()).toEqual([]);
    const s = await addSilence(sdeps, {
      tag: 'env=dev',
      duration: '2h',
      createdBy: 'ops',
      reason: 'load test',
    });
    expect(s).toMatchObject({
      matcher: { kind: 'tag', key: 'env', value: 'dev' },
      startsAt: iso(0),
      endsAt: iso(120),
    });
    expect((await listSilences(sdeps)).map((x) => x.id)).toEqual([s.id]);
    expect(await listSilences({ ...sdeps, now: () => new Date(T + 121 * 60_000) })).toEqual([]);
    expect(
      await listSilences({ ...sdeps, now: () => new Date(T + 121 * 60_000) }, { all: true }),
    ).toHaveLength(1);
    expect(await removeSilence(sdeps, s.id)).toBe(true);
    expect(await removeSilence(sdeps, s.id)).toBe(false);

    degrade();
    await handleAlertEvent(deps, tick(5));
    expect((await listIncidents(deps)).map((i) => [i.problem, i.status])).toEqual([
      ['hapg-degraded', 'open'],
    ]);
    records = [a, b, group];
    await handleAlertEvent(deps, tick(10));
    expect(await listIncidents(deps)).toEqual([]);
    expect((await listIncidents(deps, { all: true })).map((i) => i.status)).toEqual(['resolved']);
  });
});
