/**
 * The poller's view of one resource between polls (what the store keeps on the current item),
 * and what one poll observed about it.
 */
import type { ResourceRecord, ResourceType } from '../records';
import type { WatchState } from './conditions';

/** Current state of a resource as stored (the current item minus keys and outbox). */
export interface ResourceState {
  readonly resourceType: ResourceType;
  readonly arn: string;
  /** Bumped by every write; conditional writes compare it. */
  readonly version: number;
  readonly hash: string;
  readonly record: ResourceRecord;
  /** When this record content was first observed (ISO). */
  readonly observedAt: string;
  /** Set while Describe keeps failing: the record is the last good one. */
  readonly staleSince?: string;
  /** Consecutive complete listings the resource was missing from. */
  readonly missingCount?: number;
  /** Set once removed (two-listing rule); the item stays as a tombstone. */
  readonly removedAt?: string;
  readonly watch?: WatchState;
  /** HAPGs only: PartitionSerialList last seen while READY (remediation's desired membership). */
  readonly lastReadyPartitionSerials?: readonly string[];
  /** When tags were last read and found changed or new (ISO). */
  readonly tagsRefreshedAt?: string;
}

/** What one poll saw of a resource. */
export type Observation =
  | { readonly kind: 'described'; readonly record: ResourceRecord; readonly tagsRead: boolean }
  | { readonly kind: 'describe-failed'; readonly error: string }
  /** Absent from a complete listing. */
  | { readonly kind: 'missing' };
