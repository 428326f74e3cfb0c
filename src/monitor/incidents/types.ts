/**
 * Incident vocabulary shared by the pure state machine, the notify use case, the stores and the
 * sinks. Modelled on Prometheus Alertmanager: conditions (alerts) fold into incidents (groups)
 * that open after a debounce, remind on a repeat interval, and resolve once.
 */
import type { ResourceType } from '../records';

/** The problems hsmwatch alerts on. One incident per (resource, problem). */
export const PROBLEMS = [
  'hsm-unhealthy',
  'hsm-terminated-unexpectedly',
  'hapg-degraded',
  'hapg-action-failed',
  'hapg-registration-stalled',
  'client-cert-expiring',
  'subscription-ending',
  'poll-failing',
  'remediation-blocked',
] as const;
export type Problem = (typeof PROBLEMS)[number];

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Resource kinds an incident can be about (`target` = one account/region as a whole). */
export type IncidentResourceType = ResourceType | 'target';

/** A member of a grouped (HAPG) incident: the HSM or partition that contributes to it. */
export interface AffectedMember {
  readonly arn: string;
  readonly status: string;
  readonly problem: Problem | 'action-failed' | 'partition-missing' | 'being-deleted';
  /** True when this member is being deleted on purpose or is silenced (it cannot wake anyone). */
  readonly inhibited: boolean;
}

/** What an incident is about: one problem of one resource, and how bad it is. */
export interface IncidentSubject {
  readonly problem: Problem;
  readonly severity: Severity;
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: IncidentResourceType;
  readonly resourceArn: string;
}

/** A subject as last seen: what conditions, stored incidents and notifications all describe. */
export interface IncidentView extends IncidentSubject {
  /** A human sentence: what is wrong. */
  readonly summary: string;
  /** Current status/state of the resource, e.g. `DEGRADED`. */
  readonly state: string;
  readonly affected: readonly AffectedMember[];
}

/** One thing wrong right now, as evaluated from state or from an event. */
export interface Condition extends IncidentView {
  readonly key: string;
  /** Problem specific facts kept for re-evaluation (stalled HSMs, blocked HAPGs, days left). */
  readonly facts: Readonly<Record<string, unknown>>;
  readonly tags: Readonly<Record<string, string>>;
  /** Why this condition must not notify now (a silence id, or the inhibiting HSMs), if so. */
  readonly mutedBy: string | null;
  /** Open at once whatever openAfterPolls says (the producer already debounced, e.g. Poll Failed). */
  readonly immediate?: boolean;
}

/**
 * One look at one incident key: the condition held (with its facts) or it did not. `pollId` is the
 * debounce unit: observations from the same poll count once.
 */
export interface Observation {
  readonly key: string;
  readonly pollId: string;
  /** ISO-8601 instant of the poll/event (the poller's clock, not ours). */
  readonly at: string;
  /** The event that caused this observation, kept on notifications for tracing. */
  readonly eventId: string;
  readonly condition: Condition | null;
}

export type IncidentStatus = 'pending' | 'open' | 'resolved' | 'cleared';
export type TransitionKind = 'opened' | 'reminder' | 'resolved';

/** The stored state of one incident key across episodes (an episode = one open..resolve span). */
export interface IncidentState extends IncidentView {
  readonly key: string;
  readonly status: IncidentStatus;
  /** 1-based, bumps each time the condition comes back after a resolve/clear. */
  readonly episode: number;
  /** Distinct polls in a row the condition held while pending. */
  readonly consecutivePolls: number;
  /** First observation of this episode. */
  readonly startedAt: string;
  readonly openedAt?: string;
  readonly resolvedAt?: string;
  readonly lastObservedAt: string;
  readonly lastPollId: string;
  /** When the last opened/reminder message was decided (reminders count from here). */
  readonly lastNotifiedAt?: string;
  /** An `opened` message was decided for this episode (so reminders/resolved may follow). */
  readonly notifiedOpen: boolean;
  readonly facts: Readonly<Record<string, unknown>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly mutedBy: string | null;
  /** Notifications decided so far for this key (all episodes); the next one gets seq + 1. */
  readonly seq: number;
}

/** A decided message: exactly one per (incident key, seq). */
export interface Notification extends IncidentView {
  /** `<incidentKey>#<seq>`: the dedupe id. */
  readonly id: string;
  readonly incidentKey: string;
  readonly seq: number;
  readonly kind: TransitionKind;
  /** Start of the episode (first observation). */
  readonly since: string;
  /** When this transition happened (the observation time). */
  readonly at: string;
  /** For `resolved`: at − since, in seconds. */
  readonly durationSeconds?: number;
  /** The event that triggered the decision. */
  readonly eventId: string;
  readonly episode: number;
}

/** Knobs of the state machine (parsed from env by src/config/alerting-config.ts). */
export interface AlertPolicy {
  readonly severities: Readonly<Record<Problem, Severity>>;
  readonly openAfterPolls: Readonly<Record<Severity, number>>;
  readonly repeatIntervalMinutes: number;
  /** Severities summarised by the daily digest instead of notified one by one. */
  readonly digestSeverities: readonly Severity[];
  readonly certExpiryWarningDays: number;
  readonly subscriptionWarningDays: number;
}

/** What a silence matches: an exact ARN, a resource type, or a tag key=value. */
export type SilenceMatcher =
  | { readonly kind: 'arn'; readonly value: string }
  | { readonly kind: 'resourceType'; readonly value: IncidentResourceType }
  | { readonly kind: 'tag'; readonly key: string; readonly value: string };

/** An operator's silence: mutes matching incidents (and HAPG incidents its HSMs cause) for a while. */
export interface Silence {
  readonly id: string;
  readonly matcher: SilenceMatcher;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly createdBy: string;
  readonly reason: string;
  readonly createdAt: string;
}
