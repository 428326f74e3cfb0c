/**
 * One CloudHsmClient per target (endpoint, region, credentials), each with its own ClientMetrics
 * and an AdaptiveRateLimiter shared by every client of the same account and region (the API's
 * rate limit is per account and region). Clients are cached for the life of the process (the
 * Lambda container), so warm invocations reuse keep-alive sockets and the limiter's learned rate.
 */
import type { STSClient } from '@aws-sdk/client-sts';
import {
  AdaptiveRateLimiter,
  ClientMetrics,
  CloudHsmClient,
  type AwsCredentialIdentity,
} from '../../cloudhsm/client';
import type { TargetConfig } from '../../config/poller-config';
import type { ApiStats, CloudHsmReadApi } from '../../usecases/poll/ports';
import { assumeRoleProvider } from './target-credentials';

/** A target's API and the counters the poll run records. */
export interface TargetApi {
  readonly api: CloudHsmReadApi;
  readonly stats: () => ApiStats;
  readonly client: CloudHsmClient;
}

/** Options of TargetClientFactory. */
export interface TargetClientFactoryOptions {
  readonly sts?: STSClient;
  /** Endpoint for targets that name none (e.g. the emulator). */
  readonly defaultEndpoint?: string;
  /** Rate ceiling for targets without their own maxRate. */
  readonly defaultMaxRate?: number;
  /** Static credentials (tests, local runtime); default: the SDK chain, or AssumeRole when roleArn is set. */
  readonly credentials?: AwsCredentialIdentity;
  readonly maxAttempts?: number;
}

/** Builds and caches per-target clients. */
export class TargetClientFactory {
  private readonly clients = new Map<string, TargetApi>();
  private readonly limiters = new Map<string, AdaptiveRateLimiter>();

  constructor(private readonly opts: TargetClientFactoryOptions = {}) {}

  /** The API of one target (cached). */
  forTarget(target: TargetConfig): TargetApi {
    const key = JSON.stringify([target.accountId, target.region, target.endpoint, target.roleArn]);
    const cached = this.clients.get(key);
    if (cached) return cached;
    const limiterKey = `${target.accountId}#${target.region}`;
    const maxRate = target.maxRate ?? this.opts.defaultMaxRate;
    let limiter = this.limiters.get(limiterKey);
    if (!limiter) {
      // A small client burst leaves the service's own bucket nearly full to absorb arrival jitter
      // (measured: burst = maxRate drains it and every jitter becomes a throttle).
      limiter = new AdaptiveRateLimiter(
        maxRate ? { maxRate, burst: Math.max(1, Math.min(10, maxRate)) } : {},
      );
      this.limiters.set(limiterKey, limiter);
    }
    const metrics = new ClientMetrics();
    const credentials = target.roleArn
      ? assumeRoleProvider(this.requireSts(), target.roleArn)
      : this.opts.credentials;
    const client = new CloudHsmClient({
      region: target.region,
      endpoint: target.endpoint ?? this.opts.defaultEndpoint,
      credentials,
      rateLimiter: limiter,
      hooks: metrics,
      maxAttempts: this.opts.maxAttempts,
    });
    const entry: TargetApi = {
      api: client,
      client,
      stats: () => {
        const s = metrics.snapshot();
        return { calls: s.calls, throttles: s.throttles, retries: s.retries };
      },
    };
    this.clients.set(key, entry);
    return entry;
  }

  private requireSts(): STSClient {
    if (!this.opts.sts) throw new Error('a target has roleArn but no STS client was given');
    return this.opts.sts;
  }

  /** Closes every client's sockets. */
  destroy(): void {
    for (const c of this.clients.values()) c.client.destroy();
    this.clients.clear();
  }
}
