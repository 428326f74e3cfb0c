import { evaluateTick, type TargetSnapshot } from '../../../../src/monitor/incidents/evaluate';
import { incidentKey } from '../../../../src/monitor/incidents/keys';
import { step } from '../../../../src/monitor/incidents/transition';
import type { IncidentState, Observation, Silence } from '../../../../src/monitor/incidents/types';
import { ACCOUNT, POLICY, REGION, at, client, hapg, hsm } from './fixtures';

function snap(over: Partial<TargetSnapshot>): TargetSnapshot {
  return {
    accountId: ACCOUNT,
    region: REGION,
    at: at(0),
    pollId: 'p1',
    eventId: 'e1',
    records: [],
    seenTerminating: {},
    silences: [],
    active: [],
    ...over,
  };
}

const byProblem = (o: readonly Observation[]) =>
  Object.fromEntries(
    o
      .filter((x) => x.condition)
      .map((x) => [x.condition!.problem + ' ' + x.condition!.resourceArn, x.condition!]),
  );

const silence = (matcher: Silence['matcher'], from = -10, to = 60): Silence => ({
  id: 's1',
  matcher,
  startsAt: at(from),
  endsAt: at(to),
  createdBy: 'ops',
  reason: 'maintenance',
  createdAt: at(from),
});

describe('evaluateTick', () => {
  const a = hsm('aaaa0001');
  const b = hsm('bbbb0002');
  const lone = hsm('cccc0003');
  const group = hapg('11112222', ['aaaa0001', 'bbbb0002']);

  it('reports nothing for a healthy fleet', () => {
    const r = evaluateTick(snap({ records: [a, b, lone, group] }), POLICY);
    expect(r.observations).toEqual([]);
  });

  it('folds a member HSM problem into its HAPG incident, listing the affected member', () => {
    const degraded = { ...a, Status: 'DEGRADED' as const };
    const r = evaluateTick(snap({ records: [degraded, b, { ...group, State: 'DEGRADED' }] }), POLICY);
    const c = byProblem(r.observations);
    expect(Object.keys(c)).toEqual([`hapg-degraded ${group.HapgArn}`]);
    expect(c[`hapg-degraded ${group.HapgArn}`]).toMatchObject({
      severity: 'critical',
      mutedBy: null,
      affected: [{ arn: a.HsmArn, status: 'DEGRADED', problem: 'hsm-unhealthy', inhibited: false }],
    });
  });

  it('raises the HAPG incident from a degraded member even before the HAPG itself turns DEGRADED', () => {
    const r = evaluateTick(snap({ records: [{ ...a, Status: 'SUSPENDED' }, b, group] }), POLICY);
    expect(Object.keys(byProblem(r.observations))).toEqual([`hapg-degraded ${group.HapgArn}`]);
  });

  it('gives an HSM in no HAPG its own incident', () => {
    const r = evaluateTick(
      snap({ records: [{ ...lone, Status: 'DEGRADED', StatusDetails: 'fan' }, group, a, b] }),
      POLICY,
    );
    const c = byProblem(r.observations)[`hsm-unhealthy ${lone.HsmArn}`];
    expect(c).toMatchObject({ resourceType: 'hsm', summary: expect.stringContaining('DEGRADED (fan)') });
    expect(c?.key).toBe(incidentKey(ACCOUNT, REGION, 'hsm-unhealthy', lone.HsmArn));
  });

  it('flags TERMINATED without a seen delete, but not after one', () => {
    const gone = { ...lone, Status: 'TERMINATED' as const };
    expect(Object.keys(byProblem(evaluateTick(snap({ records: [gone] }), POLICY).observations))).toEqual([
      `hsm-terminated-unexpectedly ${lone.HsmArn}`,
    ]);
    const seen = { [lone.HsmArn]: lone.PartitionSerials };
    expect(evaluateTick(snap({ records: [gone], seenTerminating: seen }), POLICY).observations).toEqual([]);
  });

  it('remembers HSMs seen TERMINATING and forgets them once gone and unreferenced', () => {
    const r1 = evaluateTick(snap({ records: [{ ...a, Status: 'TERMINATING' }, group] }), POLICY);
    expect(r1.seenTerminating).toEqual({ [a.HsmArn]: a.PartitionSerials });
    const r2 = evaluateTick(snap({ records: [group], seenTerminating: r1.seenTerminating }), POLICY);
    expect(r2.seenTerminating).toEqual({ [a.HsmArn]: a.PartitionSerials });
    const r3 = evaluateTick(
      snap({ records: [hapg('11112222', ['bbbb0002'])], seenTerminating: r1.seenTerminating }),
      POLICY,
    );
    expect(r3.seenTerminating).toEqual({});
  });

  describe('inhibition', () => {
    it('mutes the HAPG incident caused only by a member being deleted (TERMINATING)', () => {
      const r = evaluateTick(
        snap({ records: [{ ...a, Status: 'TERMINATING' }, b, { ...group, State: 'DEGRADED' }] }),
        POLICY,
      );
      expect(r.observations[0]?.condition?.mutedBy).toBe(`inhibited:${a.HsmArn}`);
    });

    it('mutes it for a member TERMINATED after a seen delete, and for its missing partition', () => {
      const seen = { [a.HsmArn]: a.PartitionSerials };
      const r1 = evaluateTick(
        snap({
          records: [{ ...a, Status: 'TERMINATED' }, b, { ...group, State: 'DEGRADED' }],
          seenTerminating: seen,
        }),
        POLICY,
      );
      expect(r1.observations[0]?.condition?.mutedBy).toMatch(/^inhibited:/);
      const r2 = evaluateTick(
        snap({ records: [b, { ...group, State: 'DEGRADED' }], seenTerminating: seen }),
        POLICY,
      );
      expect(r2.observations[0]?.condition?.affected).toEqual([
        { arn: 'partition:p-aaaa0001', status: 'MISSING', problem: 'partition-missing', inhibited: true },
      ]);
      expect(r2.observations[0]?.condition?.mutedBy).toMatch(/^inhibited:/);
    });

    it('mutes it when the causing HSM is silenced', () => {
      const r = evaluateTick(
        snap({
          records: [{ ...a, Status: 'DEGRADED' }, b, group],
          silences: [silence({ kind: 'arn', value: a.HsmArn })],
        }),
        POLICY,
      );
      expect(r.observations[0]?.condition?.mutedBy).toMatch(/^inhibited:/);
    });

    it('does not mute when another, uninhibited member is also unhealthy', () => {
      const r = evaluateTick(
        snap({
          records: [
            { ...a, Status: 'TERMINATING' },
            { ...b, Status: 'DEGRADED' },
            { ...group, State: 'DEGRADED' },
          ],
        }),
        POLICY,
      );
      expect(r.observations[0]?.condition?.mutedBy).toBeNull();
      expect(r.observations[0]?.condition?.affected.map((m) => [m.arn, m.inhibited])).toEqual([
        [a.HsmArn, true],
        [b.HsmArn, false],
      ]);
    });

    it('does not mute a DEGRADED HAPG with no identifiable cause', () => {
      const r = evaluateTick(snap({ records: [a, b, { ...group, State: 'DEGRADED' }] }), POLICY);
      expect(r.observations[0]?.condition?.mutedBy).toBeNull();
    });
  });

  describe('silences', () => {
    const degradedGroup = [{ ...a, Status: 'DEGRADED' as const }, b, group];
    it.each([
      ['arn', { kind: 'arn', value: group.HapgArn }],
      ['resource type', { kind: 'resourceType', value: 'hapg' }],
      ['tag', { kind: 'tag', key: 'env', value: 'dev' }],
    ] as const)('mutes a matching incident by %s', (_name, matcher) => {
      const records = [degradedGroup[0]!, b, { ...group, Tags: { env: 'dev' } }];
      const r = evaluateTick(snap({ records, silences: [silence(matcher)] }), POLICY);
      expect(r.observations[0]?.condition?.mutedBy).toBe('silence:s1');
    });

    it('ignores a silence outside its time window and one that does not match', () => {
      const expired = silence({ kind: 'arn', value: group.HapgArn }, -100, -1);
      const other = silence({ kind: 'tag', key: 'env', value: 'prod' });
      const r = evaluateTick(snap({ records: degradedGroup, silences: [expired, other] }), POLICY);
      expect(r.observations[0]?.condition?.mutedBy).toBeNull();
    });
  });

  it('raises hapg-action-failed with the failed members', () => {
    const r = evaluateTick(snap({ records: [a, b, { ...group, HsmsLastActionFailed: [b.HsmArn] }] }), POLICY);
    const c = byProblem(r.observations)[`hapg-action-failed ${group.HapgArn}`];
    expect(c).toMatchObject({ severity: 'warning', affected: [{ arn: b.HsmArn, problem: 'action-failed' }] });
  });

  it('folds action-failed into the HAPG incident while the HAPG is degraded (no second incident)', () => {
    const r = evaluateTick(
      snap({
        records: [
          { ...a, Status: 'DEGRADED' },
          b,
          { ...group, State: 'DEGRADED', HsmsLastActionFailed: [a.HsmArn] },
        ],
      }),
      POLICY,
    );
    expect(Object.keys(byProblem(r.observations))).toEqual([`hapg-degraded ${group.HapgArn}`]);
  });

  it('raises certificate expiry inside the warning window, critical once expired', () => {
    const soon = client('00000001', at(10 * 24 * 60));
    const later = client('00000002', at(40 * 24 * 60));
    const past = client('00000003', at(-1));
    const c = byProblem(evaluateTick(snap({ records: [soon, later, past] }), POLICY).observations);
    expect(c[`client-cert-expiring ${soon.ClientArn}`]).toMatchObject({
      severity: 'warning',
      facts: { daysToExpiry: 10 },
    });
    expect(c[`client-cert-expiring ${past.ClientArn}`]).toMatchObject({
      severity: 'critical',
      state: 'EXPIRED',
    });
    expect(c[`client-cert-expiring ${later.ClientArn}`]).toBeUndefined();
  });

  it('raises subscription ending inside the warning window', () => {
    const ending = { ...lone, SubscriptionEndDate: at(5 * 24 * 60) };
    const c = byProblem(evaluateTick(snap({ records: [ending] }), POLICY).observations);
    expect(c[`subscription-ending ${lone.HsmArn}`]).toMatchObject({
      severity: 'warning',
      facts: { daysToEnd: 5 },
    });
  });

  it('skips resources tagged hsmwatch:ignore=true', () => {
    const r = evaluateTick(
      snap({ records: [{ ...lone, Status: 'DEGRADED', Tags: { 'hsmwatch:ignore': 'true' } }] }),
      POLICY,
    );
    expect(r.observations).toEqual([]);
  });

  describe('active incidents', () => {
    function activeFrom(o: Observation): IncidentState {
      return step(undefined, { ...o, condition: { ...o.condition!, immediate: true } }, POLICY).state!;
    }

    it('says "no longer holds" for an active incident that the state does not confirm', () => {
      const open = activeFrom(
        evaluateTick(snap({ records: [{ ...lone, Status: 'DEGRADED' }] }), POLICY).observations[0]!,
      );
      const r = evaluateTick(snap({ records: [lone], active: [open] }), POLICY);
      expect(r.observations).toEqual([
        { key: open.key, pollId: 'p1', at: at(0), eventId: 'e1', condition: null },
      ]);
    });

    it('keeps registration-stalled while a stalled HSM is still pending, then lets it go', () => {
      const key = incidentKey(ACCOUNT, REGION, 'hapg-registration-stalled', group.HapgArn);
      const open: IncidentState = {
        ...activeFrom(
          evaluateTick(snap({ records: [{ ...lone, Status: 'DEGRADED' }] }), POLICY).observations[0]!,
        ),
        key,
        problem: 'hapg-registration-stalled',
        resourceType: 'hapg',
        resourceArn: group.HapgArn,
        facts: { stalledHsms: [b.HsmArn] },
      };
      const pending = { ...group, State: 'UPDATING' as const, HsmsPendingRegistration: [b.HsmArn] };
      const still = evaluateTick(snap({ records: [a, b, pending], active: [open] }), POLICY);
      expect(still.observations.find((o) => o.key === key)?.condition).toMatchObject({ state: 'UPDATING' });
      const done = evaluateTick(snap({ records: [a, b, group], active: [open] }), POLICY);
      expect(done.observations.find((o) => o.key === key)?.condition).toBeNull();
    });
  });
});
