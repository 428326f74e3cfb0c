/**
 * pollTarget: one poll of one target. List every family (a List failure aborts the run: nothing
 * is marked removed, Poll Failed goes out once per outage), describe each resource (bounded
 * concurrency; the client's limiter paces calls), evaluate against the stored state (pure), write
 * changed items conditionally on their version with their events in an outbox, publish, clear.
 */
import pLimit from 'p-limit';
import type { EventPublisher, HsmwatchEvent, MonitorEventDetail } from '../../monitor/events';
import type { ResourceRecord, Target } from '../../monitor/records';
import { targetEvent } from '../../monitor/poll/target-events';
import { summarise } from '../../monitor/poll/poll-summary';
import { tagsDue } from '../../monitor/poll/tag-schedule';
import type { Observation } from '../../monitor/poll/resource-state';
import type { ApiStats, CloudHsmReadApi, PollRun, PollStore, StoredResource } from './ports';
import { flushOutboxes, leftoverOutboxes } from './outbox';
import { RESOURCE_FAMILIES, listFamily } from './resource-families';
import { observeFamily } from './observe';
import { commitResources, commitOutage } from './commit';

/** Tunables of a poll (defaults in DEFAULT_POLL_OPTIONS). */
export interface PollOptions {
  readonly concurrency: number;
  readonly tagRefreshMinutes: number;
  readonly certExpiryWarningDays: number;
  readonly subscriptionWarningDays: number;
  readonly stallThresholdMinutes: number;
  /** A leftover outbox is replayed once it is this old (a live run publishes its own first). */
  readonly outboxReplayAfterSeconds: number;
}

/** Defaults documented in docs/poller.md. */
export const DEFAULT_POLL_OPTIONS: PollOptions = {
  concurrency: 16,
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
  /** Fault-injection seam for tests: runs after every state write and before publishing. */
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
  const limit = pLimit(Math.max(1, o.concurrency));
  const errors: { arn?: string; operation: string; error: string }[] = [];
  const published: HsmwatchEvent<MonitorEventDetail>[] = [];
  let writes = 0;

  const { resources, meta } = await deps.store.loadTarget(target);
  const leftovers = leftoverOutboxes(resources, meta, startedAt, o.outboxReplayAfterSeconds);
  published.push(...(await flushOutboxes(deps.store, deps.publisher, target, leftovers, limit)));
  writes += leftovers.length;

  const listings = await Promise.allSettled(RESOURCE_FAMILIES.map((f) => listFamily(deps.api, f)));
  const failed = listings.findIndex((l) => l.status === 'rejected');
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
      events: published.length,
      replayed: leftovers.reduce((n, l) => n + l.events.length, 0),
      errors,
    };
    await deps.store.putPollRun(run);
    if (status === 'ok') {
      const { pollId: _p, target: _t, status: _s, errors: _e, ...data } = run;
      const completed = targetEvent(target, 'Poll Completed', pollId, pollId, finishedAt, {
        ...data,
        errors: errors.length,
      });
      await deps.publisher.publish([completed]);
      published.push(completed);
    }
    return { pollId, status, events: published, run };
  };

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
    published.push(...(await flushOutboxes(deps.store, deps.publisher, target, outage.outboxes, limit)));
    writes += outage.outboxes.length;
    return finish(
      'failed',
      resources.filter((r) => !r.removedAt).map((r) => r.record),
    );
  }

  const previousRun = await deps.store.lastPollRun(target);
  const previousPollAt = previousRun ? new Date(previousRun.startedAt) : undefined;
  const byKey = new Map<string, StoredResource>(resources.map((r) => [`${r.resourceType}#${r.arn}`, r]));
  const observed: { family: (typeof RESOURCE_FAMILIES)[number]; arn: string; observation: Observation }[] =
    [];
  await Promise.all(
    RESOURCE_FAMILIES.map(async (family, i) => {
      const arns = (listings[i] as PromiseFulfilledResult<string[]>).value;
      const results = await observeFamily(deps.api, family, arns, byKey, {
        limit,
        due: (arn) => tagsDue(arn, previousPollAt, startedAt, o.tagRefreshMinutes),
        onError: (e) => errors.push(e),
      });
      observed.push(...results.map((r) => ({ family, ...r })));
    }),
  );

  const committed = await commitResources(deps.store, target, observed, byKey, {
    limit,
    ctx: { ...o, target, pollId, now: startedAt },
    onError: (e) => errors.push(e),
  });
  writes += committed.writes;
  const outage = await commitOutage(deps.store, target, meta, { ok: true }, { pollId, now: startedAt });
  writes += outage.writes;

  await deps.hooks?.afterStoreBeforePublish?.();
  const outboxes = [...committed.outboxes, ...outage.outboxes];
  published.push(...(await flushOutboxes(deps.store, deps.publisher, target, outboxes, limit)));
  writes += outboxes.length;
  return finish('ok', committed.records);
}
