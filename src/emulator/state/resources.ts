import type { CloudHsmObjectState, HsmStatus, Tag } from '../../cloudhsm/model';
import { SHAPES } from '../../cloudhsm/model';

/**
 * Resource records. Wire-visible fields carry the model's member names, so a resource renders
 * its DescribeX form by picking the output shape's members, and the change log names fields
 * exactly as a poller sees them. Fields the API never returns (Tags, ExternalId, ...) sit beside them.
 */
export interface HsmData {
  HsmArn: string;
  Status: HsmStatus;
  StatusDetails?: string;
  AvailabilityZone: string;
  EniId: string;
  EniIp: string;
  SubscriptionType: 'PRODUCTION';
  SubscriptionStartDate: string;
  SubscriptionEndDate: string;
  VpcId: string;
  SubnetId: string;
  IamRoleArn: string;
  SerialNumber: string;
  VendorName: string;
  HsmType: string;
  SoftwareVersion: string;
  SshPublicKey: string;
  SshKeyLastUpdated: string;
  ServerCertUri: string;
  ServerCertLastUpdated: string;
  Partitions: string[];
  ExternalId?: string;
  SyslogIp?: string;
  Tags: Tag[];
  /** PEM of the HSM's server certificate, made on first GetConfig. */
  ServerCertificate?: string;
}

/** A high-availability partition group. */
export interface HapgData {
  HapgArn: string;
  HapgSerial: string;
  HsmsLastActionFailed: string[];
  HsmsPendingDeletion: string[];
  HsmsPendingRegistration: string[];
  Label: string;
  LastModifiedTimestamp: string;
  PartitionSerialList: string[];
  State: CloudHsmObjectState;
  Tags: Tag[];
}

/** A Luna client (a certificate registered with the HSMs). */
export interface LunaClientData {
  ClientArn: string;
  Certificate: string;
  CertificateFingerprint: string;
  LastModifiedTimestamp: string;
  Label?: string;
  Tags: Tag[];
}

export type Family = 'hsm' | 'hapg' | 'client';

function membersOf(shape: keyof typeof SHAPES): readonly string[] {
  const s = SHAPES[shape];
  return s.type === 'structure' ? Object.keys(s.members) : [];
}

const HSM_MEMBERS = membersOf('DescribeHsmResponse');
const HAPG_MEMBERS = membersOf('DescribeHapgResponse');
const CLIENT_MEMBERS = membersOf('DescribeLunaClientResponse');

// Renders are serialised at once (wire, admin state), so lists are shared, not copied.
function pick(members: readonly string[], data: object): Record<string, unknown> {
  const src = data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const m of members) {
    const v = src[m];
    if (v !== undefined) out[m] = v;
  }
  return out;
}

/** DescribeHsm's wire form of an HSM: exactly the model's output members. */
export function renderHsm(h: HsmData): Record<string, unknown> {
  return pick(HSM_MEMBERS, h);
}
/** DescribeHapg's wire form of a HAPG. */
export function renderHapg(g: HapgData): Record<string, unknown> {
  return pick(HAPG_MEMBERS, g);
}
/** DescribeLunaClient's wire form of a client. */
export function renderClient(c: LunaClientData): Record<string, unknown> {
  return pick(CLIENT_MEMBERS, c);
}
