/**
 * Client-side adaptive rate limiter: a token bucket whose fill rate follows CUBIC, as in the
 * AWS SDKs' "adaptive" retry mode. The arithmetic (beta 0.7, scale 0.4, smoothing 0.8, 0.5 s
 * measurement buckets, rate ≤ 2 × measured) is ported from @smithy/util-retry's
 * DefaultRateLimiter. We do not reuse that class directly because:
 * - it reads `Date.now()` and a static `setTimeout`, so tests cannot drive it with a simulated clock;
 * - `getSendToken()` cannot be aborted, so a caller's AbortSignal or our deadline would hang behind it;
 * - concurrent waiters all wake and race for the same tokens; we serve them first-come first-served;
 * - it has no ceiling, and the poller must pace just under a known API rate (`maxRate`);
 * - a throttle before its first 0.5 s measurement bucket closes sees a measured rate of 0 and
 *   drops straight to 0.5 req/s; we estimate the rate from the requests seen so far instead.
 */
import { raceSignal, sleep as realSleep, type SleepFn } from './sleep';

/** Tuning for AdaptiveRateLimiter; the defaults are the AWS SDK's. */
export interface AdaptiveRateLimiterOptions {
  /** Requests per second never exceeded; when set the bucket paces from the first request. */
  readonly maxRate?: number;
  /** Largest burst the bucket allows (default: the current rate, at least 1). */
  readonly burst?: number;
  readonly beta?: number;
  readonly scaleConstant?: number;
  readonly smooth?: number;
  readonly minFillRate?: number;
  /** Milliseconds clock (default Date.now); inject a simulated clock in tests. */
  readonly now?: () => number;
  readonly sleep?: SleepFn;
}

/** A token bucket shared by every caller of one or more clients; see the file comment. */
export class AdaptiveRateLimiter {
  private readonly beta: number;
  private readonly scale: number;
  private readonly smooth: number;
  private readonly minFillRate: number;
  private readonly maxRate: number;
  private readonly burst: number | undefined;
  private readonly nowMs: () => number;
  private readonly sleep: SleepFn;

  private enabled: boolean;
  private throttled = false;
  private tokens = 0;
  private fillRate: number;
  private capacity: number;
  private lastRefill: number | undefined;
  private lastMaxRate = 0;
  private lastThrottleTime: number;
  private timeWindow = 0;
  private measuredTxRate = 0;
  private requestCount = 0;
  private lastTxRateBucket: number;
  private firstRequest: number | undefined;
  private totalRequests = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(opts: AdaptiveRateLimiterOptions = {}) {
    this.beta = opts.beta ?? 0.7;
    this.scale = opts.scaleConstant ?? 0.4;
    this.smooth = opts.smooth ?? 0.8;
    this.minFillRate = opts.minFillRate ?? 0.5;
    this.maxRate = opts.maxRate ?? Infinity;
    if (!(this.maxRate > 0)) throw new RangeError('maxRate must be a positive number');
    this.burst = opts.burst;
    this.nowMs = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? realSleep;
    this.lastThrottleTime = this.now();
    this.lastTxRateBucket = Math.floor(this.now());
    this.enabled = Number.isFinite(this.maxRate);
    this.fillRate = this.enabled ? this.maxRate : this.minFillRate;
    this.capacity = this.capacityFor(this.fillRate);
    // A paced bucket starts full so the first burst is not delayed.
    this.tokens = this.enabled ? this.capacity : 0;
  }

  /** Requests per second the bucket currently allows (Infinity until the first throttle). */
  get currentRate(): number {
    return this.enabled ? this.fillRate : Infinity;
  }

  /** The client's smoothed measured send rate (requests per second). */
  get measuredRate(): number {
    return this.measuredTxRate;
  }

  /** Waits for a send token (first come, first served). Rejects if `signal` fires while waiting. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!this.enabled) return Promise.resolve();
    const turn = this.queue.then(() => this.take(signal));
    this.queue = turn.catch(() => undefined);
    return raceSignal(turn, signal);
  }

  /** Records a throttled response: the rate drops to beta × the rate we were sending at. */
  onThrottle(): void {
    this.updateMeasuredRate();
    const measured = this.estimatedRate();
    const rateToUse = this.enabled ? Math.min(measured, this.fillRate) : measured;
    this.lastMaxRate = rateToUse;
    this.calculateTimeWindow();
    this.lastThrottleTime = this.now();
    this.throttled = true;
    this.enabled = true;
    this.setRate(Math.min(precise(rateToUse * this.beta), 2 * measured));
  }

  /** Records a non-throttled response: the rate grows back along the CUBIC curve. */
  onSuccess(): void {
    this.updateMeasuredRate();
    // Before any throttle there is nothing to recover from: an unpaced bucket stays off and a
    // paced one stays at maxRate (the SDK would clamp it to 2 × a still-zero measured rate).
    if (!this.throttled) return;
    this.calculateTimeWindow();
    const t = this.now() - this.lastThrottleTime - this.timeWindow;
    const cubic = precise(this.scale * t ** 3 + this.lastMaxRate);
    this.setRate(Math.min(cubic, 2 * this.estimatedRate()));
  }

  private async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      this.refill();
      // The epsilon and the 1 ms floor stop float round-off from spinning on sub-ms waits.
      if (this.tokens >= 1 - 1e-6) {
        this.tokens = Math.max(0, this.tokens - 1);
        return;
      }
      await this.sleep(Math.max(1, Math.ceil(((1 - this.tokens) / this.fillRate) * 1000)), signal);
    }
  }

  private now(): number {
    return this.nowMs() / 1000;
  }

  private capacityFor(rate: number): number {
    const cap = Math.max(1, rate);
    return this.burst === undefined ? cap : Math.max(1, Math.min(cap, this.burst));
  }

  private setRate(rate: number): void {
    this.refill();
    this.fillRate = Math.min(this.maxRate, Math.max(rate, this.minFillRate));
    this.capacity = this.capacityFor(this.fillRate);
    this.tokens = Math.min(this.tokens, this.capacity);
  }

  private refill(): void {
    const t = this.now();
    if (this.lastRefill === undefined) {
      this.lastRefill = t;
      return;
    }
    this.tokens = Math.min(this.capacity, this.tokens + (t - this.lastRefill) * this.fillRate);
    this.lastRefill = t;
  }

  private calculateTimeWindow(): void {
    this.timeWindow = precise(((this.lastMaxRate * (1 - this.beta)) / this.scale) ** (1 / 3));
  }

  private updateMeasuredRate(): void {
    const t = this.now();
    this.firstRequest ??= t;
    this.totalRequests++;
    const bucket = Math.floor(t * 2) / 2;
    this.requestCount++;
    if (bucket > this.lastTxRateBucket) {
      const rate = this.requestCount / (bucket - this.lastTxRateBucket);
      this.measuredTxRate = precise(rate * this.smooth + this.measuredTxRate * (1 - this.smooth));
      this.requestCount = 0;
      this.lastTxRateBucket = bucket;
    }
  }

  /** The measured rate, or before the first 0.5 s bucket closes, requests seen / time elapsed. */
  private estimatedRate(): number {
    if (this.measuredTxRate > 0) return this.measuredTxRate;
    const elapsed = Math.max(0.5, this.now() - (this.firstRequest ?? this.now()));
    return precise(this.totalRequests / elapsed);
  }
}

function precise(n: number): number {
  return parseFloat(n.toFixed(8));
}
