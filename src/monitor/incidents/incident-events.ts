/**
 * `Incident Opened` / `Incident Reminder` / `Incident Resolved` events (schemas in
 * schemas/incidents/): other consumers (chat-ops, ticketing, the report) follow incidents from
 * the bus. The event id is stable per transition, so a re-sent event is recognisably the same.
 */
import { createHash } from 'node:crypto';
import { EVENT_SOURCE, SCHEMA_VERSION, type HsmwatchEvent, type IncidentDetailType } from '../events';
import type {
  AffectedMember,
  IncidentResourceType,
  Notification,
  Problem,
  Severity,
  TransitionKind,
} from './types';

/** Detail of the three incident events. */
export interface IncidentEventDetail {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly eventId: string;
  readonly incidentKey: string;
  readonly seq: number;
  readonly episode: number;
  readonly kind: TransitionKind;
  readonly problem: Problem;
  readonly severity: Severity;
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: IncidentResourceType;
  readonly resourceArn: string;
  readonly summary: string;
  readonly state: string;
  readonly affected: readonly AffectedMember[];
  readonly since: string;
  readonly at: string;
  readonly durationSeconds?: number;
  readonly triggerEventId: string;
}

const DETAIL_TYPE: Record<TransitionKind, IncidentDetailType> = {
  opened: 'Incident Opened',
  reminder: 'Incident Reminder',
  resolved: 'Incident Resolved',
};

/** Builds the incident event of a notification. */
export function incidentEvent(n: Notification): HsmwatchEvent<IncidentEventDetail> {
  const detail: IncidentEventDetail = {
    schemaVersion: SCHEMA_VERSION,
    eventId: createHash('sha256').update(`incident\n${n.id}`).digest('hex').slice(0, 32),
    incidentKey: n.incidentKey,
    seq: n.seq,
    episode: n.episode,
    kind: n.kind,
    problem: n.problem,
    severity: n.severity,
    accountId: n.accountId,
    region: n.region,
    resourceType: n.resourceType,
    resourceArn: n.resourceArn,
    summary: n.summary,
    state: n.state,
    affected: n.affected,
    since: n.since,
    at: n.at,
    ...(n.durationSeconds !== undefined ? { durationSeconds: n.durationSeconds } : {}),
    triggerEventId: n.eventId,
  };
  return {
    source: EVENT_SOURCE,
    detailType: DETAIL_TYPE[n.kind],
    detail,
    resources: [n.resourceArn],
    time: n.at,
  };
}
