/**
 * Normalised resource records: what the poller stores and what events carry in `previous` and
 * `current`. Field names follow the API's Describe outputs so operators recognise them. Records
 * never hold a full certificate or key: Luna clients carry parsed certificate facts only.
 */
import type { CloudHsmObjectState, HsmStatus } from '../cloudhsm/model/types';

export type ResourceType = 'hsm' | 'hapg' | 'luna-client';

/** Where a poll looks: one account and region, optionally via an endpoint override or a role. */
export interface Target {
  readonly accountId: string;
  readonly region: string;
  readonly endpoint?: string;
  readonly roleArn?: string;
}

export interface HsmRecord {
  readonly resourceType: 'hsm';
  readonly HsmArn: string;
  readonly SerialNumber?: string;
  readonly Status: HsmStatus;
  readonly StatusDetails?: string;
  readonly AvailabilityZone?: string;
  readonly EniId?: string;
  readonly EniIp?: string;
  readonly SubnetId?: string;
  readonly VpcId?: string;
  readonly IamRoleArn?: string;
  readonly SubscriptionType?: string;
  readonly SubscriptionStartDate?: string;
  readonly SubscriptionEndDate?: string;
  readonly VendorName?: string;
  readonly HsmType?: string;
  readonly SoftwareVersion?: string;
  readonly SshKeyLastUpdated?: string;
  readonly ServerCertUri?: string;
  readonly ServerCertLastUpdated?: string;
  /** Partition ARNs, sorted. */
  readonly Partitions: readonly string[];
  /** Partition serials derived from the ARNs (`…/partition-<serial>`), sorted. */
  readonly PartitionSerials: readonly string[];
  readonly Tags: Readonly<Record<string, string>>;
}

export interface HapgRecord {
  readonly resourceType: 'hapg';
  readonly HapgArn: string;
  readonly HapgSerial?: string;
  readonly Label?: string;
  readonly State: CloudHsmObjectState;
  readonly LastModifiedTimestamp?: string;
  /** All sorted. */
  readonly PartitionSerialList: readonly string[];
  readonly HsmsLastActionFailed: readonly string[];
  readonly HsmsPendingDeletion: readonly string[];
  readonly HsmsPendingRegistration: readonly string[];
  readonly Tags: Readonly<Record<string, string>>;
}

/** Facts parsed from a certificate with node:crypto X509Certificate. */
export interface CertificateFacts {
  readonly subject: string;
  readonly issuer: string;
  /** ISO-8601 instant. */
  readonly notBefore: string;
  /** ISO-8601 instant. */
  readonly notAfter: string;
  /** Colon-separated lower-case hex, as CloudHSM's CertificateFingerprint. */
  readonly md5: string;
  /** Colon-separated upper-case hex, as X509Certificate.fingerprint256. */
  readonly sha256: string;
  readonly serialNumber: string;
}

export interface LunaClientRecord {
  readonly resourceType: 'luna-client';
  readonly ClientArn: string;
  readonly Label?: string;
  readonly CertificateFingerprint?: string;
  readonly LastModifiedTimestamp?: string;
  /** Absent when the certificate could not be parsed. */
  readonly Certificate?: CertificateFacts;
  readonly Tags: Readonly<Record<string, string>>;
}

export type ResourceRecord = HsmRecord | HapgRecord | LunaClientRecord;

/** The ARN of any record. */
export function arnOf(record: ResourceRecord): string {
  switch (record.resourceType) {
    case 'hsm':
      return record.HsmArn;
    case 'hapg':
      return record.HapgArn;
    case 'luna-client':
      return record.ClientArn;
  }
}

/** HSM statuses that count as unhealthy for alerting and the remediation blast-radius check. */
export const UNHEALTHY_HSM_STATUSES: ReadonlySet<HsmStatus> = new Set([
  'DEGRADED',
  'SUSPENDED',
  'TERMINATED',
]);
