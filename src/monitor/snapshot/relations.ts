/**
 * Derived relations of a snapshot: which HSM holds each partition serial, and which HSMs are the
 * members of each HAPG. Alerting groups HSM problems under their HAPG with these; remediation
 * checks that every desired serial maps to a RUNNING HSM.
 */
import type { HapgRecord, HsmRecord, ResourceRecord } from '../records';

/** Partition serial → HSM ARN, over every HSM record given. */
export function partitionIndex(records: Iterable<ResourceRecord>): Map<string, string> {
  const index = new Map<string, string>();
  for (const record of records) {
    if (record.resourceType !== 'hsm') continue;
    for (const serial of record.PartitionSerials) index.set(serial, record.HsmArn);
  }
  return index;
}

/** Member HSM ARNs of a HAPG (sorted, unique); serials with no known HSM are listed separately. */
export function hapgMembers(
  hapg: HapgRecord,
  index: ReadonlyMap<string, string>,
): { memberHsms: string[]; unknownSerials: string[] } {
  const members = new Set<string>();
  const unknown: string[] = [];
  for (const serial of hapg.PartitionSerialList) {
    const hsm = index.get(serial);
    if (hsm) members.add(hsm);
    else unknown.push(serial);
  }
  return { memberHsms: [...members].sort(), unknownSerials: unknown };
}

/** HAPG ARN → its member HSM ARNs, for every HAPG among the records. */
export function hapgMembership(records: readonly ResourceRecord[]): Map<string, string[]> {
  const index = partitionIndex(records);
  const out = new Map<string, string[]>();
  for (const record of records) {
    if (record.resourceType === 'hapg') out.set(record.HapgArn, hapgMembers(record, index).memberHsms);
  }
  return out;
}

/** HSM records among the records, by ARN. */
export function hsmsByArn(records: Iterable<ResourceRecord>): Map<string, HsmRecord> {
  const out = new Map<string, HsmRecord>();
  for (const record of records) if (record.resourceType === 'hsm') out.set(record.HsmArn, record);
  return out;
}
