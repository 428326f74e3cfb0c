/** A small fleet as the report sees it: 7 HSMs in 3 AZs, 2 HAPGs, 3 clients, a history. */
import type { HapgRecord, HsmRecord, LunaClientRecord } from '../../../src/monitor/records';
import type { ReportInput } from '../../../src/report/report-model';

const ACCOUNT = '123456789012';
const arn = (id: string) => `arn:aws:cloudhsm:us-east-1:${ACCOUNT}:${id}`;

function hsm(i: number, status: HsmRecord['Status']): HsmRecord {
  const az = ['us-east-1a', 'us-east-1b', 'us-east-1c'][i % 3]!;
  return {
    resourceType: 'hsm',
    HsmArn: arn(`hsm-0000000${i}`),
    SerialNumber: `50000${i}`,
    Status: status,
    AvailabilityZone: az,
    Partitions: [arn(`hsm-0000000${i}/partition-70000${i}`)],
    PartitionSerials: [`70000${i}`],
    Tags: {},
  };
}

// hsm 7 belongs to no HAPG (as after a repair dropped it).
const hsms = [
  hsm(1, 'RUNNING'),
  hsm(2, 'DEGRADED'),
  hsm(3, 'RUNNING'),
  hsm(4, 'RUNNING'),
  hsm(5, 'RUNNING'),
  hsm(6, 'RUNNING'),
  hsm(7, 'RUNNING'),
];

const hapg = (
  id: string,
  label: string,
  state: HapgRecord['State'],
  serials: string[],
  failed: string[] = [],
): HapgRecord => ({
  resourceType: 'hapg',
  HapgArn: arn(id),
  Label: label,
  State: state,
  PartitionSerialList: serials,
  HsmsLastActionFailed: failed,
  HsmsPendingDeletion: [],
  HsmsPendingRegistration: [],
  Tags: {},
});

const client = (id: string, label: string, notAfter: string): LunaClientRecord => ({
  resourceType: 'luna-client',
  ClientArn: arn(id),
  Label: label,
  CertificateFingerprint: 'aa:bb:cc',
  Certificate: {
    subject: `CN=${label}`,
    issuer: `CN=${label}`,
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter,
    md5: 'aa:bb:cc',
    sha256: 'AA:BB',
    serialNumber: '01',
  },
  Tags: {},
});

/** Report input for the fixture fleet; `<script>` in a label proves escaping. */
export function fixtureReport(): ReportInput {
  return {
    generatedAt: '2026-03-01T12:00:00.000Z',
    source: 'fixture',
    records: [
      ...hsms,
      hapg('hapg-0000000a', 'payments', 'DEGRADED', ['700001', '700002', '700003']),
      hapg('hapg-0000000b', 'signing<script>alert(1)</script>', 'READY', ['700004', '700005', '700006']),
      client('client-0000001', 'app-1', '2026-03-08T00:00:00.000Z'),
      client('client-0000002', 'app-2', '2027-01-01T00:00:00.000Z'),
      client('client-0000003', 'app-3', '2027-02-01T00:00:00.000Z'),
    ],
    timeline: [
      {
        arn: arn('hsm-00000002'),
        resourceType: 'hsm',
        observedAt: '2026-03-01T10:00:00.000Z',
        state: 'RUNNING',
        changedFields: [],
      },
      {
        arn: arn('hsm-00000002'),
        resourceType: 'hsm',
        observedAt: '2026-03-01T11:00:00.000Z',
        state: 'DEGRADED',
        changedFields: ['Status'],
      },
      {
        arn: arn('hapg-0000000a'),
        resourceType: 'hapg',
        observedAt: '2026-03-01T10:00:00.000Z',
        state: 'READY',
        changedFields: [],
      },
      {
        arn: arn('hapg-0000000a'),
        resourceType: 'hapg',
        observedAt: '2026-03-01T11:05:00.000Z',
        state: 'DEGRADED',
        changedFields: ['State'],
      },
    ],
    incidents: [
      {
        key: 'hapg-degraded#x',
        severity: 'critical',
        problem: 'hapg-degraded',
        resourceArn: arn('hapg-0000000a'),
        summary: 'HAPG payments is DEGRADED: 1 of 3 members unhealthy',
        state: 'DEGRADED',
        status: 'open',
        since: '2026-03-01T11:05:00.000Z',
        affected: [{ arn: arn('hsm-00000002'), status: 'DEGRADED' }],
      },
    ],
    remediations: [
      {
        at: '2026-03-01T11:06:00.000Z',
        planId: 'plan-1',
        kind: 'hapg-repair',
        resourceArn: arn('hapg-0000000a'),
        status: 'dry-run',
        detail: 'ModifyHapg would drop partition 700002',
      },
    ],
  };
}
