/** notify: hsmwatch events (EventBridge rule) → incidents → Slack/SNS notifications, exactly once. */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgePublisher } from '../src/adapters/eventbridge/eventbridge-publisher';
import { loadAlertingConfig } from '../src/config/alerting-config';
import { DynamoIncidentStore, DynamoNotificationLedger } from '../src/adapters/dynamo/incident-store';
import { DynamoSilenceStore } from '../src/adapters/dynamo/silence-store';
import { ResourceStore } from '../src/adapters/dynamo/resource-store';
import { SnsNotifier } from '../src/adapters/sns/sns-notifier';
import { SlackNotifier } from '../src/adapters/slack/slack-notifier';
import { slackWebhookMiddleware } from '../src/adapters/secrets/slack-webhook-secret';
import type { Notifier } from '../src/monitor/incidents/ports';
import {
  IncidentEventNotifier,
  handleAlertEvent,
  parseAlertEnvelope,
  type NotifyDeps,
} from '../src/usecases/notify';

const logger = new Logger({ serviceName: 'hsmwatch' });
const metrics = new Metrics({ namespace: 'hsmwatch', serviceName: 'hsmwatch' });
const config = loadAlertingConfig(process.env);
const slackUrl = slackWebhookMiddleware(config.slack);
let deps: NotifyDeps | undefined;

/** Builds the dependencies once per container. */
function build(): NotifyDeps {
  if (deps) return deps;
  if (!config.tableName) throw new Error('HSMWATCH_TABLE_NAME is required for notify');
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const notifiers: Notifier[] = [];
  if (config.snsTopicArn)
    notifiers.push(
      new SnsNotifier(new SNSClient({}), { topicArn: config.snsTopicArn, readmeUrl: config.readmeUrl }),
    );
  if (slackUrl)
    notifiers.push(new SlackNotifier({ webhookUrl: () => slackUrl.current(), readmeUrl: config.readmeUrl }));
  if (config.incidentEventBus) {
    const bus = { client: new EventBridgeClient({}), eventBusName: config.incidentEventBus };
    notifiers.push(new IncidentEventNotifier(new EventBridgePublisher(bus)));
  }
  deps = {
    incidents: new DynamoIncidentStore(doc, config.tableName),
    ledger: new DynamoNotificationLedger(doc, config.tableName),
    silences: new DynamoSilenceStore(doc, config.tableName),
    records: new ResourceStore({ doc, tableName: config.tableName }),
    notifiers,
    policy: config.policy,
    now: () => new Date(),
    leaseSeconds: config.leaseSeconds,
    onMetric: (name, value) => metrics.addMetric(name, MetricUnit.Count, value),
  };
  return deps;
}

/** EventBridge target. Throws after recording metrics when delivery failed: retries, then the DLQ. */
const base = middy(async (event: unknown) => {
  const facts = parseAlertEnvelope(event);
  const out = await handleAlertEvent(build(), facts);
  metrics.addMetric('OpenCriticalIncidents', MetricUnit.Count, out.openCritical);
  logger.info('event handled', {
    detailType: facts.detailType,
    eventId: facts.eventId,
    decided: out.decided.map((n) => n.id),
    delivered: out.delivered.length,
  });
  return { decided: out.decided.length, delivered: out.delivered.length };
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
export const handler = slackUrl ? base.use(slackUrl) : base;
