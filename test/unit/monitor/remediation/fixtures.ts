/** Record builders for remediation planner tests. */
import type { HapgRecord, HsmRecord, LunaClientRecord } from '../../../../src/monitor/records';
import type { HsmStatus } from '../../../../src/cloudhsm/model/types';
import {
  DEFAULT_REMEDIATION_POLICY,
  type RemediationPolicy,
} from '../../../../src/monitor/remediation/policy';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const NOW = '2026-06-01T12:00:00.000Z';

/** HSM n with one partition whose serial is `10000<n>` (6 digits+). */
export function hsm(n: number, status: HsmStatus = 'RUNNING', region = REGION, account = ACCOUNT): HsmRecord {
  const arn = `arn:aws:cloudhsm:${region}:${account}:hsm-${n.toString(16).padStart(8, '0')}`;
  const serial = String(100000 + n);
  return {
    resourceType: 'hsm',
    HsmArn: arn,
    Status: status,
    Partitions: [`${arn}/partition-${serial}`],
    PartitionSerials: [serial],
    Tags: {},
  };
}

export function serialOf(n: number): string {
  return String(100000 + n);
}

export const HAPG_ARN = `arn:aws:cloudhsm:${REGION}:${ACCOUNT}:hapg-0000abcd`;

export function hapg(over: Partial<HapgRecord> = {}): HapgRecord {
  return {
    resourceType: 'hapg',
    HapgArn: HAPG_ARN,
    Label: 'payments',
    State: 'DEGRADED',
    PartitionSerialList: [],
    HsmsLastActionFailed: [],
    HsmsPendingDeletion: [],
    HsmsPendingRegistration: [],
    Tags: {},
    ...over,
  };
}

export const CLIENT_ARN = `arn:aws:cloudhsm:${REGION}:${ACCOUNT}:client-0000beef`;

export function client(over: Partial<LunaClientRecord> = {}): LunaClientRecord {
  return {
    resourceType: 'luna-client',
    ClientArn: CLIENT_ARN,
    Label: 'app-host-1',
    CertificateFingerprint: '00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff',
    Tags: {},
    ...over,
  };
}

export function policy(over: Partial<RemediationPolicy> = {}): RemediationPolicy {
  return { ...DEFAULT_REMEDIATION_POLICY, ...over };
}
