/**
 * digest (scheduled, hourly): reminds about open incidents no poll re-evaluates (poll-failing
 * during an outage), and once a day after HSMWATCH_DIGEST_HOUR_UTC sends the digest of open
 * incidents of HSMWATCH_DIGEST_SEVERITIES.
 */
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
import { DynamoSilenceStore } from '../src/adapters/dynamo/silence-store';
import { ResourceStore } from '../src/adapters/dynamo/resource-store';
import { SnsNotifier } from '../src/adapters/sns/sns-notifier';
import { SlackNotifier } from '../src/adapters/slack/slack-notifier';
import { slackWebhookMiddleware } from '../src/adapters/secrets/slack-webhook-secret';
import { sendDailyDigest, sweepReminders, type NotifyDeps } from '../src/usecases/notify';

const logger = new Logger({ serviceName: 'hsmwatch' });
const metrics = new Metrics({ namespace: 'hsmwatch', serviceName: 'hsmwatch' });
const config = loadAlertingConfig(process.env);
const slackUrl = slackWebhookMiddleware(config.slack);
let deps: { notify: NotifyDeps; sinks: (SnsNotifier | SlackNotifier)[] } | undefined;

/** Builds the dependencies once per container. */
function build(): NonNullable<typeof deps> {
  if (deps) return deps;
  if (!config.tableName) throw new Error('HSMWATCH_TABLE_NAME is required for digest');
  const { tableName, readmeUrl, snsTopicArn: topicArn } = config;
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const sinks: (SnsNotifier | SlackNotifier)[] = [];
  if (topicArn) sinks.push(new SnsNotifier(new SNSClient({}), { topicArn, readmeUrl }));
  if (slackUrl) sinks.push(new SlackNotifier({ webhookUrl: () => slackUrl.current(), readmeUrl }));
  const notify: NotifyDeps = {
    incidents: new DynamoIncidentStore(doc, tableName),
    ledger: new DynamoNotificationLedger(doc, tableName),
    silences: new DynamoSilenceStore(doc, tableName),
    records: new ResourceStore({ doc, tableName }),
    notifiers: sinks,
    policy: config.policy,
    now: () => new Date(),
    leaseSeconds: config.leaseSeconds,
    onMetric: (name, value) => metrics.addMetric(name, MetricUnit.Count, value),
  };
  deps = { notify, sinks };
  return deps;
}

/** Scheduled handler; throws when a sink failed (Lambda retries, then the DLQ). */
const base = middy(async () => {
  const { notify, sinks } = build();
  const swept = await sweepReminders(notify);
  const digest = await sendDailyDigest({
    ...notify,
    notifiers: sinks,
    severities: config.policy.digestSeverities,
    hourUtc: config.digestHourUtc,
  });
  metrics.addMetric('DigestsSent', MetricUnit.Count, digest.sent ? 1 : 0);
  logger.info('alerting schedule', {
    reminders: swept.decided.length,
    digest: digest.sent ? digest.digest.items.length : digest.reason,
  });
  return { reminders: swept.decided.length, digestSent: digest.sent };
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
export const handler = slackUrl ? base.use(slackUrl) : base;
