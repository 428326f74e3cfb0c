/** The typed CloudHSM Classic client. */
export { CloudHsmClient } from './client';
export { defaultEndpoint, type CloudHsmClientConfig } from './config';
export type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from './credentials';
export * from './errors';
export {
  ClientMetrics,
  combineHooks,
  type ClientHooks,
  type ClientMetricsSnapshot,
  type LatencySummary,
} from './hooks';
export type { PaginatedOperation, PaginateOptions } from './paginate';
export { AdaptiveRateLimiter, type AdaptiveRateLimiterOptions } from './rate-limiter';
export type { RetryStrategyOptions } from './retry-policy';
export type { CallOptions } from './send';
export type { SleepFn } from './sleep';
export type { Transport, WireRequest, WireResponse } from './transport';
