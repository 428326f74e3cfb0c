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
import type { ResourceRecord, Target } from '../../monitor/records';
import { hapgMembers, partitionIndex } from '../../monitor/snapshot/relations';
import type { PendingOutbox } from './outbox';
import type { HistoryEntry, PollStore, StoredResource, TargetMeta } from './ports';
import type { ResourceFamily } from './resource-families';

const MAX_CONFLICT_RETRIES = 3;

/** What commitResources reports back. */
export interface CommitResult {
  readonly outboxes: PendingOutbox[];
  /** The live records after this poll (for counts). */
  readonly records: ResourceRecord[];
  readonly writes: number;
}

/** Detail `data` from the snapshot's relations: HAPG → member HSMs, HSM → its HAPGs. */
function relationData(
  records: readonly ResourceRecord[],
): (r: ResourceRecord) => Record<string, unknown> | undefined {
  const index = partitionIndex(records);
  const hapgsOfHsm = new Map<string, string[]>();
  const membersOf = new Map<string, string[]>();
  for (const r of records) {
    if (r.resourceType !== 'hapg') continue;
    const { memberHsms } = hapgMembers(r, index);
    membersOf.set(r.HapgArn, memberHsms);
    for (const hsm of memberHsms) hapgsOfHsm.set(hsm, [...(hapgsOfHsm.get(hsm) ?? []), r.HapgArn]);
  }
  return (r) =>
    r.resourceType === 'hapg'
      ? { memberHsms: membersOf.get(r.HapgArn) ?? [] }
      : r.resourceType === 'hsm'
        ? { hapgs: hapgsOfHsm.get(r.HsmArn) ?? [] }
        : undefined;
}

/** Evaluates and conditionally writes every observed resource, then writes history. */
export async function commitResources(
  store: PollStore,
  target: Target,
  observed: readonly { family: ResourceFamily; arn: string; observation: Observation }[],
  stored: ReadonlyMap<string, StoredResource>,
  opts: {
    limit: <T>(fn: () => Promise<T>) => Promise<T>;
    ctx: Omit<PollContext, 'dataFor'>;
    onError: (e: { arn?: string; operation: string; error: string }) => void;
  },
): Promise<CommitResult> {
  const liveRecords: ResourceRecord[] = [];
  for (const { family, arn, observation } of observed) {
    const prev = stored.get(`${family.type}#${arn}`);
    if (observation.kind === 'described') liveRecords.push(observation.record);
    else if (observation.kind === 'describe-failed' && prev && !prev.removedAt) liveRecords.push(prev.record);
    else if (observation.kind === 'missing' && prev && !prev.removedAt && !prev.missingCount)
      liveRecords.push(prev.record);
  }
  const ctx: PollContext = { ...opts.ctx, dataFor: relationData(liveRecords) };
  const outboxes: PendingOutbox[] = [];
  const history: HistoryEntry[] = [];
  let writes = 0;

  const commitOne = async (family: ResourceFamily, arn: string, observation: Observation): Promise<void> => {
    let previous: ResourceState | undefined = stored.get(`${family.type}#${arn}`);
    for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
      const evaluation = evaluateResource(ctx, family.type, arn, previous, observation);
      const next = evaluation.next;
      if (!next) return;
      const outcome = await store.putResource(target, next, previous?.version, evaluation.events);
      if (outcome === 'ok') {
        writes++;
        if (evaluation.events.length)
          outboxes.push({
            resource: { type: family.type, arn },
            version: next.version,
            events: evaluation.events,
          });
        if (evaluation.recordChanged) history.push(historyEntry(next, ctx.pollId, evaluation.events));
        return;
      }
      previous = await store.getResource(target, family.type, arn);
    }
    opts.onError({ arn, operation: 'StoreResource', error: 'ConflictError: version kept changing under us' });
  };
  await Promise.all(
    observed.map(({ family, arn, observation }) => opts.limit(() => commitOne(family, arn, observation))),
  );
  if (history.length) {
    await store.putHistory(history);
    writes += history.length;
  }
  return { outboxes, records: liveRecords, writes };
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
    const events = result.event ? [result.event] : [];
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
