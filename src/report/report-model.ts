/**
 * What the fleet report shows, as plain data: the collector fills it from the stores, the
 * renderer turns it into HTML. Kept apart so the page can be rendered (and tested) from fixtures.
 */
import type {
  HapgRecord,
  HsmRecord,
  LunaClientRecord,
  ResourceRecord,
  ResourceType,
} from '../monitor/records';

/** One point of a resource's timeline: its status/state from `observedAt` on (null: removed). */
export interface TimelinePoint {
  readonly arn: string;
  readonly resourceType: ResourceType;
  readonly observedAt: string;
  readonly state: string | null;
  readonly changedFields: readonly string[];
}

/** An open (or pending) incident as the report lists it. */
export interface ReportIncident {
  readonly key: string;
  readonly severity: string;
  readonly problem: string;
  readonly resourceArn: string;
  readonly summary: string;
  readonly state: string;
  readonly status: string;
  readonly since: string;
  readonly affected: readonly { readonly arn: string; readonly status: string }[];
}

/** One remediation (a plan and how it ended). */
export interface ReportRemediation {
  readonly at: string;
  readonly planId: string;
  readonly kind: string;
  readonly resourceArn: string;
  readonly status: string;
  readonly detail: string;
}

/** Everything the report renders. */
export interface ReportInput {
  readonly title?: string;
  readonly generatedAt: string;
  /** Where the data came from (local state dir, or table and region). */
  readonly source: string;
  readonly records: readonly ResourceRecord[];
  readonly timeline: readonly TimelinePoint[];
  readonly incidents: readonly ReportIncident[];
  readonly remediations: readonly ReportRemediation[];
}

/** The state word of a record: HSM Status, HAPG State, `PRESENT` for a client. */
export function stateOf(record: ResourceRecord): string {
  switch (record.resourceType) {
    case 'hsm':
      return record.Status;
    case 'hapg':
      return record.State;
    case 'luna-client':
      return 'PRESENT';
  }
}

/** Counts per key, sorted by key. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** A HAPG member as placed in an AZ: the HSM that holds the partition, or a missing partition. */
export interface PlacedMember {
  readonly serial: string;
  readonly hsm?: HsmRecord;
  readonly pendingRegistration: boolean;
  readonly pendingDeletion: boolean;
  readonly lastActionFailed: boolean;
}

/** HAPG membership per AZ (`(unknown)` for partitions whose HSM is gone). */
export function membershipByAz(hapg: HapgRecord, hsms: readonly HsmRecord[]): Map<string, PlacedMember[]> {
  const bySerial = new Map<string, HsmRecord>();
  for (const h of hsms) for (const s of h.PartitionSerials) bySerial.set(s, h);
  const flags = (hsm: HsmRecord | undefined, list: readonly string[]) =>
    !!hsm &&
    (list.includes(hsm.HsmArn) || (hsm.SerialNumber !== undefined && list.includes(hsm.SerialNumber)));
  const out = new Map<string, PlacedMember[]>();
  for (const serial of hapg.PartitionSerialList) {
    const hsm = bySerial.get(serial);
    const az = hsm?.AvailabilityZone ?? '(unknown)';
    const member: PlacedMember = {
      serial,
      ...(hsm ? { hsm } : {}),
      pendingRegistration: flags(hsm, hapg.HsmsPendingRegistration),
      pendingDeletion: flags(hsm, hapg.HsmsPendingDeletion),
      lastActionFailed: flags(hsm, hapg.HsmsLastActionFailed),
    };
    out.set(az, [...(out.get(az) ?? []), member]);
  }
  return out;
}

/** Whole days from `now` to a client certificate's notAfter (negative once expired). */
export function daysToExpiry(client: LunaClientRecord, now: Date): number | undefined {
  if (!client.Certificate) return undefined;
  return Math.floor((Date.parse(client.Certificate.notAfter) - now.getTime()) / 86_400_000);
}

/** The last path segment of an ARN (`hsm-1a2b3c4d`), for compact display. */
export function shortArn(arn: string): string {
  const i = arn.lastIndexOf(':');
  return i >= 0 ? arn.slice(i + 1) : arn;
}
