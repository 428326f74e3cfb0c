/**
 * Ports of the poll use cases. The poller depends on these only; adapters implement them
 * (CloudHsmClient for the API, ResourceStore for DynamoDB, EventBridgePublisher for events).
 */
import type {
  DescribeHapgResponse,
  DescribeHsmResponse,
  DescribeLunaClientResponse,
  ListTagsForResourceResponse,
} from '../../cloudhsm/model/types';
import type { HsmwatchEvent, MonitorEventDetail } from '../../monitor/events';
import type { OutageState } from '../../monitor/poll/target-events';
import type { ResourceState } from '../../monitor/poll/resource-state';
import type { ResourceRecord, ResourceType, Target } from '../../monitor/records';

/** The read-only slice of the CloudHSM client the poller uses (CloudHsmClient satisfies it). */
export interface CloudHsmReadApi {
  listAllHsms(): Promise<string[]>;
  listAllHapgs(): Promise<string[]>;
  listAllLunaClients(): Promise<string[]>;
  describeHsm(input: { HsmArn: string }): Promise<DescribeHsmResponse>;
  describeHapg(input: { HapgArn: string }): Promise<DescribeHapgResponse>;
  describeLunaClient(input: { ClientArn: string }): Promise<DescribeLunaClientResponse>;
  listTagsForResource(input: { ResourceArn: string }): Promise<ListTagsForResourceResponse>;
}

/** Cumulative API counters (from the client's ClientMetrics); the poller records deltas. */
export interface ApiStats {
  readonly calls: number;
  readonly throttles: number;
  readonly retries?: number;
}

/** A current item as stored: the state plus its unpublished events. */
export interface StoredResource extends ResourceState {
  readonly outbox?: readonly HsmwatchEvent<MonitorEventDetail>[];
  /** When the outbox was written (ISO); replay waits a grace period so a live run can publish it. */
  readonly outboxAt?: string;
}

/** The per-target META item: first-seen time, the ongoing outage, its outbox. */
export interface TargetMeta {
  readonly target: Target;
  readonly version: number;
  readonly firstSeenAt: string;
  readonly outage?: OutageState;
  readonly outbox?: readonly HsmwatchEvent<MonitorEventDetail>[];
  readonly outboxAt?: string;
}

/** One history entry (a version whose record content changed). */
export interface HistoryEntry {
  readonly arn: string;
  readonly resourceType: ResourceType;
  readonly version: number;
  readonly hash: string;
  /** null once removed. */
  readonly record: ResourceRecord | null;
  readonly observedAt: string;
  readonly pollId: string;
  readonly detailTypes: readonly string[];
  readonly changedFields: readonly string[];
}

/** The record of one poll run. */
export interface PollRun {
  readonly pollId: string;
  readonly target: Target;
  readonly status: 'ok' | 'failed';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly counts: Record<string, Record<string, number>>;
  readonly hapgsDegraded: number;
  readonly apiCalls: number;
  readonly throttles: number;
  readonly resourceWrites: number;
  /** Conditional writes lost to a concurrent poller. */
  readonly conflicts?: number;
  readonly events: number;
  readonly replayed: number;
  /** The first 50 errors (errorCount has them all). */
  readonly errors: readonly { readonly arn?: string; readonly operation: string; readonly error: string }[];
  readonly errorCount?: number;
}

/** Result of a conditional write. */
export type WriteOutcome = 'ok' | 'conflict';

/** What the poller needs from the store. */
export interface PollStore {
  /** Every current item and the META item of a target (one Query). */
  loadTarget(target: Target): Promise<{ resources: StoredResource[]; meta?: TargetMeta }>;
  getResource(target: Target, type: ResourceType, arn: string): Promise<StoredResource | undefined>;
  /** Writes `next` (with its outbox) if the stored version is still `expectedVersion` (undefined: absent). */
  putResource(
    target: Target,
    next: ResourceState,
    expectedVersion: number | undefined,
    outbox: readonly HsmwatchEvent<MonitorEventDetail>[],
  ): Promise<WriteOutcome>;
  /** Removes the outbox if the item is still at `version` (a newer writer owns its own outbox). */
  clearOutbox(target: Target, type: ResourceType, arn: string, version: number): Promise<void>;
  putHistory(entries: readonly HistoryEntry[]): Promise<void>;
  getMeta(target: Target): Promise<TargetMeta | undefined>;
  putMeta(target: Target, next: TargetMeta, expectedVersion: number | undefined): Promise<WriteOutcome>;
  clearMetaOutbox(target: Target, version: number): Promise<void>;
  putPollRun(run: PollRun): Promise<void>;
  /** The latest poll run of a target, if any. */
  lastPollRun(target: Target): Promise<PollRun | undefined>;
}

/** The read API alerting, remediation, the CLI and the report use. */
export interface ResourceReader {
  currentItems(target: Target): Promise<StoredResource[]>;
  currentRecords(target: Target): Promise<ResourceRecord[]>;
  getCurrent(target: Target, arn: string): Promise<StoredResource | undefined>;
  history(arn: string, options?: { limit?: number }): Promise<HistoryEntry[]>;
  pollRuns(target: Target, options?: { limit?: number }): Promise<PollRun[]>;
  targets(): Promise<Target[]>;
}
