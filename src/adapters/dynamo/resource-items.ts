/**
 * Mapping between poller state and DynamoDB items (ResourceStore reads and writes them).
 *
 * Item shapes (JSON-valued attributes are strings, so records with empty values survive any
 * DynamoDB implementation unchanged):
 * - current resource  pk `TARGET#<account>#<region>`  sk `RES#<type>#<arn>`
 *     { itemType:'resource', resourceType, arn, version:N, hash, record:JSON, status, observedAt,
 *       staleSince?, missingCount?:N, removedAt?, watch?:JSON, lastReadyPartitionSerials?:SS-as-L,
 *       tagsRefreshedAt?, outbox?:JSON(HsmwatchEvent[]), outboxAt?, expiresAt? (tombstones only) }
 * - target meta       pk `TARGET#<account>#<region>`  sk `META`  gsi1pk `TARGETS` gsi1sk `<account>#<region>`
 *     { itemType:'meta', target:JSON, version:N, firstSeenAt, outage?:JSON{since,error}, outbox?, outboxAt? }
 * - history           pk `HIST#<arn>`  sk `<observedAt>#<version:10>`
 *     { itemType:'history', arn, resourceType, version:N, hash, record:JSON|null, observedAt, pollId,
 *       detailTypes:L, changedFields:L, expiresAt }
 * - poll run          pk `POLL#<account>#<region>`  sk `<startedAt>#<pollId>`
 *     { itemType:'poll-run', pollId, status, startedAt, run:JSON(PollRun), expiresAt }
 */
import type { HsmwatchEvent, MonitorEventDetail } from '../../monitor/events';
import type { ResourceRecord, ResourceType, Target } from '../../monitor/records';
import type { ResourceState } from '../../monitor/poll/resource-state';
import type { HistoryEntry, PollRun, StoredResource, TargetMeta } from '../../usecases/poll/ports';

/** A raw item. */
export type Item = Record<string, unknown>;

type TargetKey = Pick<Target, 'accountId' | 'region'>;

/** Partition key of a target's current items and META. */
export const targetPk = (t: TargetKey) => `TARGET#${t.accountId}#${t.region}`;
/** Sort key of a current resource item. */
export const resourceSk = (type: ResourceType, arn: string) => `RES#${type}#${arn}`;
/** Partition key of a target's poll runs. */
export const pollPk = (t: TargetKey) => `POLL#${t.accountId}#${t.region}`;

/** ResourceState (+ the events not yet published) → current item; `at` stamps the outbox. */
export function toResourceItem(
  target: Target,
  next: ResourceState,
  outbox: readonly HsmwatchEvent<MonitorEventDetail>[],
  at: string,
  expiresAt: number | undefined,
): Item {
  const record = next.record;
  return {
    pk: targetPk(target),
    sk: resourceSk(next.resourceType, next.arn),
    itemType: 'resource',
    resourceType: next.resourceType,
    arn: next.arn,
    version: next.version,
    hash: next.hash,
    record: JSON.stringify(record),
    status:
      record.resourceType === 'hsm'
        ? record.Status
        : record.resourceType === 'hapg'
          ? record.State
          : undefined,
    observedAt: next.observedAt,
    staleSince: next.staleSince,
    missingCount: next.missingCount,
    removedAt: next.removedAt,
    watch: next.watch && Object.keys(next.watch).length ? JSON.stringify(next.watch) : undefined,
    lastReadyPartitionSerials: next.lastReadyPartitionSerials
      ? [...next.lastReadyPartitionSerials]
      : undefined,
    tagsRefreshedAt: next.tagsRefreshedAt,
    outbox: outbox.length ? JSON.stringify(outbox) : undefined,
    outboxAt: outbox.length ? at : undefined,
    expiresAt,
  };
}

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

/** TargetMeta → META item (listed on gsi1 `TARGETS`). */
export function toMetaItem(target: Target, next: TargetMeta): Item {
  const outbox = next.outbox ?? [];
  return {
    pk: targetPk(target),
    sk: 'META',
    gsi1pk: 'TARGETS',
    gsi1sk: `${target.accountId}#${target.region}`,
    itemType: 'meta',
    target: JSON.stringify(next.target),
    version: next.version,
    firstSeenAt: next.firstSeenAt,
    outage: next.outage ? JSON.stringify(next.outage) : undefined,
    outbox: outbox.length ? JSON.stringify(outbox) : undefined,
    outboxAt: outbox.length ? next.outboxAt : undefined,
  };
}

/** HistoryEntry → history item (sorted by time, then version). */
export function toHistoryItem(e: HistoryEntry, expiresAt: number): Item {
  return {
    pk: `HIST#${e.arn}`,
    sk: `${e.observedAt}#${String(e.version).padStart(10, '0')}`,
    itemType: 'history',
    arn: e.arn,
    resourceType: e.resourceType,
    version: e.version,
    hash: e.hash,
    record: JSON.stringify(e.record),
    observedAt: e.observedAt,
    pollId: e.pollId,
    detailTypes: [...e.detailTypes],
    changedFields: [...e.changedFields],
    expiresAt,
  };
}

/** History item → HistoryEntry. */
export function fromHistoryItem(i: Item): HistoryEntry {
  return {
    arn: String(i.arn),
    resourceType: i.resourceType as ResourceType,
    version: Number(i.version),
    hash: String(i.hash),
    record: JSON.parse(String(i.record)) as ResourceRecord | null,
    observedAt: String(i.observedAt),
    pollId: String(i.pollId),
    detailTypes: (i.detailTypes as string[]) ?? [],
    changedFields: (i.changedFields as string[]) ?? [],
  };
}

/** PollRun → poll-run item. */
export function toPollRunItem(run: PollRun, expiresAt: number): Item {
  return {
    pk: pollPk(run.target),
    sk: `${run.startedAt}#${run.pollId}`,
    itemType: 'poll-run',
    pollId: run.pollId,
    status: run.status,
    startedAt: run.startedAt,
    run: JSON.stringify(run),
    expiresAt,
  };
}
