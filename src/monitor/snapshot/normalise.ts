/**
 * Normalisation of Describe outputs into records: lists sorted, absent lists made empty, derived
 * fields (partition serials, certificate facts) filled in, secrets (SSH public key, PEM) dropped.
 * Normalising is what makes "same state ⇒ same hash" hold across polls.
 */
import type {
  DescribeHapgResponse,
  DescribeHsmResponse,
  DescribeLunaClientResponse,
  Tag,
} from '../../cloudhsm/model/types';
import type { HapgRecord, HsmRecord, LunaClientRecord } from '../records';
import { certificateFacts } from './certificate-facts';

const sorted = (list: readonly string[] | undefined): string[] => [...(list ?? [])].sort();

/** The serial of a partition ARN (`…/partition-<serial>`), or the last path segment as a fallback. */
export function partitionSerialOf(partitionArn: string): string {
  const match = /partition-([0-9A-Za-z]+)$/.exec(partitionArn);
  return match?.[1] ?? partitionArn.split('/').pop() ?? partitionArn;
}

/** ListTagsForResource's TagList as a plain map. */
export function tagsFromList(tags: readonly Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of [...(tags ?? [])].sort((a, b) => a.Key.localeCompare(b.Key))) out[tag.Key] = tag.Value;
  return out;
}

/** DescribeHsm output → HsmRecord. `arn` is the listed ARN (used when the output omits it). */
export function normaliseHsm(arn: string, out: DescribeHsmResponse, tags: Record<string, string>): HsmRecord {
  const partitions = sorted(out.Partitions);
  return {
    resourceType: 'hsm',
    HsmArn: out.HsmArn ?? arn,
    SerialNumber: out.SerialNumber,
    Status: out.Status ?? 'PENDING',
    StatusDetails: out.StatusDetails,
    AvailabilityZone: out.AvailabilityZone,
    EniId: out.EniId,
    EniIp: out.EniIp,
    SubnetId: out.SubnetId,
    VpcId: out.VpcId,
    IamRoleArn: out.IamRoleArn,
    SubscriptionType: out.SubscriptionType,
    SubscriptionStartDate: out.SubscriptionStartDate,
    SubscriptionEndDate: out.SubscriptionEndDate,
    VendorName: out.VendorName,
    HsmType: out.HsmType,
    SoftwareVersion: out.SoftwareVersion,
    SshKeyLastUpdated: out.SshKeyLastUpdated,
    ServerCertUri: out.ServerCertUri,
    ServerCertLastUpdated: out.ServerCertLastUpdated,
    Partitions: partitions,
    PartitionSerials: partitions.map(partitionSerialOf).sort(),
    Tags: tags,
  };
}

/** DescribeHapg output → HapgRecord. */
export function normaliseHapg(
  arn: string,
  out: DescribeHapgResponse,
  tags: Record<string, string>,
): HapgRecord {
  return {
    resourceType: 'hapg',
    HapgArn: out.HapgArn ?? arn,
    HapgSerial: out.HapgSerial,
    Label: out.Label,
    State: out.State ?? 'READY',
    LastModifiedTimestamp: out.LastModifiedTimestamp,
    PartitionSerialList: sorted(out.PartitionSerialList),
    HsmsLastActionFailed: sorted(out.HsmsLastActionFailed),
    HsmsPendingDeletion: sorted(out.HsmsPendingDeletion),
    HsmsPendingRegistration: sorted(out.HsmsPendingRegistration),
    Tags: tags,
  };
}

/** DescribeLunaClient output → LunaClientRecord (certificate reduced to its facts). */
export function normaliseLunaClient(
  arn: string,
  out: DescribeLunaClientResponse,
  tags: Record<string, string>,
): LunaClientRecord {
  return {
    resourceType: 'luna-client',
    ClientArn: out.ClientArn ?? arn,
    Label: out.Label,
    CertificateFingerprint: out.CertificateFingerprint,
    LastModifiedTimestamp: out.LastModifiedTimestamp,
    Certificate: certificateFacts(out.Certificate),
    Tags: tags,
  };
}
