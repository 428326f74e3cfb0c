/**
 * Writing a poll's outcome: each resource's next state goes in conditionally on the version the
 * poll read. A poller that loses the race re-reads the winner's state and re-evaluates against
 * it, so a change another poller already stored (and will publish) is never emitted twice, and a
 * change the winner did not see is still emitted once.
 */
import type { HsmwatchEvent, MonitorEventDetail } from '../../monitor/events';
import { evaluateResource, type PollContext } from '../../monitor/poll/evaluate';
import type { Observation, ResourceState } from '../../monitor/poll/resource-state';
import { evaluateOutage } from '../../monitor/poll/target-events';
import type { ResourceRecord, ResourceType, Target } from '../../monitor/records';
import { hapgMembers, partitionIndex } from '../../monitor/snapshot/relations';
import type { PendingOutbox } from './outbox';
import type { HistoryEntry, PollStore, StoredResource, TargetMeta } from './ports';

const MAX_CONFLICT_RETRIES = 3;

/** What committing one resource produced. */
export interface CommitOne {
  readonly outbox?: PendingOutbox;
  readonly history?: HistoryEntry;
  /** Number of current-item writes that succeeded (0 or 1). */
  readonly writes: number;
  /** Conditional writes lost to a concurrent poller (each followed by a re-read). */
  readonly conflicts: number;
  readonly conflictError?: string;
}

/**
 * Detail `data` from the snapshot's relations: HAPG → member HSMs (from this poll's HSMs),
 * HSM → its HAPGs (from the HAPGs known when the HSM is committed).
 */
export function relationData(
  hsms: readonly ResourceRecord[],
  hapgs: readonly ResourceRecord[],
): (r: ResourceRecord) => Record<string, unknown> | undefined {
  const index = partitionIndex(hsms);
  const hapgsOfHsm = new Map<string, string[]>();
  for (const g of hapgs) {
    if (g.resourceType !== 'hapg') continue;
    for (const hsm of hapgMembers(g, index).memberHsms)
      hapgsOfHsm.set(hsm, [...(hapgsOfHsm.get(hsm) ?? []), g.HapgArn]);
  }
  return (r) =>
    r.resourceType === 'hapg'
      ? { memberHsms: hapgMembers(r, index).memberHsms }
      : r.resourceType === 'hsm'
        ? { hapgs: hapgsOfHsm.get(r.HsmArn) ?? [] }
        : undefined;
}

/**
 * Evaluates one resource and writes it conditionally, re-reading on a lost race. An outbox still
 * on the item (another run's unpublished events) is carried into the new one, since the write
 * replaces the item: those events are published by this run rather than lost (at least once).
 */
export async function commitResource(
  store: PollStore,
  target: Target,
  ctx: PollContext,
  type: ResourceType,
  arn: string,
  stored: StoredResource | undefined,
  observation: Observation,
): Promise<CommitOne> {
  let previous = stored;
  let conflicts = 0;
  for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
    const evaluation = evaluateResource(ctx, type, arn, previous, observation);
    const next = evaluation.next;
    if (!next) return { writes: 0, conflicts };
    const outbox = [...(previous?.outbox ?? []), ...evaluation.events];
    const outcome = await store.putResource(target, next, previous?.version, outbox);
    if (outcome === 'ok') {
      return {
        writes: 1,
        conflicts,
        outbox: outbox.length
          ? { resource: { type, arn }, version: next.version, events: outbox }
          : undefined,
        history: evaluation.recordChanged ? historyEntry(next, ctx.pollId, evaluation.events) : undefined,
      };
    }
    conflicts++;
    previous = await store.getResource(target, type, arn);
  }
  return { writes: 0, conflicts, conflictError: 'ConflictError: version kept changing under us' };
}

function historyEntry(
  next: ResourceState,
  pollId: string,
  events: readonly HsmwatchEvent<MonitorEventDetail>[],
): HistoryEntry {
  return {
    arn: next.arn,
    resourceType: next.resourceType,
    version: next.version,
    hash: next.hash,
    record: next.removedAt ? null : next.record,
    observedAt: next.removedAt ?? next.observedAt,
    pollId,
    detailTypes: events.map((e) => e.detailType),
    changedFields: [...new Set(events.flatMap((e) => e.detail.changedFields))].sort(),
  };
}

/** Buffers history entries and writes them in BatchWrite-sized chunks while the poll runs. */
export class HistoryWriter {
  private buffer: HistoryEntry[] = [];
  private readonly pending: Promise<void>[] = [];
  written = 0;

  constructor(
    private readonly store: PollStore,
    private readonly limit: <T>(fn: () => Promise<T>) => Promise<T>,
    private readonly chunk = 25,
  ) {}

  add(entry: HistoryEntry): void {
    this.buffer.push(entry);
    if (this.buffer.length >= this.chunk) this.flush();
  }

  private flush(): void {
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length === 0) return;
    this.written += batch.length;
    this.pending.push(this.limit(() => this.store.putHistory(batch)));
  }

  /** Writes the rest and waits for every batch. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.all(this.pending);
  }
}

/**
 * Records the outage bookkeeping on the META item (created on a target's first poll, so
 * `targets()` can find it). Writes only when something changes.
 */
export async function commitOutage(
  store: PollStore,
  target: Target,
  meta: TargetMeta | undefined,
  outcome: { ok: true } | { ok: false; error: string },
  ctx: { pollId: string; now: Date },
): Promise<{ outboxes: PendingOutbox[]; writes: number }> {
  let current = meta;
  for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
    const version = (current?.version ?? 0) + 1;
    const result = evaluateOutage(target, current?.outage, outcome, { ...ctx, metaVersion: version });
    if (current && !result.changed) return { outboxes: [], writes: 0 };
    const events = [...(current?.outbox ?? []), ...(result.event ? [result.event] : [])];
    const next: TargetMeta = {
      target: { accountId: target.accountId, region: target.region },
      version,
      firstSeenAt: current?.firstSeenAt ?? ctx.now.toISOString(),
      outage: result.next,
      outbox: events,
      outboxAt: ctx.now.toISOString(),
    };
    if ((await store.putMeta(target, next, current?.version)) === 'ok') {
      return { outboxes: events.length ? [{ version, events }] : [], writes: 1 };
    }
    current = await store.getMeta(target);
  }
  return { outboxes: [], writes: 0 };
}
