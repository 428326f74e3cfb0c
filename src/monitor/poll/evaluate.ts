/**
 * The pure heart of a poll: previous state + observation → next state to write (or none) and the
 * events that write carries. No I/O: the use case stores `next` conditionally on
 * `previous.version` and publishes `events` through the outbox.
 */
import {
  EVENT_SOURCE,
  SCHEMA_VERSION,
  type HsmwatchEvent,
  type MonitorDetailType,
  type MonitorEventDetail,
} from '../events';
import type { ResourceRecord, ResourceType, Target } from '../records';
import { canonicalJson, contentHash, stableId } from '../snapshot/canonical-hash';
import { checkConditions, type ConditionOptions } from './conditions';
import { diffRecords, lifecycleDetailType } from './diff';
import type { Observation, ResourceState } from './resource-state';

/** Everything a poll passes to evaluation besides the resource itself. */
export interface PollContext extends ConditionOptions {
  readonly target: Target;
  readonly pollId: string;
  /** Extra detail data per resource (e.g. HAPG member HSMs from the snapshot's relations). */
  readonly dataFor?: (record: ResourceRecord) => Record<string, unknown> | undefined;
}

/** The result of evaluating one resource. */
export interface Evaluation {
  /** The state to write, or undefined when nothing must be written. */
  readonly next?: ResourceState;
  readonly events: HsmwatchEvent<MonitorEventDetail>[];
  /** True when the record content changed (a history item is due). */
  readonly recordChanged: boolean;
}

/** Stable event id: same detail-type, resource and version ⇒ same id, whoever polled. */
export function eventIdFor(detailType: string, arn: string, version: number): string {
  return stableId(detailType, arn, version);
}

/** Builds one resource event. */
export function resourceEvent(
  ctx: PollContext,
  detailType: MonitorDetailType,
  arn: string,
  resourceType: ResourceType,
  version: number,
  parts: {
    previous: ResourceRecord | null;
    current: ResourceRecord | null;
    changedFields?: readonly string[];
    data?: Record<string, unknown>;
  },
): HsmwatchEvent<MonitorEventDetail> {
  const observedAt = ctx.now.toISOString();
  const extra = parts.current ? ctx.dataFor?.(parts.current) : undefined;
  const data = extra || parts.data ? { ...(extra ?? {}), ...(parts.data ?? {}) } : undefined;
  return {
    source: EVENT_SOURCE,
    detailType,
    time: observedAt,
    resources: [arn],
    detail: {
      schemaVersion: SCHEMA_VERSION,
      eventId: eventIdFor(detailType, arn, version),
      accountId: ctx.target.accountId,
      region: ctx.target.region,
      resourceType,
      resourceArn: arn,
      previous: parts.previous,
      current: parts.current,
      changedFields: parts.changedFields ?? [],
      pollId: ctx.pollId,
      observedAt,
      ...(data ? { data } : {}),
    },
  };
}

/** Evaluates one resource. `arn`/`type` identify it even when only the previous state exists. */
export function evaluateResource(
  ctx: PollContext,
  type: ResourceType,
  arn: string,
  previous: ResourceState | undefined,
  observation: Observation,
): Evaluation {
  const now = ctx.now.toISOString();
  const live = previous && !previous.removedAt ? previous : undefined;
  const version = (previous?.version ?? 0) + 1;

  if (observation.kind === 'missing') {
    if (!live) return { events: [], recordChanged: false };
    const missingCount = (live.missingCount ?? 0) + 1;
    if (missingCount < 2)
      return { next: { ...live, version, missingCount }, events: [], recordChanged: false };
    const event = resourceEvent(ctx, lifecycleDetailType(type, 'removed'), arn, type, version, {
      previous: live.record,
      current: null,
    });
    return { next: { ...live, version, missingCount, removedAt: now }, events: [event], recordChanged: true };
  }

  if (observation.kind === 'describe-failed') {
    if (!live) return { events: [], recordChanged: false };
    if (live.staleSince && !live.missingCount) return { events: [], recordChanged: false };
    return {
      next: { ...live, version, staleSince: live.staleSince ?? now, missingCount: undefined },
      events: [],
      recordChanged: false,
    };
  }

  const record = observation.record;
  const hash = contentHash(record);
  const lastReady =
    record.resourceType === 'hapg' && record.State === 'READY'
      ? record.PartitionSerialList
      : live?.lastReadyPartitionSerials;
  const conditions = checkConditions(record, live?.watch, ctx);
  const conditionEvents = (v: number) =>
    conditions.events.map((c) =>
      resourceEvent(ctx, c.detailType, arn, type, v, {
        previous: live?.record ?? null,
        current: record,
        data: c.data,
      }),
    );

  if (!live) {
    const next: ResourceState = {
      resourceType: type,
      arn,
      version,
      hash,
      record,
      observedAt: now,
      watch: conditions.watch,
      lastReadyPartitionSerials: lastReady,
      tagsRefreshedAt: now,
    };
    const discovered = resourceEvent(ctx, lifecycleDetailType(type, 'discovered'), arn, type, version, {
      previous: null,
      current: record,
    });
    return { next, events: [discovered, ...conditionEvents(version)], recordChanged: true };
  }

  const recordChanged = hash !== live.hash;
  const watchChanged = canonicalJson(conditions.watch) !== canonicalJson(live.watch ?? {});
  if (!recordChanged && !watchChanged && !live.staleSince && !live.missingCount) {
    return { events: [], recordChanged: false };
  }
  const changes = recordChanged ? diffRecords(live.record, record) : [];
  const tagsChanged = recordChanged && canonicalJson(live.record.Tags) !== canonicalJson(record.Tags);
  const next: ResourceState = {
    ...live,
    version,
    hash,
    record,
    observedAt: recordChanged ? now : live.observedAt,
    staleSince: undefined,
    missingCount: undefined,
    watch: conditions.watch,
    lastReadyPartitionSerials: lastReady,
    tagsRefreshedAt: tagsChanged ? now : live.tagsRefreshedAt,
  };
  const events = [
    ...changes.map((c) =>
      resourceEvent(ctx, c.detailType, arn, type, version, {
        previous: live.record,
        current: record,
        changedFields: c.changedFields,
      }),
    ),
    ...conditionEvents(version),
  ];
  return { next, events, recordChanged };
}
