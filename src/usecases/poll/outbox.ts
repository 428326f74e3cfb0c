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

/**
 * Publishes outboxes while the poll is still running: outboxes are buffered and flushed as soon
 * as a PutEvents batch (10 events) is full, each flush publishing then clearing its outboxes, so
 * a cold poll's thousands of writes overlap the API calls instead of following them. Flushes run
 * one at a time; after a failure nothing more is published (the rest stays in the outboxes for
 * the next run's replay) and `drain()` rethrows it.
 */
export class OutboxPipeline {
  private buffer: PendingOutbox[] = [];
  private buffered = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;
  private started = false;
  readonly published: HsmwatchEvent<MonitorEventDetail>[] = [];
  /** Outboxes published and cleared (one write each). */
  cleared = 0;

  constructor(
    private readonly store: PollStore,
    private readonly publisher: EventPublisher,
    private readonly target: Target,
    private readonly limit: <T>(fn: () => Promise<T>) => Promise<T>,
    /** Runs once before the first publish (the crash-between-store-and-publish seam). */
    private readonly beforeFirstPublish?: () => void | Promise<void>,
    private readonly batchEvents = 10,
  ) {}

  /** Queues an outbox that is already stored. */
  add(outbox: PendingOutbox): void {
    if (outbox.events.length === 0) return;
    this.buffer.push(outbox);
    this.buffered += outbox.events.length;
    if (this.buffered >= this.batchEvents) this.flush();
  }

  private flush(): void {
    const batch = this.buffer;
    this.buffer = [];
    this.buffered = 0;
    if (batch.length === 0) return;
    this.chain = this.chain.then(async () => {
      if (this.failure !== undefined) return;
      try {
        if (!this.started) {
          this.started = true;
          await this.beforeFirstPublish?.();
        }
        this.published.push(
          ...(await flushOutboxes(this.store, this.publisher, this.target, batch, this.limit)),
        );
        this.cleared += batch.length;
      } catch (e) {
        this.failure = e;
      }
    });
  }

  /** Flushes what is left, waits for every flush, rethrows the first failure. */
  async drain(): Promise<HsmwatchEvent<MonitorEventDetail>[]> {
    const idle = this.buffer.length === 0 && !this.started;
    this.flush();
    if (idle) {
      // Nothing was published: still honour the seam so a crash test behaves the same either way.
      this.started = true;
      await this.beforeFirstPublish?.();
    }
    await this.chain;
    if (this.failure !== undefined) throw this.failure;
    return this.published;
  }
}
