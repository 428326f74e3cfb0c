import { REMEDIATION_DETAIL_TYPES } from '../../../../src/monitor/events';
import { planHapgRepair } from '../../../../src/monitor/remediation/hapg-repair-plan';
import {
  certificateRotatedEvent,
  remediationEvent,
} from '../../../../src/monitor/remediation/remediation-events';
import { assertValidRemediationEvents, remediationSchemas } from './remediation-schemas';
import { ACCOUNT, CLIENT_ARN, HAPG_ARN, NOW, REGION, hapg, hsm, policy, serialOf } from './fixtures';

const plan = planHapgRepair({
  trigger: { eventId: 'evt-1', detailType: 'HAPG State Changed' },
  hapgArn: HAPG_ARN,
  accountId: ACCOUNT,
  region: REGION,
  records: [
    hsm(1),
    hsm(2),
    hsm(3),
    hsm(4, 'TERMINATED'),
    hsm(5),
    hapg({ PartitionSerialList: [1, 2, 3, 4].map(serialOf) }),
  ],
  lastReadyPartitionSerials: [1, 2, 3, 4].map(serialOf),
  policy: policy({ mode: 'approve' }),
  actionsInLastHour: 0,
  actionsThisRun: 0,
  enabled: true,
  now: NOW,
});

describe('remediation event schemas', () => {
  it('has one schema per remediation detail-type', () => {
    expect([...remediationSchemas().keys()].sort()).toEqual([...REMEDIATION_DETAIL_TYPES].sort());
  });

  it('accepts what the builders emit', () => {
    const executing = { ...plan, verdict: 'execute' as const };
    expect(() =>
      assertValidRemediationEvents([
        remediationEvent('Remediation Planned', plan, NOW, { approvalExpiresAt: NOW }),
        remediationEvent('Remediation Started', executing, NOW),
        remediationEvent('Remediation Succeeded', executing, NOW, { attempt: 1 }),
        remediationEvent('Remediation Failed', executing, NOW, {
          reason: 'max-attempts',
          attempt: 3,
          blocked: true,
          error: { name: 'X', message: 'y' },
        }),
        remediationEvent(
          'Remediation Skipped',
          { ...plan, verdict: 'skip', reasons: ['systemic-outage'] },
          NOW,
        ),
        certificateRotatedEvent({
          planId: plan.planId,
          clientArn: CLIENT_ARN,
          label: 'a',
          accountId: ACCOUNT,
          region: REGION,
          previousFingerprint: null,
          newFingerprint: '00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff',
          notAfter: NOW,
          source: 'generate',
          hapgArns: [HAPG_ARN],
          bundleLocation: 'secretsmanager:hsmwatch/config/a',
          at: NOW,
        }),
        {
          source: 'hsmwatch',
          detailType: 'Rotate Client Certificate',
          time: NOW,
          detail: { clientArn: CLIENT_ARN, accountId: ACCOUNT, region: REGION, requestedBy: 'ops' },
        },
      ]),
    ).not.toThrow();
  });

  it('refuses an approve-mode Planned without its expiry, a Failed without its error, and a step carrying a certificate', () => {
    expect(() => assertValidRemediationEvents([remediationEvent('Remediation Planned', plan, NOW)])).toThrow(
      'approvalExpiresAt',
    );
    const executing = { ...plan, verdict: 'execute' as const };
    expect(() =>
      assertValidRemediationEvents([remediationEvent('Remediation Failed', executing, NOW, { attempt: 3 })]),
    ).toThrow('error');
    const leaky = {
      ...executing,
      steps: [
        {
          action: 'ModifyLunaClient' as const,
          input: { Certificate: '-----BEGIN' },
          reason: 'x',
          mutating: true,
        },
      ],
    };
    expect(() =>
      assertValidRemediationEvents([remediationEvent('Remediation Started', leaky, NOW)]),
    ).toThrow();
  });

  it('keeps the same event id for the same plan, type and attempt', () => {
    const a = remediationEvent('Remediation Skipped', plan, NOW).detail.eventId;
    expect(remediationEvent('Remediation Skipped', plan, '2030-01-01T00:00:00Z').detail.eventId).toBe(a);
    expect(remediationEvent('Remediation Planned', plan, NOW).detail.eventId).not.toBe(a);
  });
});
