/**
 * EventBridgePublisher: the EventPublisher port over PutEvents. Entries go in batches of at most
 * 10 entries and 256 KB (EventBridge's limits); entries a response reports as failed
 * (FailedEntryCount / per-entry ErrorCode) are retried alone with exponential backoff and full
 * jitter, so a partial failure never re-sends the entries that succeeded.
 */
import {
  PutEventsCommand,
  type EventBridgeClient,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { EventPublisher, HsmwatchEvent } from '../../monitor/events';

/** PutEvents kept failing for some entries after every retry. */
export class PublishError extends Error {
  readonly retryable = true;
  constructor(
    message: string,
    readonly failed: readonly { detailType: string; errorCode?: string; errorMessage?: string }[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PublishError';
  }
}

export const MAX_ENTRIES_PER_BATCH = 10;
export const MAX_BATCH_BYTES = 256 * 1024;

/** The size EventBridge charges an entry (UTF-8 of its fields, per the PutEvents size rules). */
export function entrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time ? 14 : 0;
  for (const s of [entry.Source, entry.DetailType, entry.Detail, entry.EventBusName])
    size += s ? Buffer.byteLength(s) : 0;
  for (const r of entry.Resources ?? []) size += Buffer.byteLength(r);
  return size;
}

/** Splits entries into batches of ≤ `maxEntries` and ≤ `maxBytes` (an oversized entry rides alone). */
export function batchEntries(
  entries: readonly PutEventsRequestEntry[],
  maxEntries = MAX_ENTRIES_PER_BATCH,
  maxBytes = MAX_BATCH_BYTES,
): PutEventsRequestEntry[][] {
  const batches: PutEventsRequestEntry[][] = [];
  let current: PutEventsRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entrySize(entry);
    if (current.length && (current.length >= maxEntries || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length) batches.push(current);
  return batches;
}

/** Options of EventBridgePublisher. */
export interface EventBridgePublisherOptions {
  readonly client: EventBridgeClient;
  readonly eventBusName: string;
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  /** Injected for tests (no wall-clock sleeps there). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** Publishes hsmwatch events to a custom EventBridge bus. */
export class EventBridgePublisher implements EventPublisher {
  private readonly opts: Required<Omit<EventBridgePublisherOptions, 'client' | 'eventBusName'>>;

  constructor(private readonly config: EventBridgePublisherOptions) {
    this.opts = {
      maxAttempts: config.maxAttempts ?? 5,
      baseDelayMs: config.baseDelayMs ?? 100,
      sleep: config.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      random: config.random ?? Math.random,
    };
  }

  /** Maps one event to its PutEvents entry. */
  toEntry(event: HsmwatchEvent<unknown>): PutEventsRequestEntry {
    return {
      Source: event.source,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
      Resources: event.resources ? [...event.resources] : undefined,
      Time: new Date(event.time),
      EventBusName: this.config.eventBusName,
    };
  }

  async publish(events: readonly HsmwatchEvent<unknown>[]): Promise<void> {
    for (const batch of batchEntries(events.map((e) => this.toEntry(e)))) await this.sendBatch(batch);
  }

  private async sendBatch(batch: PutEventsRequestEntry[]): Promise<void> {
    let pending = batch;
    let lastFailures: { detailType: string; errorCode?: string; errorMessage?: string }[] = [];
    for (let attempt = 1; attempt <= this.opts.maxAttempts; attempt++) {
      if (attempt > 1) {
        const cap = this.opts.baseDelayMs * 2 ** (attempt - 2);
        await this.opts.sleep(Math.floor(this.opts.random() * cap));
      }
      const out = await this.config.client.send(new PutEventsCommand({ Entries: pending }));
      if (!out.FailedEntryCount) return;
      const results = out.Entries ?? [];
      const retry: PutEventsRequestEntry[] = [];
      lastFailures = [];
      pending.forEach((entry, i) => {
        const result = results[i];
        if (!result || result.ErrorCode || !result.EventId) {
          retry.push(entry);
          lastFailures.push({
            detailType: entry.DetailType ?? '',
            errorCode: result?.ErrorCode,
            errorMessage: result?.ErrorMessage,
          });
        }
      });
      if (retry.length === 0) return;
      pending = retry;
    }
    throw new PublishError(
      `PutEvents: ${pending.length} entries still failing after ${this.opts.maxAttempts} attempts`,
      lastFailures,
    );
  }
}
