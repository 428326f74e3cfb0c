import fc from 'fast-check';
import { planHapgRepair, type HapgRepairInput } from '../../../../src/monitor/remediation/hapg-repair-plan';
import type { HsmStatus } from '../../../../src/cloudhsm/model/types';
import type { HapgRecord, ResourceRecord } from '../../../../src/monitor/records';
import { ACCOUNT, HAPG_ARN, NOW, REGION, hapg, hsm, policy, serialOf } from './fixtures';

/** Fleet of 5 HSMs, group of 4 members; HSM 4 is TERMINATED (1/5 = 20% unhealthy). */
function fleet(group: Partial<HapgRecord> = {}): ResourceRecord[] {
  const hsms = [hsm(1), hsm(2), hsm(3), hsm(4, 'TERMINATED'), hsm(5)];
  return [...hsms, hapg({ PartitionSerialList: [1, 2, 3, 4].map(serialOf), ...group })];
}

function input(over: Partial<HapgRepairInput> = {}): HapgRepairInput {
  return {
    trigger: { eventId: 'evt-1', detailType: 'HAPG State Changed' },
    hapgArn: HAPG_ARN,
    accountId: ACCOUNT,
    region: REGION,
    records: fleet(),
    lastReadyPartitionSerials: [1, 2, 3, 4].map(serialOf),
    policy: policy({ mode: 'auto' }),
    actionsInLastHour: 0,
    actionsThisRun: 0,
    enabled: true,
    now: NOW,
    ...over,
  };
}

describe('planHapgRepair', () => {
  describe('desired membership', () => {
    it('drops the partition of a TERMINATED HSM and verifies afterwards', () => {
      const plan = planHapgRepair(input());
      expect(plan.verdict).toBe('execute');
      expect(plan.steps.map((s) => s.action)).toEqual(['ModifyHapg', 'DescribeHapg']);
      expect(plan.steps[0]?.input).toEqual({
        HapgArn: HAPG_ARN,
        PartitionSerialList: [1, 2, 3].map(serialOf),
      });
      expect(plan.steps[0]?.reason).toContain(`drop ${serialOf(4)}`);
      expect(plan.preChecks.every((c) => c.passed)).toBe(true);
    });

    it.each<HsmStatus>(['DEGRADED', 'SUSPENDED', 'TERMINATING'])(
      'drops the partition of a %s HSM',
      (status) => {
        const records = [hsm(1), hsm(2), hsm(3), hsm(4, status), hsm(5), hsm(6)];
        const plan = planHapgRepair(
          input({ records: [...records, hapg({ PartitionSerialList: [1, 2, 3, 4].map(serialOf) })] }),
        );
        expect(plan.steps[0]?.input['PartitionSerialList']).toEqual([1, 2, 3].map(serialOf));
      },
    );

    it('drops a serial whose HSM is gone from the listing', () => {
      const records = [hsm(1), hsm(2), hsm(3), hapg({ PartitionSerialList: [1, 2, 3, 9].map(serialOf) })];
      const plan = planHapgRepair(input({ records, lastReadyPartitionSerials: [1, 2, 3, 9].map(serialOf) }));
      expect(plan.steps[0]?.input['PartitionSerialList']).toEqual([1, 2, 3].map(serialOf));
      expect(plan.facts['dropped']).toEqual([{ serial: serialOf(9), why: 'its HSM is gone' }]);
    });

    it('re-applies members whose HSM failed and is RUNNING again', () => {
      const records = [
        hsm(1),
        hsm(2),
        hsm(3),
        hsm(5),
        hapg({ PartitionSerialList: [1, 2, 3].map(serialOf), HsmsLastActionFailed: [hsm(3).HsmArn] }),
      ];
      const plan = planHapgRepair(
        input({
          records,
          lastReadyPartitionSerials: [1, 2, 3].map(serialOf),
          trigger: { eventId: 'e', detailType: 'HAPG Action Failed' },
        }),
      );
      expect(plan.verdict).toBe('execute');
      expect(plan.steps[0]?.input['PartitionSerialList']).toEqual([1, 2, 3].map(serialOf));
      expect(plan.facts['reapplied']).toEqual([serialOf(3)]);
      expect(plan.steps[0]?.reason).toContain('re-apply');
    });

    it('keeps a failed member added after the last READY membership once its HSM is RUNNING again', () => {
      const records = [
        hsm(1),
        hsm(2),
        hsm(3),
        hsm(4),
        hsm(5),
        hapg({ PartitionSerialList: [1, 2, 3, 4].map(serialOf), HsmsLastActionFailed: [hsm(4).HsmArn] }),
      ];
      const plan = planHapgRepair(input({ records, lastReadyPartitionSerials: [1, 2, 3].map(serialOf) }));
      expect(plan.steps[0]?.input['PartitionSerialList']).toEqual([1, 2, 3, 4].map(serialOf));
      expect(plan.facts['reapplied']).toEqual([serialOf(4)]);
    });

    it('drops a failed member added after the last READY membership while its HSM is still down', () => {
      const records = [
        hsm(1),
        hsm(2),
        hsm(3),
        hsm(4, 'DEGRADED'),
        hsm(5),
        hsm(6),
        hapg({ PartitionSerialList: [1, 2, 3, 4].map(serialOf), HsmsLastActionFailed: [hsm(4).HsmArn] }),
      ];
      const plan = planHapgRepair(input({ records, lastReadyPartitionSerials: [1, 2, 3].map(serialOf) }));
      expect(plan.steps[0]?.input['PartitionSerialList']).toEqual([1, 2, 3].map(serialOf));
    });

    it('restores a member the group lost when the last READY membership had it', () => {
      const records = [hsm(1), hsm(2), hsm(3), hsm(5), hapg({ PartitionSerialList: [1, 2].map(serialOf) })];
      const plan = planHapgRepair(input({ records, lastReadyPartitionSerials: [1, 2, 3].map(serialOf) }));
      expect(plan.steps[0]?.input['PartitionSerialList']).toEqual([1, 2, 3].map(serialOf));
    });

    it('takes the pinned set from the tag over the last READY membership', () => {
      const records = fleet({ Tags: { 'hsmwatch:desired-partitions': `${serialOf(1)},${serialOf(5)}` } });
      const plan = planHapgRepair(input({ records }));
      expect(plan.steps[0]?.input['PartitionSerialList']).toEqual([1, 5].map(serialOf));
      expect(plan.facts['membershipSource']).toBe('tag hsmwatch:desired-partitions');
    });

    it('has nothing to do when the membership is already right and nothing failed', () => {
      const records = [
        hsm(1),
        hsm(2),
        hsm(3),
        hsm(5),
        hapg({ PartitionSerialList: [1, 2, 3].map(serialOf) }),
      ];
      const plan = planHapgRepair(input({ records, lastReadyPartitionSerials: [1, 2, 3].map(serialOf) }));
      expect(plan.verdict).toBe('skip');
      expect(plan.reasons).toContain('no-change');
      expect(plan.steps).toEqual([]);
    });
  });

  describe('pre-checks', () => {
    it('skips with systemic-outage first when more than 30% of the fleet is unhealthy', () => {
      const records = [
        hsm(1),
        hsm(2),
        hsm(3, 'DEGRADED'),
        hsm(4, 'TERMINATED'),
        hsm(5),
        hapg({ PartitionSerialList: [1, 2, 3, 4].map(serialOf) }),
      ];
      const plan = planHapgRepair(input({ records }));
      expect(plan.verdict).toBe('skip');
      expect(plan.reasons[0]).toBe('systemic-outage');
      expect(plan.preChecks.find((c) => c.name === 'fleet-health')).toMatchObject({
        passed: false,
        detail: expect.stringContaining('2/5'),
      });
    });

    it('allows exactly the configured fraction', () => {
      const records = [
        hsm(1),
        hsm(2),
        hsm(3),
        hsm(4, 'TERMINATED'),
        hapg({ PartitionSerialList: [1, 2, 3, 4].map(serialOf) }),
      ];
      const plan = planHapgRepair(
        input({ records, policy: policy({ mode: 'auto', maxUnhealthyFraction: 0.25 }) }),
      );
      expect(plan.verdict).toBe('execute');
    });

    it('never drops the group below its minimum members (default 2)', () => {
      const records = [
        hsm(1),
        hsm(2, 'TERMINATED'),
        hsm(5),
        hsm(6),
        hsm(7),
        hapg({ PartitionSerialList: [1, 2].map(serialOf) }),
      ];
      const plan = planHapgRepair(input({ records, lastReadyPartitionSerials: [1, 2].map(serialOf) }));
      expect(plan.verdict).toBe('skip');
      expect(plan.reasons).toContain('min-members');
    });

    it('reads the minimum from the hsmwatch:min-members tag', () => {
      const plan = planHapgRepair(input({ records: fleet({ Tags: { 'hsmwatch:min-members': '4' } }) }));
      expect(plan.verdict).toBe('skip');
      expect(plan.reasons).toEqual(['min-members']);
    });

    it('refuses a serial on an HSM that is not RUNNING or lives in another region', () => {
      const other = hsm(7, 'RUNNING', 'eu-west-1');
      const pending = hsm(8, 'PENDING');
      const records = [
        hsm(1),
        hsm(2),
        other,
        pending,
        hsm(9),
        hsm(10),
        hapg({ PartitionSerialList: [1, 2, 7, 8].map(serialOf) }),
      ];
      const plan = planHapgRepair(
        input({
          records,
          lastReadyPartitionSerials: [1, 2, 7, 8].map(serialOf),
          policy: policy({ mode: 'auto', desiredPartitions: {} }),
        }),
      );
      expect(plan.verdict).toBe('skip');
      const check = plan.preChecks.find((c) => c.name === 'serials-on-running-hsms');
      expect(check?.passed).toBe(false);
      expect(check?.detail).toContain(serialOf(7));
      expect(check?.detail).toContain(serialOf(8));
    });

    it('limits ModifyHapg per group per hour and per run', () => {
      expect(planHapgRepair(input({ actionsInLastHour: 1 })).reasons).toEqual(['rate-limited']);
      expect(planHapgRepair(input({ actionsThisRun: 5 })).reasons).toEqual(['run-cap']);
    });

    it('skips when blocked or when the kill switch is set', () => {
      expect(planHapgRepair(input({ blocked: { reason: 'x' } })).reasons).toEqual(['blocked']);
      expect(planHapgRepair(input({ enabled: false })).reasons).toEqual(['disabled']);
    });

    it('skips a group that is already READY or UPDATING', () => {
      const ready = fleet({ State: 'READY' });
      expect(planHapgRepair(input({ records: ready })).reasons).toContain('already-healthy');
      const updating = fleet({ State: 'UPDATING' });
      expect(planHapgRepair(input({ records: updating })).reasons).toContain('update-in-progress');
    });

    it('skips a group it cannot find', () => {
      const plan = planHapgRepair(input({ records: [hsm(1)] }));
      expect(plan).toMatchObject({ verdict: 'skip', reasons: ['resource-missing'] });
    });
  });

  describe('modes', () => {
    it.each([
      ['dryRun', 'dry-run'],
      ['approve', 'await-approval'],
      ['auto', 'execute'],
    ] as const)('stage mode %s gives verdict %s', (mode, verdict) => {
      expect(planHapgRepair(input({ policy: policy({ mode }) })).verdict).toBe(verdict);
    });

    it('turns remediation off with the tag', () => {
      const records = fleet({ Tags: { 'hsmwatch:remediation': 'off' } });
      const plan = planHapgRepair(input({ records }));
      expect(plan).toMatchObject({ verdict: 'skip', mode: 'off', reasons: ['remediation-off'] });
    });
  });

  it('gives the same plan id for the same trigger and a different one for another event', () => {
    expect(planHapgRepair(input()).planId).toBe(planHapgRepair(input()).planId);
    expect(planHapgRepair(input()).planId).not.toBe(
      planHapgRepair(input({ trigger: { eventId: 'evt-2', detailType: 'x' } })).planId,
    );
  });

  it('property: an executable plan keeps only RUNNING members, never fewer than the minimum, and passes every pre-check', () => {
    let executed = 0;
    const statuses: HsmStatus[] = [
      'RUNNING',
      'RUNNING',
      'RUNNING',
      'DEGRADED',
      'TERMINATED',
      'TERMINATING',
      'SUSPENDED',
      'PENDING',
      'UPDATING',
    ];
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            { arbitrary: fc.constant<HsmStatus>('RUNNING'), weight: 8 },
            { arbitrary: fc.constantFrom(...statuses), weight: 2 },
          ),
          { minLength: 4, maxLength: 12 },
        ),
        fc.uniqueArray(fc.integer({ min: 1, max: 13 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 3 }),
        (hsmStatuses, members, minMembers) => {
          const hsms = hsmStatuses.map((s, i) => hsm(i + 1, s));
          const serials = members.map(serialOf);
          const plan = planHapgRepair(
            input({
              records: [...hsms, hapg({ PartitionSerialList: serials })],
              lastReadyPartitionSerials: serials,
              policy: policy({ mode: 'auto', minMembers }),
            }),
          );
          if (plan.verdict !== 'execute') return;
          executed++;
          const desired = plan.steps[0]?.input['PartitionSerialList'] as string[];
          expect(desired.length).toBeGreaterThanOrEqual(minMembers);
          for (const s of desired) {
            expect(serials).toContain(s);
            expect(hsms.find((h) => h.PartitionSerials.includes(s))?.Status).toBe('RUNNING');
          }
          expect(plan.preChecks.every((c) => c.passed)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    // The property must have been exercised, not vacuously true.
    expect(executed).toBeGreaterThan(30);
  });
});
