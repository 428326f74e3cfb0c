/** Mapping between poller state and DynamoDB items (shapes documented in resource-store.ts). */
import type { HsmwatchEvent, MonitorEventDetail } from '../../monitor/events';
import type { ResourceRecord, ResourceType, Target } from '../../monitor/records';
import type { StoredResource, TargetMeta } from '../../usecases/poll/ports';

/** A raw item. */
export type Item = Record<string, unknown>;

/** Current-item → StoredResource. */
export function fromResourceItem(i: Item): StoredResource {
  return {
    resourceType: i.resourceType as ResourceType,
    arn: String(i.arn),
    version: Number(i.version),
    hash: String(i.hash),
    record: JSON.parse(String(i.record)) as ResourceRecord,
    observedAt: String(i.observedAt),
    staleSince: i.staleSince as string | undefined,
    missingCount: i.missingCount === undefined ? undefined : Number(i.missingCount),
    removedAt: i.removedAt as string | undefined,
    watch: i.watch ? JSON.parse(String(i.watch)) : undefined,
    lastReadyPartitionSerials: i.lastReadyPartitionSerials as string[] | undefined,
    tagsRefreshedAt: i.tagsRefreshedAt as string | undefined,
    outbox: i.outbox ? (JSON.parse(String(i.outbox)) as HsmwatchEvent<MonitorEventDetail>[]) : undefined,
    outboxAt: i.outboxAt as string | undefined,
  };
}

/** META item → TargetMeta. */
export function fromMetaItem(i: Item): TargetMeta {
  return {
    target: JSON.parse(String(i.target)) as Target,
    version: Number(i.version),
    firstSeenAt: String(i.firstSeenAt),
    outage: i.outage ? JSON.parse(String(i.outage)) : undefined,
    outbox: i.outbox ? JSON.parse(String(i.outbox)) : undefined,
    outboxAt: i.outboxAt as string | undefined,
  };
}
