/**
 * The outbox half of the poll: events are stored on the current (or META) item together with the
 * state they describe, published, then cleared. Anything a crashed run left behind is replayed by
 * the next run once a grace period has passed (the grace keeps a concurrent live run's fresh
 * outbox from being published twice).
 */
import type { EventPublisher, HsmwatchEvent, MonitorEventDetail } from '../../monitor/events';
import type { ResourceType, Target } from '../../monitor/records';
import type { PollStore, StoredResource, TargetMeta } from './ports';

/** An outbox written this run (or found from an earlier run), to publish then clear. */
export interface PendingOutbox {
  /** Undefined for the META item. */
  readonly resource?: { readonly type: ResourceType; readonly arn: string };
  readonly version: number;
  readonly events: readonly HsmwatchEvent<MonitorEventDetail>[];
}

/** Leftover outboxes older than the grace period. */
export function leftoverOutboxes(
  resources: readonly StoredResource[],
  meta: TargetMeta | undefined,
  now: Date,
  graceSeconds: number,
): PendingOutbox[] {
  const old = (at: string | undefined) => !at || now.getTime() - Date.parse(at) >= graceSeconds * 1000;
  const out: PendingOutbox[] = [];
  for (const item of resources) {
    if (item.outbox?.length && old(item.outboxAt)) {
      out.push({
        resource: { type: item.resourceType, arn: item.arn },
        version: item.version,
        events: item.outbox,
      });
    }
  }
  if (meta?.outbox?.length && old(meta.outboxAt)) out.push({ version: meta.version, events: meta.outbox });
  return out;
}

/** Publishes the outboxes' events (one publisher call, which batches) and then clears them. */
export async function flushOutboxes(
  store: PollStore,
  publisher: EventPublisher,
  target: Target,
  outboxes: readonly PendingOutbox[],
  concurrency: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<HsmwatchEvent<MonitorEventDetail>[]> {
  const events = outboxes.flatMap((o) => o.events);
  if (events.length === 0) return [];
  await publisher.publish(events);
  await Promise.all(
    outboxes.map((o) =>
      concurrency(() =>
        o.resource
          ? store.clearOutbox(target, o.resource.type, o.resource.arn, o.version)
          : store.clearMetaOutbox(target, o.version),
      ),
    ),
  );
  return events;
}
