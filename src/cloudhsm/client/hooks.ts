/**
 * Observability hooks and a ready-made metrics collector. Hook payloads never contain
 * credentials, signatures or request bodies.
 */

/** Callbacks the client invokes; exceptions thrown by a hook are swallowed. */
export interface ClientHooks {
  /** Before each attempt is sent (attempt counts from 1). */
  onAttempt?(e: { operation: string; attempt: number }): void;
  /** When an HTTP response arrived (any status). */
  onResponse?(e: {
    operation: string;
    attempt: number;
    statusCode: number;
    latencyMs: number;
    errorCode?: string;
  }): void;
  /** When a failed attempt will be retried after `delayMs`. */
  onRetry?(e: { operation: string; attempt: number; delayMs: number; errorCode: string }): void;
  /** When the service throttled an attempt. */
  onThrottle?(e: { operation: string }): void;
  /** When an operation finished, successfully or not, after all attempts. */
  onComplete?(e: {
    operation: string;
    attempts: number;
    ok: boolean;
    errorName?: string;
    totalMs: number;
  }): void;
}

/** Latency summary in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** A point-in-time copy of ClientMetrics' counters. */
export interface ClientMetricsSnapshot {
  /** Operations that succeeded. */
  readonly calls: number;
  readonly attempts: number;
  readonly retries: number;
  readonly throttles: number;
  /** Operations that failed after all attempts. */
  readonly errors: number;
  /** Per-attempt latency of attempts that got an HTTP response. */
  readonly latencyMs: LatencySummary;
  readonly errorsByName: Readonly<Record<string, number>>;
}

const MAX_SAMPLES = 4096;

/** Counts attempts, retries, throttles and latency; pass it as `hooks` (or call it from yours). */
export class ClientMetrics implements ClientHooks {
  private calls = 0;
  private attempts = 0;
  private retries = 0;
  private throttles = 0;
  private errors = 0;
  private readonly errorsByName: Record<string, number> = {};
  private samples: number[] = [];
  private next = 0;

  onAttempt(): void {
    this.attempts++;
  }
  onResponse(e: { latencyMs: number }): void {
    // A bounded ring keeps memory flat in long-running pollers; percentiles are over the last 4096.
    if (this.samples.length < MAX_SAMPLES) this.samples.push(e.latencyMs);
    else this.samples[this.next++ % MAX_SAMPLES] = e.latencyMs;
  }
  onRetry(): void {
    this.retries++;
  }
  onThrottle(): void {
    this.throttles++;
  }
  onComplete(e: { ok: boolean; errorName?: string }): void {
    if (e.ok) this.calls++;
    else {
      this.errors++;
      const name = e.errorName ?? 'Error';
      this.errorsByName[name] = (this.errorsByName[name] ?? 0) + 1;
    }
  }

  /** Returns a copy of the counters and latency percentiles. */
  snapshot(): ClientMetricsSnapshot {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const pct = (p: number): number =>
      sorted.length === 0
        ? 0
        : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
    return {
      calls: this.calls,
      attempts: this.attempts,
      retries: this.retries,
      throttles: this.throttles,
      errors: this.errors,
      latencyMs: { count: sorted.length, p50: pct(50), p90: pct(90), p99: pct(99), max: sorted.at(-1) ?? 0 },
      errorsByName: { ...this.errorsByName },
    };
  }
}

/** Calls a hook, ignoring anything it throws: observability must never fail a request. */
export function emit<K extends keyof ClientHooks>(
  hooks: ClientHooks | undefined,
  name: K,
  event: Parameters<NonNullable<ClientHooks[K]>>[0],
): void {
  const fn = hooks?.[name] as ((e: unknown) => void) | undefined;
  if (!fn) return;
  try {
    fn.call(hooks, event);
  } catch {
    // deliberately ignored
  }
}

/** Fans every hook out to several receivers (e.g. ClientMetrics plus your own logging). */
export function combineHooks(...receivers: ReadonlyArray<ClientHooks | undefined>): ClientHooks {
  const list = receivers.filter((r): r is ClientHooks => r !== undefined);
  const fan =
    <K extends keyof ClientHooks>(name: K) =>
    (e: Parameters<NonNullable<ClientHooks[K]>>[0]): void => {
      for (const r of list) emit(r, name, e);
    };
  return {
    onAttempt: fan('onAttempt'),
    onResponse: fan('onResponse'),
    onRetry: fan('onRetry'),
    onThrottle: fan('onThrottle'),
    onComplete: fan('onComplete'),
  };
}
