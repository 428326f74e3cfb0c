import {
  approvePlan,
  disableRemediation,
  handleRemediationEvent,
  remediationHistory,
  requestRemediation,
  unblockResource,
  type RemediationRecordSource,
} from '../../../src/usecases/remediation';
import type { HsmwatchEvent } from '../../../src/monitor/events';
import type { HapgRecord, HsmRecord, ResourceRecord } from '../../../src/monitor/records';
import { TARGET, envelopeOf, eventsOf, useWorlds, type World } from './harness';

// One dynalite per file; each test's world is schema-checked and closed after it.
const worlds = useWorlds();
let w: World;

/** Seeds a fleet, polls it READY, degrades some HSMs, polls again; returns the HAPG trigger. */
async function degradedFleet(opts: { hsms: number; members: number; degrade: number[] }) {
  w = await worlds.open();
  const seeded = await w.emu.admin.seed({
    hsms: opts.hsms,
    hapgs: 1,
    clients: 0,
    membersPerHapg: opts.members,
  });
  await w.poll();
  for (const i of opts.degrade)
    await w.emu.admin.setHsmStatus(seeded.hsmArns[i] as string, 'DEGRADED', 'test');
  await w.clock.advance(60);
  const events = await w.poll();
  const trigger = events.find((e) => e.detailType === 'HAPG State Changed') as HsmwatchEvent<unknown>;
  expect(trigger).toBeDefined();
  const seq = (await w.log()).at(-1)?.seq ?? 0;
  const records = await w.resourceStore.currentRecords(TARGET);
  const serialsOf = (i: number) =>
    (records.find((r) => r.resourceType === 'hsm' && r.HsmArn === seeded.hsmArns[i]) as HsmRecord)
      .PartitionSerials;
  return { seeded, trigger, seq, hapgArn: seeded.hapgArns[0] as string, serialsOf };
}

const changes = (log: { arn: string; field: string; to: unknown }[], arn: string, field: string) =>
  log.filter((c) => c.arn === arn && c.field === field);

describe('HAPG repair (emulator + dynalite)', () => {
  it('drops the partition of a degraded HSM and the group is READY again', async () => {
    const { trigger, seq, hapgArn, serialsOf } = await degradedFleet({ hsms: 5, members: 4, degrade: [0] });
    const out = await handleRemediationEvent(w.deps({ REMEDIATION_MODE: 'auto' }), envelopeOf(trigger));
    expect(out.outcome).toBe('succeeded');

    const log = await w.log(seq);
    const lists = changes(log, hapgArn, 'PartitionSerialList');
    expect(lists).toHaveLength(1);
    const after = lists[0]?.to as string[];
    expect(after).toHaveLength(3);
    for (const s of serialsOf(0)) expect(after).not.toContain(s);
    expect(changes(log, hapgArn, 'State').at(-1)?.to).toBe('READY');
    expect(w.mutatingCalls()).toEqual(['ModifyHapg']);
    expect(eventsOf(w.published, 'Remediation Started')).toHaveLength(1);
    expect(eventsOf(w.published, 'Remediation Succeeded')).toHaveLength(1);
    const trail = await w.store.auditTrail(hapgArn);
    expect(trail.map((a) => `${a.action}:${a.outcome}`)).toEqual([
      'Plan:planned',
      'Execute:started',
      'ModifyHapg:started',
      'ModifyHapg:succeeded',
      'DescribeHapg:started',
      'DescribeHapg:succeeded',
      'Execute:succeeded',
    ]);
    expect((await w.store.getPlan(out.planId as string))?.status).toBe('succeeded');
    const history = await remediationHistory(w.deps(), hapgArn);
    expect(history.plans.map((p) => p.plan.planId)).toEqual([out.planId]);
    expect(history.audit).toHaveLength(7);
  });

  it('re-applies a failed member once its HSM is RUNNING again instead of dropping it', async () => {
    w = await worlds.open();
    const seeded = await w.emu.admin.seed({ hsms: 5, hapgs: 1, clients: 0, membersPerHapg: 3 });
    await w.poll(); // READY with 3 members: the last READY membership
    const hapgArn = seeded.hapgArns[0] as string;
    const hsm3 = seeded.hsmArns[3] as string;
    const records0 = await w.resourceStore.currentRecords(TARGET);
    const s3 = (records0.find((r) => r.resourceType === 'hsm' && r.HsmArn === hsm3) as HsmRecord)
      .PartitionSerials[0] as string;
    const hapg0 = records0.find((r) => r.resourceType === 'hapg') as HapgRecord;
    // An operator adds HSM 3 while it is DEGRADED: the action fails.
    await w.emu.admin.setHsmStatus(hsm3, 'DEGRADED', 'test');
    await w.client.modifyHapg({ HapgArn: hapgArn, PartitionSerialList: [...hapg0.PartitionSerialList, s3] });
    await w.clock.advance(30);
    const events = await w.poll();
    const trigger = events.find((e) => e.detailType === 'HAPG Action Failed') as HsmwatchEvent<unknown>;
    expect(trigger).toBeDefined();
    // HSM 3 recovers; the records remediation reads already show it RUNNING (the emulator heals the
    // group itself on recovery, so the re-applied ModifyHapg keeps the membership and is a no-op there).
    await w.emu.admin.setHsmStatus(hsm3, 'RUNNING');
    const seq = (await w.log()).at(-1)?.seq ?? 0;
    const live = await w.client.describeHsm({ HsmArn: hsm3 });
    const records: RemediationRecordSource = {
      currentRecords: async (t) =>
        (await w.resourceStore.currentRecords(t)).map((r): ResourceRecord =>
          r.resourceType === 'hsm' && r.HsmArn === hsm3 ? { ...r, Status: live.Status ?? r.Status } : r,
        ),
      lastReadyPartitionSerials: async (t, arn) =>
        (await w.resourceStore.getResource(t, 'hapg', arn))?.lastReadyPartitionSerials,
    };
    w.calls.length = 0;
    const out = await handleRemediationEvent(
      w.deps({ REMEDIATION_MODE: 'auto' }, { records }),
      envelopeOf(trigger),
    );
    expect(out.outcome).toBe('succeeded');
    expect(out.plan?.facts['reapplied']).toEqual([s3]);
    expect(out.plan?.steps[0]?.input['PartitionSerialList']).toContain(s3);
    expect(w.mutatingCalls()).toEqual(['ModifyHapg']);
    const log = await w.log(seq);
    expect(changes(log, hapgArn, 'PartitionSerialList')).toEqual([]); // HSM 3's partition was kept
    const g = await w.client.describeHapg({ HapgArn: hapgArn });
    expect(g.State).toBe('READY');
    expect(g.PartitionSerialList).toContain(s3);
  });

  it('makes no mutating call in a systemic outage (over 30% unhealthy) and emits an alert-worthy Skipped', async () => {
    const { trigger, seq, hapgArn } = await degradedFleet({ hsms: 5, members: 4, degrade: [0, 1] });
    const out = await handleRemediationEvent(w.deps({ REMEDIATION_MODE: 'auto' }), envelopeOf(trigger));
    expect(out).toMatchObject({ outcome: 'skipped', reason: 'systemic-outage' });
    expect(w.mutatingCalls()).toEqual([]);
    expect(changes(await w.log(seq), hapgArn, 'PartitionSerialList')).toEqual([]);
    const skipped = eventsOf(w.published, 'Remediation Skipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ reason: 'systemic-outage', resourceArn: hapgArn, verdict: 'skip' });
  });

  it('respects the minimum member count', async () => {
    const { trigger, seq, hapgArn } = await degradedFleet({ hsms: 5, members: 2, degrade: [0] });
    const out = await handleRemediationEvent(w.deps({ REMEDIATION_MODE: 'auto' }), envelopeOf(trigger));
    expect(out).toMatchObject({ outcome: 'skipped', reason: 'min-members' });
    expect(out.plan?.preChecks.find((c) => c.name === 'min-members')).toMatchObject({
      passed: false,
      detail: '1 members after repair; minimum 2',
    });
    expect(w.mutatingCalls()).toEqual([]);
    expect(changes(await w.log(seq), hapgArn, 'PartitionSerialList')).toEqual([]);
  });

  it('runs a duplicate or concurrent delivery of the same event exactly once', async () => {
    const { trigger, seq, hapgArn } = await degradedFleet({ hsms: 5, members: 4, degrade: [0] });
    const deps = w.deps({ REMEDIATION_MODE: 'auto' });
    // EventBridge may deliver the same event twice with different envelope ids, even concurrently.
    const outcomes = await Promise.all([
      handleRemediationEvent(deps, envelopeOf(trigger, 'delivery-1')),
      handleRemediationEvent(deps, envelopeOf(trigger, 'delivery-2')),
    ]);
    const again = await handleRemediationEvent(deps, envelopeOf(trigger, 'delivery-3'));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['duplicate', 'succeeded']);
    expect(again.outcome).toBe('duplicate');
    expect(w.mutatingCalls()).toEqual(['ModifyHapg']);
    expect(changes(await w.log(seq), hapgArn, 'PartitionSerialList')).toHaveLength(1);
  });

  it('lets two different events for the same group at once make one ModifyHapg (lock + hourly limit)', async () => {
    const { trigger, seq, hapgArn } = await degradedFleet({ hsms: 5, members: 4, degrade: [0] });
    const deps = w.deps({ REMEDIATION_MODE: 'auto' });
    const other = {
      ...trigger,
      detailType: 'HAPG Action Failed' as const,
      detail: { ...(trigger.detail as object), eventId: 'action-failed-event' },
    };
    const outcomes = await Promise.all([
      handleRemediationEvent(deps, envelopeOf(trigger)),
      handleRemediationEvent(deps, envelopeOf(other)),
    ]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['skipped', 'succeeded']);
    expect(['locked', 'rate-limited']).toContain(outcomes.find((o) => o.outcome === 'skipped')?.reason);
    expect(w.mutatingCalls()).toEqual(['ModifyHapg']);
    expect(changes(await w.log(seq), hapgArn, 'PartitionSerialList')).toHaveLength(1);
  });

  it('skips while another execution holds the resource lock, and a publish failure never stops a repair', async () => {
    const { trigger, hapgArn } = await degradedFleet({ hsms: 5, members: 4, degrade: [0] });
    await w.store.acquireLock(hapgArn, 'someone-else', w.clock.now().toISOString(), 900);
    const locked = await handleRemediationEvent(w.deps({ REMEDIATION_MODE: 'auto' }), envelopeOf(trigger));
    expect(locked).toMatchObject({ outcome: 'skipped', reason: 'locked' });
    expect(w.mutatingCalls()).toEqual([]);

    await w.clock.advance(901); // the other holder's lock expires
    const failing = { publish: async () => Promise.reject(new Error('bus down')) };
    const logs: string[] = [];
    const next = { ...trigger, detail: { ...(trigger.detail as object), eventId: 'after-lock' } };
    const out = await handleRemediationEvent(
      w.deps({ REMEDIATION_MODE: 'auto' }, { publisher: failing, log: (_l, m) => void logs.push(m) }),
      envelopeOf(next),
    );
    expect(out.outcome).toBe('succeeded');
    expect(w.mutatingCalls()).toEqual(['ModifyHapg']);
    expect(logs).toContain('publishing a remediation event failed');
  });

  it('stops everything when the kill switch is set, also between planning and the first mutating step', async () => {
    const { trigger, seq, hapgArn } = await degradedFleet({ hsms: 5, members: 4, degrade: [0] });
    await disableRemediation(w.deps(), 'ops', 'maintenance');
    const before = await handleRemediationEvent(w.deps({ REMEDIATION_MODE: 'auto' }), envelopeOf(trigger));
    expect(before).toMatchObject({ outcome: 'skipped', reason: 'disabled' });

    // Now enabled at planning time, disabled the moment execution starts.
    await w.store.setKillSwitch({ enabled: true });
    const second =
      (await w.poll(), { ...trigger, detail: { ...(trigger.detail as object), eventId: 'another-event' } });
    const publisher = {
      publish: async (events: readonly HsmwatchEvent<unknown>[]) => {
        w.published.push(...events);
        if (events.some((e) => e.detailType === 'Remediation Started'))
          await w.store.setKillSwitch({ enabled: false, changedBy: 'ops' });
      },
    };
    const during = await handleRemediationEvent(
      w.deps({ REMEDIATION_MODE: 'auto' }, { publisher }),
      envelopeOf(second),
    );
    expect(during).toMatchObject({ outcome: 'skipped', reason: 'disabled' });
    expect(w.mutatingCalls()).toEqual([]);
    expect(changes(await w.log(seq), hapgArn, 'PartitionSerialList')).toEqual([]);
    expect(
      (await w.store.auditTrail(hapgArn)).some((a) => a.action === 'ModifyHapg' && a.outcome === 'skipped'),
    ).toBe(true);
  });

  it('dry-run (the default) plans and alerts but makes zero mutating calls', async () => {
    const { trigger, seq } = await degradedFleet({ hsms: 5, members: 4, degrade: [0] });
    const out = await handleRemediationEvent(w.deps(), envelopeOf(trigger));
    expect(out.outcome).toBe('dry-run');
    expect(out.plan?.steps[0]?.action).toBe('ModifyHapg');
    expect(eventsOf(w.published, 'Remediation Planned')).toMatchObject([
      { verdict: 'dry-run', mode: 'dryRun' },
    ]);
    expect(w.mutatingCalls()).toEqual([]);
    expect((await w.log(seq)).filter((c) => c.field === 'PartitionSerialList')).toEqual([]);
  });

  it('in approve mode runs nothing until approval, then runs the plan once', async () => {
    const { trigger, seq, hapgArn } = await degradedFleet({ hsms: 5, members: 4, degrade: [0] });
    const deps = w.deps({ REMEDIATION_MODE: 'approve', REMEDIATION_PLAN_EXPIRY_MINUTES: '30' });
    const out = await handleRemediationEvent(deps, envelopeOf(trigger));
    expect(out.outcome).toBe('awaiting-approval');
    await w.clock.advance(600);
    expect(w.mutatingCalls()).toEqual([]);
    expect(changes(await w.log(seq), hapgArn, 'PartitionSerialList')).toEqual([]);

    const result = await approvePlan(deps, out.planId as string, 'alice');
    expect(result.outcome).toBe('succeeded');
    expect(w.mutatingCalls()).toEqual(['ModifyHapg']);
    expect(await w.store.getPlan(out.planId as string)).toMatchObject({
      status: 'succeeded',
      approvedBy: 'alice',
    });
    await expect(approvePlan(deps, out.planId as string, 'bob')).rejects.toMatchObject({
      name: 'PlanNotApprovableError',
    });
    expect(w.mutatingCalls()).toEqual(['ModifyHapg']);
  });

  it('in approve mode an unapproved plan expires and can no longer run', async () => {
    const { trigger, seq, hapgArn } = await degradedFleet({ hsms: 5, members: 4, degrade: [0] });
    const deps = w.deps({ REMEDIATION_MODE: 'approve', REMEDIATION_PLAN_EXPIRY_MINUTES: '30' });
    const out = await handleRemediationEvent(deps, envelopeOf(trigger));
    await w.clock.advance(31 * 60);
    await expect(approvePlan(deps, out.planId as string, 'alice')).rejects.toMatchObject({
      name: 'PlanExpiredError',
    });
    expect((await w.store.getPlan(out.planId as string))?.status).toBe('expired');
    expect(eventsOf(w.published, 'Remediation Skipped')).toMatchObject([{ reason: 'plan-expired' }]);
    expect(w.mutatingCalls()).toEqual([]);
    expect(changes(await w.log(seq), hapgArn, 'PartitionSerialList')).toEqual([]);
  });

  it('ends repeated failures in a block that only unblock clears', async () => {
    const { trigger, hapgArn } = await degradedFleet({ hsms: 5, members: 4, degrade: [0] });
    await w.emu.admin.setFaults({
      errors: [{ action: 'ModifyHapg', errorType: 'CloudHsmServiceException', status: 400 }],
    });
    const deps = w.deps({ REMEDIATION_MODE: 'auto' });
    const out = await handleRemediationEvent(deps, envelopeOf(trigger));
    expect(out).toMatchObject({ outcome: 'failed', reason: 'max-attempts' });
    expect(w.calls.filter((c) => c === 'ModifyHapg')).toHaveLength(3);
    expect(await w.store.getBlock(hapgArn)).toMatchObject({ attempts: 3, planId: out.planId });
    expect(eventsOf(w.published, 'Remediation Failed')).toMatchObject([
      { blocked: true, attempt: 3, error: { name: 'CloudHsmServiceException' } },
    ]);

    // A later trigger for the same group is refused while blocked, even with the fault gone.
    await w.emu.admin.clearFaults();
    const next = { ...trigger, detail: { ...(trigger.detail as object), eventId: 'later-event' } };
    expect(await handleRemediationEvent(deps, envelopeOf(next))).toMatchObject({
      outcome: 'skipped',
      reason: 'blocked',
    });
    expect(w.calls.filter((c) => c === 'ModifyHapg')).toHaveLength(3);

    expect(await unblockResource(deps, hapgArn, 'ops')).toMatchObject({ planId: out.planId });
    expect(await w.store.getBlock(hapgArn)).toBeUndefined();
    await w.clock.advance(3700); // past the per-group hourly limit
    const after = { ...trigger, detail: { ...(trigger.detail as object), eventId: 'after-unblock' } };
    const res = await handleRemediationEvent(deps, envelopeOf(after));
    expect({ outcome: res.outcome, reason: res.reason }).toEqual({ outcome: 'succeeded', reason: undefined });
  });
});

describe('manual requests (CLI)', () => {
  it('`remediation plan <arn>` yields an approvable plan even in auto mode, and approve runs it', async () => {
    const { seq, hapgArn } = await degradedFleet({ hsms: 5, members: 4, degrade: [0] });
    const deps = w.deps({ REMEDIATION_MODE: 'auto' });
    const planned = await requestRemediation(deps, hapgArn, 'alice', { mode: 'approve' });
    expect(planned).toMatchObject({ outcome: 'awaiting-approval' });
    expect(w.mutatingCalls()).toEqual([]);
    expect((await approvePlan(deps, planned.planId as string, 'alice')).outcome).toBe('succeeded');
    expect(changes(await w.log(seq), hapgArn, 'PartitionSerialList')).toHaveLength(1);
  });

  it('refuses an ARN that is not a HAPG or client, naming the field', async () => {
    w = await worlds.open();
    await expect(
      requestRemediation(w.deps(), 'arn:aws:cloudhsm:us-east-1:123456789012:hsm-00000001', 'alice'),
    ).rejects.toThrow('neither a HAPG nor a Luna client');
    await expect(requestRemediation(w.deps(), 'nope', 'alice')).rejects.toThrow(
      'arn: "nope" is not a CloudHSM ARN',
    );
  });
});
