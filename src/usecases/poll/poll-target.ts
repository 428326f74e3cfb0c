/**
 * pollTarget: one poll of one target. List every family (a List failure aborts the run: nothing
 * is marked removed, Poll Failed goes out once per outage), then for each resource: describe it
 * (bounded concurrency; the client's limiter paces calls), evaluate against the stored state
 * (pure), write it conditionally on its version with its events in an outbox, and publish and
 * clear outboxes as PutEvents batches fill, so stores overlap API calls. HSMs are committed
 * before HAPGs so HAPG events can name their member HSMs.
 */
import pLimit from 'p-limit';
import type { EventPublisher, HsmwatchEvent, MonitorEventDetail } from '../../monitor/events';
import type { PollContext } from '../../monitor/poll/evaluate';
import type { Observation } from '../../monitor/poll/resource-state';
import { tagsDue } from '../../monitor/poll/tag-schedule';
import { targetEvent } from '../../monitor/poll/target-events';
import { summarise } from '../../monitor/poll/poll-summary';
import type { ResourceRecord, Target } from '../../monitor/records';
import { hapgMembers, partitionIndex } from '../../monitor/snapshot/relations';
import { HistoryWriter, commitOutage, commitResource } from './commit';
import { missingFrom, observeResource } from './observe';
import { OutboxPipeline, flushOutboxes, leftoverOutboxes } from './outbox';
import type { ApiStats, CloudHsmReadApi, PollRun, PollStore, StoredResource } from './ports';
import { RESOURCE_FAMILIES, listFamily, type ResourceFamily } from './resource-families';

/** Tunables of a poll (defaults in DEFAULT_POLL_OPTIONS). */
export interface PollOptions {
  /** API calls in flight (the limiter still paces them). */
  readonly concurrency: number;
  /** DynamoDB calls in flight. */
  readonly storeConcurrency: number;
  readonly tagRefreshMinutes: number;
  readonly certExpiryWarningDays: number;
  readonly subscriptionWarningDays: number;
  readonly stallThresholdMinutes: number;
  /** A leftover outbox is replayed once it is this old (a live run publishes its own first). */
  readonly outboxReplayAfterSeconds: number;
}

/** Defaults documented in README.md (How polling works). */
export const DEFAULT_POLL_OPTIONS: PollOptions = {
  concurrency: 16,
  storeConcurrency: 16,
  tagRefreshMinutes: 60,
  certExpiryWarningDays: 30,
  subscriptionWarningDays: 30,
  stallThresholdMinutes: 30,
  outboxReplayAfterSeconds: 60,
};

/** What pollTarget needs. */
export interface PollDeps {
  readonly api: CloudHsmReadApi;
  readonly store: PollStore;
  readonly publisher: EventPublisher;
  readonly now: () => Date;
  readonly newId: () => string;
  readonly apiStats?: () => ApiStats;
  /** Fault-injection seam for tests: runs after the first state writes, before anything is published. */
  readonly hooks?: { readonly afterStoreBeforePublish?: () => void | Promise<void> };
}

/** The outcome of one poll. */
export interface PollResult {
  readonly pollId: string;
  readonly status: 'ok' | 'failed';
  /** Every event published by this run, replayed ones first, Poll Completed last. */
  readonly events: readonly HsmwatchEvent<MonitorEventDetail>[];
  readonly run: PollRun;
}

type ErrorEntry = { arn?: string; operation: string; error: string };
const MAX_STORED_ERRORS = 50;

/** Polls one target once. Throws only when the store or the publisher fails (outboxes are kept). */
export async function pollTarget(
  deps: PollDeps,
  target: Target,
  options: Partial<PollOptions> = {},
): Promise<PollResult> {
  const o = { ...DEFAULT_POLL_OPTIONS, ...options };
  const startedAt = deps.now();
  const pollId = deps.newId();
  const stats0 = deps.apiStats?.();
  const apiLimit = pLimit(Math.max(1, o.concurrency));
  const storeLimit = pLimit(Math.max(1, o.storeConcurrency));
  const errors: ErrorEntry[] = [];
  const published: HsmwatchEvent<MonitorEventDetail>[] = [];
  let writes = 0;

  const loaded = await deps.store.loadTarget(target);
  const leftovers = leftoverOutboxes(loaded.resources, loaded.meta, startedAt, o.outboxReplayAfterSeconds);
  published.push(...(await flushOutboxes(deps.store, deps.publisher, target, leftovers, storeLimit)));
  writes += leftovers.length;
  // What was just replayed is cleared in the store: forget it here too, so it is not carried again.
  const replayed = new Set(
    leftovers.map((l) => (l.resource ? `${l.resource.type}#${l.resource.arn}` : 'META')),
  );
  const resources = loaded.resources.map((r) =>
    replayed.has(`${r.resourceType}#${r.arn}`) ? { ...r, outbox: undefined, outboxAt: undefined } : r,
  );
  const meta =
    loaded.meta && replayed.has('META')
      ? { ...loaded.meta, outbox: undefined, outboxAt: undefined }
      : loaded.meta;
  let conflicts = 0;

  const finish = async (status: 'ok' | 'failed', records: ResourceRecord[]): Promise<PollResult> => {
    const finishedAt = deps.now();
    const stats1 = deps.apiStats?.();
    const { counts, hapgsDegraded } = summarise(records);
    const run: PollRun = {
      pollId,
      target,
      status,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      counts,
      hapgsDegraded,
      apiCalls: (stats1?.calls ?? 0) - (stats0?.calls ?? 0),
      throttles: (stats1?.throttles ?? 0) - (stats0?.throttles ?? 0),
      resourceWrites: writes,
      conflicts,
      events: published.length,
      replayed: leftovers.reduce((n, l) => n + l.events.length, 0),
      // Bounded: a poll-run item must stay far below DynamoDB's 400 KB item limit.
      errors: errors.slice(0, MAX_STORED_ERRORS),
      errorCount: errors.length,
    };
    await deps.store.putPollRun(run);
    if (status === 'ok') {
      const { pollId: _p, target: _t, status: _s, errors: _e, errorCount: _c, ...data } = run;
      const completed = targetEvent(target, 'Poll Completed', pollId, pollId, finishedAt, {
        ...data,
        errors: errors.length,
      });
      await deps.publisher.publish([completed]);
      published.push(completed);
    }
    return { pollId, status, events: published, run };
  };

  const listings = await Promise.allSettled(RESOURCE_FAMILIES.map((f) => listFamily(deps.api, f)));
  const failed = listings.findIndex((l) => l.status === 'rejected');
  if (failed >= 0) {
    const family = RESOURCE_FAMILIES[failed]!;
    const reason = (listings[failed] as PromiseRejectedResult).reason as Error;
    const error = `${family.listAction}: ${reason?.name ?? 'Error'}: ${reason?.message ?? String(reason)}`;
    errors.push({ operation: family.listAction, error });
    const outage = await commitOutage(
      deps.store,
      target,
      meta,
      { ok: false, error },
      { pollId, now: startedAt },
    );
    writes += outage.writes;
    await deps.hooks?.afterStoreBeforePublish?.();
    published.push(...(await flushOutboxes(deps.store, deps.publisher, target, outage.outboxes, storeLimit)));
    writes += outage.outboxes.length;
    return finish(
      'failed',
      resources.filter((r) => !r.removedAt).map((r) => r.record),
    );
  }

  const previousRun = await deps.store.lastPollRun(target);
  const previousPollAt = previousRun ? new Date(previousRun.startedAt) : undefined;
  const byKey = new Map<string, StoredResource>(resources.map((r) => [`${r.resourceType}#${r.arn}`, r]));
  const pipeline = new OutboxPipeline(
    deps.store,
    deps.publisher,
    target,
    storeLimit,
    deps.hooks?.afterStoreBeforePublish,
  );
  const history = new HistoryWriter(deps.store, storeLimit);
  const live: ResourceRecord[] = [];

  // HSM events name the HAPGs they belong to as of the previous poll; HAPG events name their
  // member HSMs as of this poll (HSMs are committed first).
  const storedHapgs = resources.filter((r) => r.resourceType === 'hapg' && !r.removedAt).map((r) => r.record);
  let index: Map<string, string> | undefined;
  const dataFor = (r: ResourceRecord): Record<string, unknown> | undefined => {
    if (r.resourceType === 'hapg') return { memberHsms: hapgMembers(r, index ?? new Map()).memberHsms };
    if (r.resourceType !== 'hsm') return undefined;
    const serials = new Set(r.PartitionSerials);
    const hapgs = storedHapgs.filter(
      (g) => g.resourceType === 'hapg' && g.PartitionSerialList.some((s) => serials.has(s)),
    );
    return { hapgs: hapgs.map((g) => (g.resourceType === 'hapg' ? g.HapgArn : '')).sort() };
  };
  const ctx: PollContext = { ...o, target, pollId, now: startedAt, dataFor };

  const commit = async (family: ResourceFamily, arn: string, observation: Observation): Promise<void> => {
    const stored = byKey.get(`${family.type}#${arn}`);
    const result = await storeLimit(() =>
      commitResource(deps.store, target, ctx, family.type, arn, stored, observation),
    );
    writes += result.writes;
    conflicts += result.conflicts;
    if (result.outbox) pipeline.add(result.outbox);
    if (result.history) history.add(result.history);
    if (result.conflictError) errors.push({ arn, operation: 'StoreResource', error: result.conflictError });
  };

  const runFamily = async (
    family: ResourceFamily,
    arns: readonly string[],
    commitAfter?: Promise<void>,
  ): Promise<void> => {
    const listed = new Set(arns);
    const tasks = [...listed].map(async (arn) => {
      const stored = byKey.get(`${family.type}#${arn}`);
      const liveState = stored && !stored.removedAt ? stored : undefined;
      const readTags = !liveState || tagsDue(arn, previousPollAt, startedAt, o.tagRefreshMinutes);
      const observation = await apiLimit(() =>
        observeResource(deps.api, family, arn, liveState, readTags, (e) => errors.push(e)),
      );
      if (observation.kind === 'described') live.push(observation.record);
      else if (liveState) live.push(liveState.record);
      await commitAfter;
      await commit(family, arn, observation);
    });
    for (const gone of missingFrom(family, listed, byKey.values())) {
      if (!gone.missingCount) live.push(gone.record);
      tasks.push(
        commitAfter
          ? commitAfter.then(() => commit(family, gone.arn, { kind: 'missing' }))
          : commit(family, gone.arn, { kind: 'missing' }),
      );
    }
    await Promise.all(tasks);
  };

  const arnsOf = (i: number) => (listings[i] as PromiseFulfilledResult<string[]>).value;
  const [hsmFamily, ...others] = RESOURCE_FAMILIES;
  const hsmPhase = runFamily(hsmFamily!, arnsOf(0)).then(() => {
    index = partitionIndex(live);
  });
  const rest = others.map((family, i) => runFamily(family, arnsOf(i + 1), hsmPhase));
  // Drain the pipeline and history even when a phase fails, so nothing is left half-written.
  const settled = await Promise.allSettled([hsmPhase, ...rest]);
  const outage = await commitOutage(deps.store, target, meta, { ok: true }, { pollId, now: startedAt });
  writes += outage.writes;
  for (const outbox of outage.outboxes) pipeline.add(outbox);
  await history.drain();
  writes += history.written;
  const pipelineEvents = await pipeline.drain();
  published.push(...pipelineEvents);
  writes += pipeline.cleared;
  const phaseFailure = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult | undefined;
  if (phaseFailure) throw phaseFailure.reason;
  return finish('ok', live);
}
