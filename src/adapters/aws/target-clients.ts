/** Per-target CloudHSM clients through STS, for the handlers that call CloudHSM (poll, remediation). */
import { STSClient } from '@aws-sdk/client-sts';
import type { PollerConfig } from '../../config/poller-config';
import { TargetClientFactory } from '../sts/target-client-factory';

/**
 * Per-target CloudHSM clients through STS. `rateLimited` applies the configured default API rate
 * to targets without their own (the poller does; remediation sends few calls and does not).
 */
export function awsTargetClientFactory(
  config: PollerConfig,
  options: { readonly rateLimited?: boolean } = {},
): TargetClientFactory {
  return new TargetClientFactory({
    sts: new STSClient({}),
    defaultEndpoint: config.cloudHsmEndpoint,
    ...(options.rateLimited ? { defaultMaxRate: config.apiRateLimit } : {}),
  });
}
