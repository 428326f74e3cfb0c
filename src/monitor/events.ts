/**
 * The events hsmwatch puts on its EventBridge bus (source `hsmwatch`). Each detail-type has a
 * JSON Schema in schemas/ (public contract). Producers build details with these types; consumers
 * (notify, remediate, rotate) parse them back with the schemas, never trusting the shape.
 */
import type { ResourceRecord, ResourceType } from './records';

export const EVENT_SOURCE = 'hsmwatch';
export const SCHEMA_VERSION = '1';

/** Detail-types emitted by the poller. */
export const MONITOR_DETAIL_TYPES = [
  'HSM Status Changed',
  'HSM Discovered',
  'HSM Removed',
  'HSM Changed',
  'HAPG State Changed',
  'HAPG Action Failed',
  'HAPG Membership Changed',
  'HAPG Registration Stalled',
  'Luna Client Discovered',
  'Luna Client Removed',
  'Luna Client Certificate Changed',
  'Luna Client Certificate Expiring',
  'HSM Subscription Ending',
  'Poll Failed',
  'Poll Recovered',
  // Added by the poller (backwards compatible): HAPG lifecycle, catch-all field diffs, the per-poll tick.
  'HAPG Discovered',
  'HAPG Removed',
  'HAPG Changed',
  'Luna Client Changed',
  'Poll Completed',
] as const;

/** Detail-types emitted by alerting. */
export const INCIDENT_DETAIL_TYPES = ['Incident Opened', 'Incident Reminder', 'Incident Resolved'] as const;

/** Detail-types emitted by remediation and certificate rotation (and the manual trigger). */
export const REMEDIATION_DETAIL_TYPES = [
  'Remediation Planned',
  'Remediation Started',
  'Remediation Succeeded',
  'Remediation Failed',
  'Remediation Skipped',
  'Luna Client Certificate Rotated',
  'Rotate Client Certificate',
] as const;

export type MonitorDetailType = (typeof MONITOR_DETAIL_TYPES)[number];
export type IncidentDetailType = (typeof INCIDENT_DETAIL_TYPES)[number];
export type RemediationDetailType = (typeof REMEDIATION_DETAIL_TYPES)[number];
export type DetailType = MonitorDetailType | IncidentDetailType | RemediationDetailType;

/**
 * The detail of every poller event. `resourceType` is `target` (resourceArn
 * `arn:hsmwatch:target:<accountId>:<region>`) for Poll Failed/Recovered/Completed.
 */
export interface MonitorEventDetail {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  /** Stable: a hash of (detail-type, resource, version); the same change always has the same id. */
  readonly eventId: string;
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: ResourceType | 'target';
  readonly resourceArn: string;
  readonly previous: ResourceRecord | null;
  readonly current: ResourceRecord | null;
  readonly changedFields: readonly string[];
  readonly pollId: string;
  /** ISO-8601 instant. */
  readonly observedAt: string;
  /** Detail-type specific facts (e.g. daysToExpiry, stalledHsms, error). */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** An event as we publish it (the PutEvents entry before serialisation). */
export interface HsmwatchEvent<D = MonitorEventDetail> {
  readonly source: typeof EVENT_SOURCE;
  readonly detailType: DetailType;
  readonly detail: D;
  /** ARNs for EventBridge's `resources` field. */
  readonly resources?: readonly string[];
  /** ISO-8601 instant. */
  readonly time: string;
}

/** The shape EventBridge delivers to a Lambda target (and our local router delivers too). */
export interface EventBridgeEnvelope<D = unknown> {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: D;
}

/** Port: anything that can publish our events (EventBridge in AWS, the local router on a laptop). */
export interface EventPublisher {
  publish(events: readonly HsmwatchEvent<unknown>[]): Promise<void>;
}
