/** digest: once a day, one message summarising open incidents of HSMWATCH_DIGEST_SEVERITIES. */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { loadAlertingConfig } from '../src/config/alerting-config';
import { DynamoIncidentStore, DynamoNotificationLedger } from '../src/adapters/dynamo/incident-store';
import { SnsNotifier } from '../src/adapters/sns/sns-notifier';
import { SlackNotifier } from '../src/adapters/slack/slack-notifier';
import { slackWebhookMiddleware } from '../src/adapters/secrets/slack-webhook-secret';
import type { DigestNotifier } from '../src/monitor/incidents/digest';
import { sendDailyDigest, type DigestDeps } from '../src/usecases/notify/send-digest';

const logger = new Logger({ serviceName: 'hsmwatch' });
const metrics = new Metrics({ namespace: 'hsmwatch', serviceName: 'hsmwatch' });
const config = loadAlertingConfig(process.env);
const slackUrl = slackWebhookMiddleware(config.slack);
let deps: DigestDeps | undefined;

/** Builds the dependencies once per container. */
function build(): DigestDeps {
  if (deps) return deps;
  if (!config.tableName) throw new Error('HSMWATCH_TABLE_NAME is required for digest');
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const notifiers: DigestNotifier[] = [];
  const { snsTopicArn: topicArn, readmeUrl } = config;
  if (topicArn) notifiers.push(new SnsNotifier(new SNSClient({}), { topicArn, readmeUrl }));
  if (slackUrl) notifiers.push(new SlackNotifier({ webhookUrl: () => slackUrl.current(), readmeUrl }));
  const { tableName, leaseSeconds } = config;
  deps = {
    incidents: new DynamoIncidentStore(doc, tableName),
    ledger: new DynamoNotificationLedger(doc, tableName),
    notifiers,
    severities: config.policy.digestSeverities,
    now: () => new Date(),
    leaseSeconds,
  };
  return deps;
}

/** Scheduled handler; throws when a sink failed (retried by Lambda, then the DLQ). */
const base = middy(async () => {
  const out = await sendDailyDigest(build());
  metrics.addMetric('DigestsSent', MetricUnit.Count, out.sent ? 1 : 0);
  logger.info('digest', out.sent ? { items: out.digest.items.length } : { skipped: out.reason });
  return out.sent ? { sent: true, items: out.digest.items.length } : { sent: false, reason: out.reason };
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
export const handler = slackUrl ? base.use(slackUrl) : base;
