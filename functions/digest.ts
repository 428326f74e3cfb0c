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
import { loadAlertingConfig } from '../src/config/alerting-config';
import { slackWebhookMiddleware } from '../src/adapters/secrets/slack-webhook-secret';
import { buildAwsNotify, type AwsNotify } from '../src/adapters/aws/notify-wiring';
import { sendDailyDigest, sweepReminders } from '../src/usecases/notify';

const logger = new Logger({ serviceName: 'hsmwatch' });
const metrics = new Metrics({ namespace: 'hsmwatch', serviceName: 'hsmwatch' });
const config = loadAlertingConfig(process.env);
const slackUrl = slackWebhookMiddleware(config.slack);
let wiring: AwsNotify | undefined;

/** Builds the dependencies once per container. */
function build(): AwsNotify {
  wiring ??= buildAwsNotify(config, {
    functionName: 'digest',
    ...(slackUrl ? { slackWebhookUrl: () => slackUrl.current() } : {}),
    publishIncidentEvents: false,
    onMetric: (name, value) => metrics.addMetric(name, MetricUnit.Count, value),
  });
  return wiring;
}

/** Scheduled handler; throws when a sink failed (Lambda retries, then the DLQ). */
const base = middy(async () => {
  const { deps, sinks } = build();
  const swept = await sweepReminders(deps);
  const digest = await sendDailyDigest({
    ...deps,
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
