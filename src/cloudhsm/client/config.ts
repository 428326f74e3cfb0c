/** Client configuration and its defaults. */
import type { AdaptiveRateLimiter } from './rate-limiter';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from './credentials';
import type { ClientHooks } from './hooks';
import type { RetryStrategyOptions } from './retry-policy';
import type { SleepFn } from './sleep';
import type { Transport } from './transport';

/** Configuration of CloudHsmClient. Only `region` is required. */
export interface CloudHsmClientConfig {
  readonly region: string;
  /** Default `https://cloudhsm.<region>.amazonaws.com`; e.g. the emulator's URL. */
  readonly endpoint?: string;
  /** Default: the node provider chain (env, profile, container or Lambda role). */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per operation including the first (default 5). */
  readonly maxAttempts?: number;
  /** Timeout of one attempt, signing to last byte (default 5000 ms). */
  readonly attemptTimeoutMs?: number;
  /** Overall deadline of one operation including retries and waits (default 60000 ms). */
  readonly deadlineMs?: number;
  /** Shared token bucket; default: a fresh adaptive limiter per client. */
  readonly rateLimiter?: AdaptiveRateLimiter;
  /** Backoff tuning. */
  readonly retryStrategy?: RetryStrategyOptions;
  /** Shorthand for retryStrategy.baseDelayMs. */
  readonly baseDelayMs?: number;
  /** Shorthand for retryStrategy.maxDelayMs. */
  readonly maxDelayMs?: number;
  readonly hooks?: ClientHooks;
  /** Source of jitter in [0, 1) (default Math.random). */
  readonly random?: () => number;
  /** Milliseconds clock used for signing dates and latency (default Date.now). */
  readonly now?: () => number;
  /** Backoff sleep (default real timers); tests inject a simulated one. */
  readonly sleep?: SleepFn;
  /** Keep-alive sockets per host (default 50). */
  readonly maxSockets?: number;
  /**
   * Retry non-idempotent writes (DeleteHsm, ModifyHapg …) after an ambiguous failure (attempt
   * timeout, connection reset) too. Default false: see idempotency.ts.
   */
  readonly retryAmbiguousWrites?: boolean;
  /** Replaces the HTTP transport (tests, custom proxies). */
  readonly transport?: Transport;
}

/** The endpoint used when none is configured. */
export function defaultEndpoint(region: string): string {
  return `https://cloudhsm.${region}.amazonaws.com`;
}

/** Checks the configuration; throws a RangeError naming the bad field. */
export function checkConfig(config: CloudHsmClientConfig): void {
  if (typeof config.region !== 'string' || !/^[a-z0-9-]{1,32}$/.test(config.region)) {
    throw new RangeError(
      `config.region must be an AWS region name such as us-east-1, got ${JSON.stringify(config.region)}`,
    );
  }
  if (config.endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(config.endpoint);
    } catch {
      throw new RangeError(`config.endpoint is not a URL: ${config.endpoint}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new RangeError(`config.endpoint must be http(s), got ${url.protocol}`);
    }
  }
  const positive = ['maxAttempts', 'attemptTimeoutMs', 'deadlineMs'] as const;
  for (const key of positive) {
    const v = config[key];
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) {
      throw new RangeError(`config.${key} must be a positive number, got ${String(v)}`);
    }
  }
}
