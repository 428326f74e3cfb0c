/**
 * The AWS clients every Lambda builds the same way. SDK clients take their region, credentials
 * and endpoint from the environment (the local runtime points them at its stand-ins). Per-target
 * CloudHSM clients (poll and remediation only) are in target-clients.ts.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgePublisher } from '../eventbridge/eventbridge-publisher';

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
