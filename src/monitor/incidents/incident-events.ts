/**
 * `Incident Opened` / `Incident Reminder` / `Incident Resolved` events (schemas in
 * schemas/incidents/): other consumers (chat-ops, ticketing, the report) follow incidents from
 * the bus. The event id is stable per transition, so a re-sent event is recognisably the same.
 */
import { createHash } from 'node:crypto';
import { EVENT_SOURCE, SCHEMA_VERSION, type HsmwatchEvent, type IncidentDetailType } from '../events';
import type { Notification, TransitionKind } from './types';

/** Notification fields the events carry unchanged (in this order). */
const CARRIED_FIELDS = [
  'incidentKey',
  'seq',
  'episode',
  'kind',
  'problem',
  'severity',
  'accountId',
  'region',
  'resourceType',
  'resourceArn',
  'summary',
  'state',
  'affected',
  'since',
  'at',
  'durationSeconds',
] as const satisfies readonly (keyof Notification)[];

/**
 * Detail of the three incident events: the notification's fields, with the event's own id
 * (`eventId`) and the id of the event that triggered the transition (`triggerEventId`).
 */
export interface IncidentEventDetail extends Pick<Notification, (typeof CARRIED_FIELDS)[number]> {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly eventId: string;
  readonly triggerEventId: string;
}

const DETAIL_TYPE: Record<TransitionKind, IncidentDetailType> = {
  opened: 'Incident Opened',
  reminder: 'Incident Reminder',
  resolved: 'Incident Resolved',
};

/** Builds the incident event of a notification. */
export function incidentEvent(n: Notification): HsmwatchEvent<IncidentEventDetail> {
  // Only the listed fields: the schemas allow no others, and an absent duration stays absent.
  const carried = Object.fromEntries(
    CARRIED_FIELDS.filter((k) => n[k] !== undefined).map((k) => [k, n[k]]),
  ) as Pick<Notification, (typeof CARRIED_FIELDS)[number]>;
  const detail: IncidentEventDetail = {
    schemaVersion: SCHEMA_VERSION,
    eventId: createHash('sha256').update(`incident\n${n.id}`).digest('hex').slice(0, 32),
    ...carried,
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
