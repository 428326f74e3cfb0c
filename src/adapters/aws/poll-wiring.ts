/** The poll handler's composition in AWS: config, DynamoDB, EventBridge and per-target clients. */
import { parsePollerConfig } from '../../config/poller-config';
import { PollRunner } from '../../usecases/poll/poll-runner';
import { ResourceStore } from '../dynamo/resource-store';
import { awsDocumentClient, awsEventPublisher } from './aws-clients';
import { awsTargetClientFactory } from './target-clients';

/** Builds the poll runner from the environment and real AWS clients. */
export function buildAwsPollRunner(env: Readonly<Record<string, string | undefined>>): PollRunner {
  const config = parsePollerConfig(env);
  const factory = awsTargetClientFactory(config, { rateLimited: true });
  return new PollRunner(config, {
    store: new ResourceStore({
      doc: awsDocumentClient(),
      tableName: config.tableName,
      historyTtlDays: config.historyTtlDays,
    }),
    publisher: awsEventPublisher(config.eventBusName),
    apiFor: (t) => factory.forTarget(t),
  });
}
