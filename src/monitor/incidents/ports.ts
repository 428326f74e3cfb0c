/**
 * Ports of alerting. The notify use case depends on these only; DynamoDB, SNS, Slack and the
 * console implement them in src/adapters/.
 */
import type { ResourceRecord, Target } from '../records';
import type { IncidentState, IncidentStatus, Notification, Silence } from './types';

/** An incident as stored: its state, optimistic-lock version and undelivered notifications. */
export interface StoredIncident {
  readonly state: IncidentState;
  /** 0 = not stored yet. */
  readonly version: number;
  readonly outbox: readonly Notification[];
}

/** Per-target memory the evaluator needs across ticks. */
export interface TargetMemory {
  /** HSM ARN → partition serials, for HSMs seen TERMINATING (deliberate deletes). */
  readonly seenTerminating: Readonly<Record<string, readonly string[]>>;
}

/** Result of a conditional write. */
export type SaveOutcome = 'ok' | 'conflict';

/** Incident persistence with optimistic locking (no transactions needed). */
export interface IncidentStore {
  /** Active incidents (pending/open, or with an outbox) of one target. May lag a write slightly. */
  listActive(accountId: string, region: string): Promise<StoredIncident[]>;
  /** Strongly consistent read of one incident. */
  get(key: string): Promise<StoredIncident | undefined>;
  /** Writes `state` + `outbox` if the stored version is still `expectedVersion` (0: absent). */
  save(state: IncidentState, outbox: readonly Notification[], expectedVersion: number): Promise<SaveOutcome>;
  /** Drops a delivered notification from the incident's outbox (idempotent). */
  removeFromOutbox(key: string, notificationId: string): Promise<void>;
  /** Incidents for the CLI: active ones, or all (including resolved) when asked. */
  list(options?: { statuses?: readonly IncidentStatus[] }): Promise<IncidentState[]>;
  getMemory(accountId: string, region: string): Promise<{ memory: TargetMemory; version: number }>;
  saveMemory(
    accountId: string,
    region: string,
    memory: TargetMemory,
    expectedVersion: number,
  ): Promise<SaveOutcome>;
}

/** Outcome of claiming a notification for delivery. */
export type ClaimOutcome =
  | { readonly outcome: 'claimed'; readonly sentTo: readonly string[] }
  | { readonly outcome: 'sent' }
  | { readonly outcome: 'busy'; readonly claimedUntil: string };

/** The exactly-once decision ledger: one row per notification id, claimed before sending. */
export interface NotificationLedger {
  /** Claims `id` until `leaseUntil` unless it is sent or someone else holds a live claim. */
  claim(id: string, now: string, leaseUntil: string): Promise<ClaimOutcome>;
  /** Records that one sink got it (a retry skips that sink). */
  markSinkSent(id: string, sink: string): Promise<void>;
  /** Gives up a claim after a failed send, so a retry need not wait for the lease. */
  release(id: string): Promise<void>;
  /** Marks the notification delivered everywhere. */
  markSent(id: string, at: string): Promise<void>;
}

/** Silence persistence. */
export interface SilenceStore {
  list(): Promise<Silence[]>;
  put(silence: Silence): Promise<void>;
  /** True when it existed. */
  remove(id: string): Promise<boolean>;
}

/** The poller's read side, narrowed to what alerting reads. */
export interface RecordSource {
  currentRecords(target: Target): Promise<ResourceRecord[]>;
}

/** A delivery channel (SNS, Slack, console, incident events). */
export interface Notifier {
  /** Stable name, recorded per notification so a retry skips sinks that already have it. */
  readonly name: string;
  send(notification: Notification): Promise<void>;
}
