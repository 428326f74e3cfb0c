/**
 * A local EventBridge bus: implements the EventPublisher port, matches each event against the
 * rules read from serverless.yml (with the same matcher the template tests use) and invokes the
 * target handlers with EventBridge envelopes.
 *
 * Deliveries are queued and run by `drain()`, one at a time and in order, so a scripted demo or a
 * test is deterministic; handlers that publish while being drained (remediation events, incident
 * events) are delivered in the same drain. Like EventBridge, a failed delivery is retried and
 * then dead-lettered, never lost silently.
 */
import { randomUUID } from 'node:crypto';
import type { EventBridgeEnvelope, EventPublisher, HsmwatchEvent } from '../monitor/events';
import { matchesPattern } from './event-pattern';
import type { LocalRule } from './serverless-config';

/** EventBridge refuses entries larger than this. */
export const MAX_ENTRY_BYTES = 256 * 1024;

/** Calls a function's handler with an envelope (the local runtime imports functions/*.ts). */
export type InvokeFunction = (functionName: string, envelope: EventBridgeEnvelope) => Promise<unknown>;

/** What a listener sees for each published event. */
export interface PublishedEvent {
  readonly envelope: EventBridgeEnvelope;
  /** Function names whose rules matched. */
  readonly targets: readonly string[];
}

/** A delivery that failed every attempt. */
export interface DeadLetter {
  readonly functionName: string;
  readonly envelope: EventBridgeEnvelope;
  readonly error: string;
}

export interface LocalEventBusOptions {
  readonly rules: readonly LocalRule[];
  readonly invoke: InvokeFunction;
  /** Used when an event's detail carries no accountId/region. */
  readonly account: string;
  readonly region: string;
  readonly newId?: () => string;
  /** Attempts per delivery before dead-lettering (default 3). */
  readonly maxAttempts?: number;
  /** Deliver in the background as soon as events are published (keep-running mode). */
  readonly autoDrain?: boolean;
}

/** A PutEvents entry that EventBridge would refuse. */
export class LocalPutEventsError extends Error {
  override readonly name = 'LocalPutEventsError';
}

/** The local bus. */
export class LocalEventBus implements EventPublisher {
  readonly deadLetters: DeadLetter[] = [];
  readonly published: PublishedEvent[] = [];
  private readonly queue: Array<{ functionName: string; envelope: EventBridgeEnvelope }> = [];
  private readonly listeners = new Set<(event: PublishedEvent) => void>();
  private draining: Promise<void> | undefined;
  private deliveries = 0;

  constructor(private readonly opts: LocalEventBusOptions) {}

  /** EventPublisher: wraps each event in an envelope, records it and queues its deliveries. */
  async publish(events: readonly HsmwatchEvent<unknown>[]): Promise<void> {
    // Validate the whole batch first: PutEvents either accepts an entry or reports it failed,
    // and a caller that retries failed entries must not see half a batch delivered twice.
    const envelopes = events.map((e) => this.toEnvelope(e));
    for (const envelope of envelopes) {
      const targets = this.opts.rules
        .filter((r) => matchesPattern(r.pattern, envelope))
        .map((r) => r.functionName);
      const record = { envelope, targets };
      this.published.push(record);
      for (const functionName of targets) this.queue.push({ functionName, envelope });
      for (const listener of this.listeners) listener(record);
    }
    if (this.opts.autoDrain && this.queue.length > 0) void this.drain();
  }

  /** Registers a listener for every published event; returns the unsubscribe function. */
  subscribe(listener: (event: PublishedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers everything queued, including events published by the handlers meanwhile. */
  drain(): Promise<void> {
    this.draining ??= this.run().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  /** How many handler invocations succeeded so far. */
  get deliveredCount(): number {
    return this.deliveries;
  }

  private async run(): Promise<void> {
    const maxAttempts = this.opts.maxAttempts ?? 3;
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      let lastError: unknown;
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        try {
          await this.opts.invoke(next.functionName, next.envelope);
          lastError = undefined;
          this.deliveries++;
          break;
        } catch (err) {
          lastError = err;
        }
      }
      if (lastError !== undefined) {
        this.deadLetters.push({
          functionName: next.functionName,
          envelope: next.envelope,
          error: lastError instanceof Error ? `${lastError.name}: ${lastError.message}` : String(lastError),
        });
      }
    }
  }

  private toEnvelope(event: HsmwatchEvent<unknown>): EventBridgeEnvelope {
    const detail = event.detail as { accountId?: unknown; region?: unknown } | null;
    const envelope: EventBridgeEnvelope = {
      version: '0',
      id: (this.opts.newId ?? randomUUID)(),
      'detail-type': event.detailType,
      source: event.source,
      account: typeof detail?.accountId === 'string' ? detail.accountId : this.opts.account,
      time: event.time,
      region: typeof detail?.region === 'string' ? detail.region : this.opts.region,
      resources: [...(event.resources ?? [])],
      detail: event.detail,
    };
    // Round-trip through JSON: handlers must see exactly what would cross the wire.
    const json = JSON.stringify(envelope);
    if (Buffer.byteLength(json) > MAX_ENTRY_BYTES) {
      throw new LocalPutEventsError(`event ${event.detailType} is larger than 256 KiB`);
    }
    return JSON.parse(json) as EventBridgeEnvelope;
  }
}
