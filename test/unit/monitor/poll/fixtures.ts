/** Record fixtures for the poll unit tests. */
import type { HapgRecord, HsmRecord, LunaClientRecord, Target } from '../../../../src/monitor/records';
import type { PollContext } from '../../../../src/monitor/poll/evaluate';

export const TARGET: Target = { accountId: '123456789012', region: 'us-east-1' };
export const HSM_ARN = 'arn:aws:cloudhsm:us-east-1:123456789012:hsm-0000aaaa';
export const HAPG_ARN = 'arn:aws:cloudhsm:us-east-1:123456789012:hapg-0000bbbb';
export const CLIENT_ARN = 'arn:aws:cloudhsm:us-east-1:123456789012:client-0000cccc';

export function hsm(over: Partial<HsmRecord> = {}): HsmRecord {
  return {
    resourceType: 'hsm',
    HsmArn: HSM_ARN,
    SerialNumber: '100001',
    Status: 'RUNNING',
    EniIp: '10.0.0.5',
    SubnetId: 'subnet-1',
    SoftwareVersion: '5.3.10',
    SubscriptionEndDate: '2028-01-01T00:00:00.000Z',
    Partitions: [`${HSM_ARN}/partition-111111`],
    PartitionSerials: ['111111'],
    Tags: {},
    ...over,
  };
}

export function hapg(over: Partial<HapgRecord> = {}): HapgRecord {
  return {
    resourceType: 'hapg',
    HapgArn: HAPG_ARN,
    Label: 'group',
    State: 'READY',
    PartitionSerialList: ['111111', '222222'],
    HsmsLastActionFailed: [],
    HsmsPendingDeletion: [],
    HsmsPendingRegistration: [],
    Tags: {},
    ...over,
  };
}

export function client(over: Partial<LunaClientRecord> = {}): LunaClientRecord {
  return {
    resourceType: 'luna-client',
    ClientArn: CLIENT_ARN,
    Label: 'app',
    CertificateFingerprint: 'aa:bb',
    Certificate: {
      subject: 'CN=app',
      issuer: 'CN=app',
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2027-06-01T00:00:00.000Z',
      md5: 'aa:bb',
      sha256: 'AA:BB',
      serialNumber: '01',
    },
    Tags: {},
    ...over,
  };
}

export function ctx(now = '2026-11-28T12:00:00.000Z', over: Partial<PollContext> = {}): PollContext {
  return {
    target: TARGET,
    pollId: 'poll-1',
    now: new Date(now),
    certExpiryWarningDays: 30,
    subscriptionWarningDays: 30,
    stallThresholdMinutes: 30,
    ...over,
  };
}
