/**
 * The AWS clients every Lambda builds the same way. SDK clients take their region, credentials
 * and endpoint from the environment (the local runtime points them at its stand-ins).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { STSClient } from '@aws-sdk/client-sts';
import type { PollerConfig } from '../../config/poller-config';
import { EventBridgePublisher } from '../eventbridge/eventbridge-publisher';
import { TargetClientFactory } from '../sts/target-client-factory';

/** A document client that drops undefined attributes (optional fields are simply absent). */
export function awsDocumentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** The EventBridge publisher of the given bus. */
export function awsEventPublisher(eventBusName: string): EventBridgePublisher {
  return new EventBridgePublisher({ client: new EventBridgeClient({}), eventBusName });
}

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
