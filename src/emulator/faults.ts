import { ApiError, defaultStatus } from './errors';

/** One injected error rule. */
export interface ErrorFault {
  /** Only this action (e.g. `DescribeHsm`); every action when absent. */
  action?: string;
  errorType: string;
  status?: number;
  /** Chance per matching request (0..1); 1 when neither this nor `count` is set. */
  probability?: number;
  /** Fire on the next `count` matching requests, then stop. */
  count?: number;
  message?: string;
}

/** Faults applied to the CloudHSM API (never to /_emulator/ calls). */
export interface FaultConfig {
  latencyMs?: number;
  jitterMs?: number;
  rateLimit?: { requestsPerSecond: number; burst: number };
  errors?: ErrorFault[];
  /** Seeds the random source of `probability` and `jitterMs`, so a fault run is reproducible. */
  seed?: number;
}

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Checks a fault config; returns an error message naming the bad field, or undefined. */
export function checkFaultConfig(f: unknown): string | undefined {
  if (f === null || typeof f !== 'object' || Array.isArray(f)) return 'body must be a JSON object';
  const c = f as Record<string, unknown>;
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  for (const k of ['latencyMs', 'jitterMs'])
    if (c[k] !== undefined && !num(c[k])) return `${k} must be a number >= 0`;
  if (c.seed !== undefined && !Number.isInteger(c.seed)) return 'seed must be an integer';
  if (c.rateLimit !== undefined) {
    const r = c.rateLimit as Record<string, unknown>;
    if (!r || typeof r !== 'object') return 'rateLimit must be an object';
    if (!num(r.requestsPerSecond) || (r.requestsPerSecond as number) <= 0)
      return 'rateLimit.requestsPerSecond must be a number > 0';
    if (!num(r.burst) || (r.burst as number) < 1) return 'rateLimit.burst must be a number >= 1';
  }
  if (c.errors !== undefined) {
    if (!Array.isArray(c.errors)) return 'errors must be a list';
    for (const [i, e] of (c.errors as Record<string, unknown>[]).entries()) {
      if (!e || typeof e !== 'object') return `errors[${i}] must be an object`;
      if (typeof e.errorType !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(e.errorType))
        return `errors[${i}].errorType must be an error name`;
      if (e.action !== undefined && typeof e.action !== 'string')
        return `errors[${i}].action must be a string`;
      if (
        e.status !== undefined &&
        !(Number.isInteger(e.status) && (e.status as number) >= 400 && (e.status as number) <= 599)
      )
        return `errors[${i}].status must be an integer 400..599`;
      if (e.probability !== undefined && !(num(e.probability) && (e.probability as number) <= 1))
        return `errors[${i}].probability must be 0..1`;
      if (e.count !== undefined && !(Number.isInteger(e.count) && (e.count as number) >= 1))
        return `errors[${i}].count must be an integer >= 1`;
      if (e.message !== undefined && typeof e.message !== 'string')
        return `errors[${i}].message must be a string`;
    }
  }
  return undefined;
}

/**
 * Fault state: latency, a token bucket on wall-clock time (rate limits stay real even under a
 * simulated clock), and error rules. Faults are decided before any action runs, so an injected
 * error or throttle never changes state.
 */
export class Faults {
  private config: FaultConfig = {};
  private tokens = 0;
  private last = 0;

  private random: () => number;

  constructor(
    private readonly monotonicMs: () => number = () => performance.now(),
    private readonly defaultRandom: () => number = Math.random,
  ) {
    this.random = defaultRandom;
  }

  /** Replaces the fault configuration (already checked). */
  set(config: FaultConfig): void {
    this.config = structuredClone(config);
    this.random = config.seed === undefined ? this.defaultRandom : seededRandom(config.seed);
    this.tokens = config.rateLimit?.burst ?? 0;
    this.last = this.monotonicMs();
  }

  /** Clears every fault. */
  clear(): void {
    this.config = {};
  }

  /** The current configuration (remaining counts included). */
  current(): FaultConfig {
    return structuredClone(this.config);
  }

  /** True when any fault is configured (lets the hot path skip everything else). */
  active(): boolean {
    const c = this.config;
    return !!(c.latencyMs || c.jitterMs || c.rateLimit || (c.errors && c.errors.length));
  }

  /** Delay to apply before answering, in ms. */
  delayMs(): number {
    const { latencyMs = 0, jitterMs = 0 } = this.config;
    return latencyMs + (jitterMs ? this.random() * jitterMs : 0);
  }

  /** The error to answer with instead of running `action`, if any. */
  decide(action: string): ApiError | undefined {
    const rl = this.config.rateLimit;
    if (rl) {
      const now = this.monotonicMs();
      this.tokens = Math.min(rl.burst, this.tokens + ((now - this.last) / 1000) * rl.requestsPerSecond);
      this.last = now;
      if (this.tokens < 1)
        return new ApiError('ThrottlingException', 'Rate exceeded', { status: 400, retryable: true });
      this.tokens -= 1;
    }
    for (const e of this.config.errors ?? []) {
      if (e.action !== undefined && e.action !== action) continue;
      if (e.count !== undefined) {
        if (e.count <= 0) continue;
        if (e.probability !== undefined && this.random() >= e.probability) continue;
        e.count -= 1;
      } else if (this.random() >= (e.probability ?? 1)) continue;
      const status = e.status ?? defaultStatus(e.errorType);
      return new ApiError(e.errorType, e.message ?? `Injected fault: ${e.errorType}`, { status });
    }
    return undefined;
  }
}
